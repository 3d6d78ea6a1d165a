//! The mapping file as written (its TOML schema) and its validation into a [`Mapping`].

use super::Mapping;
use super::encoding::Expected;
use crate::ingest::cells::currency_code;
use crate::model::{Direction, Side, Status, Zone, parse_zone};
use chrono::format::{Item, StrftimeItems};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MappingFile {
    name: Option<String>,
    side: Side,
    account: Option<String>,
    provider: Option<String>,
    encoding: Option<String>,
    skip_lines: Option<usize>,
    delimiter: Option<String>,
    date_format: Option<String>,
    time_format: Option<String>,
    timezone: Option<String>,
    currency: Option<String>,
    amount_sign: Option<AmountSign>,
    #[serde(default)]
    footer: Vec<String>,
    columns: Columns,
    #[serde(default)]
    status_values: BTreeMap<String, Status>,
    #[serde(default)]
    direction_values: BTreeMap<String, Direction>,
}

/// Which sign of a signed `amount` column means money left the account.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum AmountSign {
    #[default]
    NegativeIsOut,
    PositiveIsOut,
}

/// One column name, or several (for `description`, joined with ` / `).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Names {
    One(String),
    Many(Vec<String>),
}

/// Header names of the columns to read; only `date` is required.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Columns {
    #[serde(alias = "datetime")]
    pub date: String,
    pub time: Option<String>,
    pub amount: Option<String>,
    pub debit: Option<String>,
    pub credit: Option<String>,
    pub direction: Option<String>,
    pub status: Option<String>,
    counterparty: Option<String>,
    reference: Option<String>,
    merchant_reference: Option<String>,
    balance: Option<String>,
    description: Option<Names>,
    method: Option<String>,
    card: Option<String>,
    error_code: Option<String>,
    error_message: Option<String>,
    currency: Option<String>,
    wallet: Option<String>,
    network: Option<String>,
    device: Option<String>,
    location: Option<String>,
    app_version: Option<String>,
}

impl Columns {
    /// Every mapped header name with its key, in a fixed order; `description` may repeat.
    pub fn named(&self) -> Vec<(&'static str, &str)> {
        let single = [
            ("date", Some(&self.date)),
            ("time", self.time.as_ref()),
            ("amount", self.amount.as_ref()),
            ("debit", self.debit.as_ref()),
            ("credit", self.credit.as_ref()),
            ("direction", self.direction.as_ref()),
            ("status", self.status.as_ref()),
            ("counterparty", self.counterparty.as_ref()),
            ("reference", self.reference.as_ref()),
            ("merchant_reference", self.merchant_reference.as_ref()),
            ("balance", self.balance.as_ref()),
            ("method", self.method.as_ref()),
            ("card", self.card.as_ref()),
            ("error_code", self.error_code.as_ref()),
            ("error_message", self.error_message.as_ref()),
            ("currency", self.currency.as_ref()),
            ("wallet", self.wallet.as_ref()),
            ("network", self.network.as_ref()),
            ("device", self.device.as_ref()),
            ("location", self.location.as_ref()),
            ("app_version", self.app_version.as_ref()),
        ];
        let mut out: Vec<(&'static str, &str)> =
            single.into_iter().filter_map(|(key, name)| Some((key, name?.as_str()))).collect();
        out.extend(self.descriptions().into_iter().map(|name| ("description", name)));
        out
    }

    fn descriptions(&self) -> Vec<&str> {
        match &self.description {
            None => Vec::new(),
            Some(Names::One(name)) => vec![name.as_str()],
            Some(Names::Many(names)) => names.iter().map(String::as_str).collect(),
        }
    }
}

impl MappingFile {
    /// Checks what TOML cannot (which columns go together, formats, offsets) and fills in defaults.
    pub fn validate(self, path: &str) -> Result<Mapping, String> {
        let side = self.side;
        let c = &self.columns;
        let split = c.debit.is_some() || c.credit.is_some();
        match (c.amount.is_some(), split) {
            (true, true) => return Err("[columns] has both `amount` and `debit`/`credit`; use one or the other".into()),
            (false, false) => return Err("[columns] needs `amount` (a signed amount) or `debit`/`credit`".into()),
            _ => {}
        }
        if c.direction.is_some() && split {
            return Err("[columns] `direction` goes with `amount`, not with `debit`/`credit`".into());
        }
        if side == Side::Attempts && c.status.is_none() {
            return Err("side = \"attempts\" needs a `status` column in [columns]".into());
        }
        if side == Side::Bank && self.provider.is_some() {
            return Err("`provider` is for side = \"wallet\" or \"attempts\"; bank rows name their provider \
                        in the counterparty or description"
                .into());
        }
        if let Some((key, name)) = c.named().into_iter().find(|(_, name)| name.trim().is_empty()) {
            return Err(format!("[columns] `{key}` is empty ({name:?})"));
        }
        for format in [&self.date_format, &self.time_format].into_iter().flatten() {
            if StrftimeItems::new(format).any(|item| matches!(item, Item::Error)) {
                return Err(format!("{format:?} is not a valid chrono date format"));
            }
        }
        let name = self.name.unwrap_or_else(|| "mapping".into());
        if name.trim().is_empty() {
            return Err("`name` is empty".into());
        }
        let provider = self.provider.map(|p| p.trim().to_ascii_lowercase());
        let account = self.account.unwrap_or_else(|| match side {
            Side::Bank => name.clone(),
            Side::Wallet => provider.clone().unwrap_or_else(|| name.clone()),
            Side::Attempts => "attempts".into(),
        });
        let encoding_label = self.encoding.unwrap_or_else(|| "auto".into());
        Ok(Mapping {
            side,
            name,
            path: path.to_string(),
            account,
            provider,
            encoding: Expected::from_label(&encoding_label)?,
            encoding_label,
            skip_lines: self.skip_lines,
            delimiter: delimiter(self.delimiter.as_deref())?,
            date_format: self.date_format,
            time_format: self.time_format,
            timezone: self.timezone.as_deref().map(timezone).transpose()?,
            currency: match self.currency {
                Some(raw) => currency_code(&raw).ok_or_else(|| format!("currency {raw:?} is not an ISO 4217 code"))?,
                None => "CNY".into(),
            },
            sign: self.amount_sign.unwrap_or_default(),
            footer: self.footer.into_iter().map(|f| f.trim().to_string()).filter(|f| !f.is_empty()).collect(),
            columns: self.columns,
            status_values: trimmed_keys(self.status_values),
            direction_values: trimmed_keys(self.direction_values),
        })
    }
}

/// Value maps keyed as the cleaned cells they are looked up with.
fn trimmed_keys<V>(values: BTreeMap<String, V>) -> BTreeMap<String, V> {
    values.into_iter().map(|(raw, v)| (raw.trim().to_string(), v)).collect()
}

fn delimiter(raw: Option<&str>) -> Result<u8, String> {
    match raw {
        None => Ok(b','),
        Some("tab" | "\\t") => Ok(b'\t'),
        Some(s) if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes().first().copied().unwrap_or(b',')),
        Some(s) => Err(format!("delimiter {s:?} must be one ASCII character (or \"tab\")")),
    }
}

fn timezone(raw: &str) -> Result<Zone, String> {
    parse_zone(raw).map_err(|_| {
        format!("timezone {raw:?} is not an offset like \"+08:00\", \"UTC\" or an IANA name like \"Asia/Shanghai\"")
    })
}
