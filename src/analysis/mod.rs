//! The analysis stage: one polars frame of all activity and reconciliation outcomes, built
//! once per run, and the few shared queries the pattern (P) and suspicious-entry (S) rules
//! compose (DESIGN.md §1).

pub mod frame;
pub mod profiles;
pub mod settings;
pub mod stats;

pub use frame::col;
pub use settings::Settings;

use crate::ledger::Ledger;
use crate::reconcile::Reconciliation;
use polars::prelude::*;
use std::collections::BTreeMap;

/// The run's activity frame and the analysis settings.
pub struct Analysis {
    pub frame: DataFrame,
    pub settings: Settings,
    /// `profiles::outgoing_profiles` of the frame, computed once for the S rules that share it.
    profiles: std::sync::OnceLock<Option<DataFrame>>,
}

/// Name of the column `clustered` adds.
pub const CLUSTER: &str = "cluster";

impl Analysis {
    pub fn new(ledger: &Ledger, recon: &Reconciliation, settings: Settings) -> PolarsResult<Analysis> {
        Ok(Analysis { frame: frame::build(ledger, recon)?, settings, profiles: Default::default() })
    }

    /// An analysis of nothing (rule tests that do not need the frame).
    pub fn empty() -> Analysis {
        Analysis { frame: DataFrame::empty(), settings: Settings::default(), profiles: Default::default() }
    }

    pub fn lazy(&self) -> LazyFrame {
        self.frame.clone().lazy()
    }

    /// The rows that speak for a top-up attempt, with a time to the minute.
    pub fn attempts(&self) -> LazyFrame {
        self.lazy().filter(col(col::TOP_UP).is_not_null().and(col(col::PRECISE)))
    }

    /// Failed attempts, optionally only those of the given causes.
    pub fn failures(&self, causes: &[&str]) -> LazyFrame {
        let failed = col(col::STATUS).eq(lit("failed"));
        let wanted = causes.iter().fold(lit(causes.is_empty()), |acc, c| acc.or(col(col::CAUSE).eq(lit(*c))));
        self.attempts().filter(failed.and(wanted.fill_null(lit(false))))
    }

    /// Each account's outgoing activity with its profile columns (see `profiles`).
    pub fn profiles(&self) -> PolarsResult<LazyFrame> {
        let cached =
            self.profiles.get_or_init(|| profiles::outgoing_profiles(self.lazy()).and_then(|p| p.collect()).ok());
        cached
            .clone()
            .map(DataFrame::lazy)
            .ok_or_else(|| polars_err!(ComputeError: "the outgoing profiles could not be built"))
    }

    /// Each account's outgoing activity (see `frame::is_outgoing`).
    pub fn outgoing(&self) -> LazyFrame {
        self.lazy().filter(col(col::OUTGOING))
    }
}

/// Causes the user's own card or bank or identity explain; patterns of the wallet or the
/// network leave them out.
pub const USER_CAUSES: &[&str] = &[
    "insufficient-funds",
    "bank-limit",
    "card-locked",
    "card-expired",
    "card-binding",
    "identity-verification",
    "risk-declined",
];

/// Causes on the wallet's or network's side.
pub const SYSTEM_CAUSES: &[&str] = &["network", "wallet-system"];

/// Sorts by `by` and time, and numbers runs of rows of one group whose consecutive times are at
/// most `gap` seconds apart (the `cluster` column, unique over the frame).
pub fn clustered(lf: LazyFrame, by: &[&str], gap: i64) -> PolarsResult<LazyFrame> {
    let mut order: Vec<PlSmallStr> = by.iter().map(|c| PlSmallStr::from(*c)).collect();
    order.push(col::AT.into());
    order.push(col::ROW.into());
    let keys: Vec<Expr> = by.iter().map(|c| col(*c)).collect();
    let previous = if keys.is_empty() { col(col::AT).shift(lit(1)) } else { col(col::AT).shift(lit(1)).over(keys)? };
    let starts = previous.clone().is_null().or((col(col::AT) - previous).gt(lit(gap)));
    Ok(lf
        .sort(order, SortMultipleOptions::default())
        .with_column(starts.cast(DataType::UInt32).cum_sum(false).alias(CLUSTER)))
}

/// A column of row indices (`u32`) as ledger indices.
pub fn indices(df: &DataFrame, name: &str) -> Vec<usize> {
    let Ok(column) = df.column(name).and_then(|c| c.u32().cloned()) else { return Vec::new() };
    column.iter().flatten().map(|v| v as usize).collect()
}

/// Ledger rows grouped by the `u32` column `key` (a cluster, a top-up…), groups in first-row order.
pub fn grouped(df: &DataFrame, key: &str) -> Vec<Vec<usize>> {
    let (keys, rows) = (indices(df, key), indices(df, col::ROW));
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, r) in keys.into_iter().zip(rows) {
        groups.entry(k).or_default().push(r);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort_by_key(|g| g.first().copied());
    out
}

/// A string column's values (`None` for nulls).
pub fn strings(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    let Ok(column) = df.column(name).and_then(|c| c.str().cloned()) else { return Vec::new() };
    column.iter().map(|v| v.map(str::to_string)).collect()
}

