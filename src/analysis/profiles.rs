//! Per-account profiles for the suspicious-entry (S) rules, one per account and currency:
//! each account's outgoing activity with what came before each row (how much history, which
//! counterparties, the largest earlier payment to the same counterparty) and robust amount
//! statistics (median, MAD, 99th percentile).

use super::col;
use polars::prelude::*;

/// An account is judged only with this many outgoing rows in all …
pub const MIN_ROWS: u32 = 30;
/// … and a row only with this many of the account's outgoing rows before it …
pub const MIN_EARLIER: u32 = 20;
/// … spanning at least this long (seconds).
pub const MIN_HISTORY: i64 = 7 * 86_400;

/// Columns added: `earlier` (outgoing rows of the account before this one), `history`
/// (seconds since the account's first outgoing row), `total`, `judged` (enough history, see
/// the constants), `new_counterparty` (the counterparty appears in no earlier row of the
/// account, in any direction), `prior_max` (largest earlier outgoing amount to the same
/// counterparty), `account_prior_max` (largest earlier outgoing amount of the account), `median`, `mad`, `q99` (of the account's outgoing amounts).
pub fn outgoing_profiles(frame: LazyFrame) -> PolarsResult<LazyFrame> {
    // An account's profile is of one currency: a Wise or PayPal account holds several, and a
    // median of euros and yen is no typical amount.
    let account = || [col(col::ACCOUNT), col(col::CURRENCY)];
    let pair = || [col(col::ACCOUNT), col(col::COUNTERPARTY)];
    let pair_in_currency = || [col(col::ACCOUNT), col(col::CURRENCY), col(col::COUNTERPARTY)];
    let order = [col::ACCOUNT, col::AT, col::ROW];
    let seen = frame
        .sort(order, SortMultipleOptions::default())
        .with_column(col(col::ROW).cum_count(false).over(pair())?.alias("pair_rank"))
        .with_column(col(col::COUNTERPARTY).is_not_null().and(col("pair_rank").eq(lit(1u32))).alias("new_counterparty"))
        .filter(col(col::OUTGOING));
    let median = col(col::AMOUNT).median().over(account())?;
    Ok(seen
        .with_columns([
            (col(col::ROW).cum_count(false).over(account())? - lit(1u32)).alias("earlier"),
            (col(col::AT) - col(col::AT).min().over(account())?).alias("history"),
            len().over(account())?.alias("total"),
            median.clone().alias("median"),
            col(col::AMOUNT).quantile(lit(0.99), QuantileMethod::Linear).over(account())?.alias("q99"),
            col(col::AMOUNT).cum_max(false).shift(lit(1)).over(pair_in_currency())?.alias("prior_max"),
            col(col::AMOUNT).cum_max(false).shift(lit(1)).over(account())?.alias("account_prior_max"),
        ])
        .with_column((col(col::AMOUNT) - col("median")).abs().median().over(account())?.alias("mad"))
        .with_column(
            col("total")
                .gt_eq(lit(MIN_ROWS))
                .and(col("earlier").gt_eq(lit(MIN_EARLIER)))
                .and(col("history").gt_eq(lit(MIN_HISTORY)))
                .alias("judged"),
        ))
}

/// Rows in `frame` that are the first of their `value` column in their `by` group, with at
/// least `min_earlier` rows of the group before them: `earlier` is added.
pub fn first_of(frame: LazyFrame, by: &str, value: &str, min_earlier: u32) -> PolarsResult<LazyFrame> {
    let group = || [col(by)];
    let pair = || [col(by), col(value)];
    Ok(frame
        .filter(col(value).is_not_null())
        .sort([by, col::AT, col::ROW], SortMultipleOptions::default())
        .with_columns([
            (col(col::ROW).cum_count(false).over(group())? - lit(1u32)).alias("earlier"),
            col(col::ROW).cum_count(false).over(pair())?.alias("pair_rank"),
        ])
        .filter(col("pair_rank").eq(lit(1u32)).and(col("earlier").gt_eq(lit(min_earlier)))))
}