/// A `u32` column's values as counts (`0` for nulls).
pub fn counts(df: &DataFrame, name: &str) -> Vec<u64> {
    let Ok(column) = df.column(name).and_then(|c| c.cast(&DataType::UInt64)) else { return Vec::new() };
    let Ok(values) = column.u64().cloned() else { return Vec::new() };
    values.iter().map(|v| v.unwrap_or(0)).collect()
}

/// A float column's values (`NaN` for nulls).
pub fn floats(df: &DataFrame, name: &str) -> Vec<f64> {
    let Ok(column) = df.column(name).and_then(|c| c.cast(&DataType::Float64)) else { return Vec::new() };
    let Ok(values) = column.f64().cloned() else { return Vec::new() };
    values.iter().map(|v| v.unwrap_or(f64::NAN)).collect()
}

/// Sorts attempts by `by` and time and numbers the runs between successes of each group:
/// `run` counts the group's successes so far (a success starts a new run), and `healed` marks
/// the attempt whose next attempt in the group succeeded on the same local day.
pub fn success_runs(lf: LazyFrame, by: &[&str]) -> PolarsResult<LazyFrame> {
    let keys = || by.iter().map(|c| col(*c)).collect::<Vec<_>>();
    let mut order: Vec<PlSmallStr> = by.iter().map(|c| PlSmallStr::from(*c)).collect();
    order.extend([col::AT.into(), col::ROW.into()]);
    let success = || col(col::STATUS).eq(lit("success"));
    let next_success = success().shift(lit(-1)).over(keys())?.fill_null(lit(false));
    let next_same_day = col(col::DAY).shift(lit(-1)).over(keys())?.eq(col(col::DAY)).fill_null(lit(false));
    Ok(lf.sort(order, SortMultipleOptions::default()).with_columns([
        success().cast(DataType::UInt32).cum_sum(false).over(keys())?.alias("run"),
        next_success.and(next_same_day).alias("healed"),
    ]))
}

/// `clustered`, plus per-cluster figures on every row: `size` (rows), `span` (seconds from
/// first to last), `cards` (distinct funding methods) and `counterparties`.
pub fn bursts(lf: LazyFrame, by: &[&str], gap: i64) -> PolarsResult<LazyFrame> {
    let cluster = || [col(CLUSTER)];
    Ok(clustered(lf, by, gap)?.with_columns([
        len().over(cluster())?.alias("size"),
        (col(col::AT).max() - col(col::AT).min()).over(cluster())?.alias("span"),
        // An unknown card or counterparty is not one more of them.
        col(col::CARD).drop_nulls().n_unique().over(cluster())?.alias("cards"),
        col(col::COUNTERPARTY).drop_nulls().n_unique().over(cluster())?.alias("counterparties"),
    ]))
}

/// Attempts and failures per value of the string column `by` (nulls left out), as
/// `(value, attempts, failures)` in value order; `failed` marks the failures counted.
pub fn rates(lf: LazyFrame, by: &str, failed: Expr) -> PolarsResult<Vec<(String, u64, u64)>> {
    let table = lf
        .filter(col(by).is_not_null())
        .group_by([col(by)])
        .agg([len().alias("n"), failed.fill_null(lit(false)).cast(DataType::UInt32).sum().alias("k")])
        .sort([by], SortMultipleOptions::default())
        .collect()?;
    let values = strings(&table, by).into_iter().map(Option::unwrap_or_default);
    Ok(values.zip(counts(&table, "n")).zip(counts(&table, "k")).map(|((v, n), k)| (v, n, k)).collect())
}

/// What the inputs hold for the rules that need optional columns or enough history.
#[derive(Debug, Default, Clone, Copy)]
pub struct Availability {
    /// Top-up attempts with a time of day.
    pub timed_attempts: u64,
    pub app_versions: u64,
    pub networks: u64,
    pub devices_or_locations: u64,
    /// The most outgoing rows any one account has.
    pub max_outgoing: u64,
}

impl Analysis {
    pub fn availability(&self) -> Availability {
        self.try_availability().unwrap_or_default()
    }

    fn try_availability(&self) -> PolarsResult<Availability> {
        let present = |c: &str| col(c).is_not_null().cast(DataType::UInt32).sum().alias(c);
        let device_or_location = col(col::DEVICE).is_not_null().or(col(col::LOCATION).is_not_null());
        let a = self
            .attempts()
            .select([
                len().alias("n"),
                present(col::APP_VERSION),
                present(col::NETWORK),
                device_or_location.cast(DataType::UInt32).sum().alias("dl"),
            ])
            .collect()?;
        let first = |name: &str| counts(&a, name).first().copied().unwrap_or(0);
        let per_account = self.outgoing().group_by([col(col::ACCOUNT)]).agg([len().alias("n")]).collect()?;
        Ok(Availability {
            timed_attempts: first("n"),
            app_versions: first(col::APP_VERSION),
            networks: first(col::NETWORK),
            devices_or_locations: first("dl"),
            max_outgoing: counts(&per_account, "n").into_iter().max().unwrap_or(0),
        })
    }
}

#[cfg(test)]
mod tests;
