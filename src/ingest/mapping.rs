//! User-described CSV layouts (`--mapping FILE`): the TOML schema, its validation, and the
//! adapter that reads any delimited export the mapping describes (see docs/mapping.md).

use super::icbc::{check_width, classify, currency_code};
use super::table::{Row, clean, column, read_rows};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::{
    Direction, FailureInfo, Kind, Money, Side, Status, Timestamp, Transaction, last4_digits, parse_amount,
    parse_timestamp, parse_timestamp_with,
};
use crate::reconcile::provider;
use chrono::FixedOffset;
use chrono::format::{Item, StrftimeItems};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// How many lines from the top the header is looked for when `skip_lines` is not given.
const HEADER_SEARCH_LINES: usize = 80;

// ---------------------------------------------------------------------------------------------
// The TOML file as written.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    name: Option<String>,
    side: SideName,
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
    status_values: BTreeMap<String, StatusName>,
    #[serde(default)]
    direction_values: BTreeMap<String, DirectionName>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum SideName {
    Bank,
    Wallet,
    Attempts,
}

/// Which sign of a signed `amount` column means money left the account.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum AmountSign {
    #[default]
    NegativeIsOut,
    PositiveIsOut,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum StatusName {
    Success,
    Failed,
    Pending,
    Cancelled,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum DirectionName {
    In,
    Out,
    Neutral,
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
struct Columns {
    #[serde(alias = "datetime")]
    date: String,
    time: Option<String>,
    amount: Option<String>,
    debit: Option<String>,
    credit: Option<String>,
    direction: Option<String>,
    status: Option<String>,
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
    /// Every mapped header name with its key, in a fixed order.
    fn named(&self) -> Vec<(&'static str, &str)> {
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

// ---------------------------------------------------------------------------------------------
// The validated mapping.

/// The encoding a mapping file expects; the file is decoded automatically, then checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expected {
    Auto,
    Utf8,
    Gbk,
    Utf16,
    Utf16Le,
    Utf16Be,
}

/// A layout described by a mapping file: an adapter like the built-in ones.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub side: Side,
    /// Format name shown in reports (`name` in the file, default `mapping`).
    name: &'static str,
    /// The mapping file, for messages.
    path: String,
    account: String,
    provider: Option<String>,
    encoding: Expected,
    encoding_label: String,
    skip_lines: Option<usize>,
    delimiter: u8,
    date_format: Option<String>,
    time_format: Option<String>,
    timezone: Option<FixedOffset>,
    currency: String,
    sign: AmountSign,
    footer: Vec<String>,
    columns: Columns,
    status_values: BTreeMap<String, Status>,
    direction_values: BTreeMap<String, Direction>,
}

impl Mapping {
    /// Reads and checks a mapping file; every error names the file.
    pub fn load(path: &Path) -> Result<Mapping, String> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read mapping file: {e}"))?;
        Mapping::from_toml(&text, &shown).map_err(|e| format!("{shown}: {e}"))
    }

    /// Parses mapping TOML; `path` is only used in messages.
    pub fn from_toml(text: &str, path: &str) -> Result<Mapping, String> {
        let file: MappingFile =
            toml::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| format!("invalid mapping file: {e}"))?;
        Mapping::validate(file, path)
    }

    fn validate(file: MappingFile, path: &str) -> Result<Mapping, String> {
        let side = match file.side {
            SideName::Bank => Side::Bank,
            SideName::Wallet => Side::Wallet,
            SideName::Attempts => Side::Attempts,
        };
        let c = &file.columns;
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
        if side == Side::Bank && file.provider.is_some() {
            return Err("`provider` is for side = \"wallet\" or \"attempts\"; bank rows name their provider \
                        in the counterparty or description"
                .into());
        }
        if let Some((key, name)) = c.named().into_iter().find(|(_, name)| name.trim().is_empty()) {
            return Err(format!("[columns] `{key}` is empty ({name:?})"));
        }
        for format in [&file.date_format, &file.time_format].into_iter().flatten() {
            if StrftimeItems::new(format).any(|item| matches!(item, Item::Error)) {
                return Err(format!("{format:?} is not a valid chrono date format"));
            }
        }
        let name = file.name.unwrap_or_else(|| "mapping".into());
        if name.trim().is_empty() {
            return Err("`name` is empty".into());
        }
        let provider = file.provider.map(|p| p.trim().to_ascii_lowercase());
        let account = file.account.unwrap_or_else(|| match side {
            Side::Bank => name.clone(),
            Side::Wallet => provider.clone().unwrap_or_else(|| name.clone()),
            Side::Attempts => "attempts".into(),
        });
        let encoding_label = file.encoding.unwrap_or_else(|| "auto".into());
        Ok(Mapping {
            side,
            name: Box::leak(name.into_boxed_str()),
            path: path.to_string(),
            account,
            provider,
            encoding: expected_encoding(&encoding_label)?,
            encoding_label,
            skip_lines: file.skip_lines,
            delimiter: delimiter(file.delimiter.as_deref())?,
            date_format: file.date_format,
            time_format: file.time_format,
            timezone: file.timezone.as_deref().map(timezone).transpose()?,
            currency: match file.currency {
                Some(raw) => currency_code(&raw).ok_or_else(|| format!("currency {raw:?} is not an ISO 4217 code"))?,
                None => "CNY".into(),
            },
            sign: file.amount_sign.unwrap_or_default(),
            footer: file.footer.into_iter().map(|f| f.trim().to_string()).filter(|f| !f.is_empty()).collect(),
            columns: file.columns,
            status_values: file.status_values.into_iter().map(|(raw, s)| (raw.trim().to_string(), s.into())).collect(),
            direction_values: file
                .direction_values
                .into_iter()
                .map(|(raw, d)| (raw.trim().to_string(), d.into()))
                .collect(),
        })
    }

    /// The mapped columns a file's best header candidate lacks, to explain why the mapping did
    /// not claim it (empty when it would be claimed).
    pub fn missing_columns(&self, src: &SourceText) -> Vec<String> {
        let lines: Vec<&str> = match self.skip_lines {
            Some(n) => src.text.lines().skip(n).take(1).collect(),
            None => src.text.lines().take(HEADER_SEARCH_LINES).collect(),
        };
        let missing = |line: &str| {
            let cells = self.header_cells(line);
            let names = self.columns.named();
            names.into_iter().filter(|(_, n)| !cells.iter().any(|c| c == n)).map(|(_, n)| n.to_string()).collect()
        };
        let all = || self.columns.named().into_iter().map(|(_, n)| n.to_string()).collect();
        lines.into_iter().map(missing).min_by_key(Vec::len).unwrap_or_else(all)
    }

    fn header_cells(&self, line: &str) -> Vec<String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .from_reader(line.as_bytes());
        let mut record = csv::StringRecord::new();
        match reader.read_record(&mut record) {
            Ok(true) => record.iter().map(clean).collect(),
            _ => Vec::new(),
        }
    }

    fn is_header(&self, line: &str) -> bool {
        let cells = self.header_cells(line);
        self.columns.named().iter().all(|(_, name)| cells.iter().any(|c| c == name))
    }

    /// The encoding was detected when the file was read; a mapping that names one only checks it.
    fn check_encoding(&self, src: &SourceText) -> Result<(), String> {
        let found = src.encoding;
        let ascii = src.text.is_ascii() && found == "UTF-8";
        let ok = match self.encoding {
            Expected::Auto => true,
            Expected::Utf8 => found == "UTF-8",
            Expected::Gbk => found == "GB18030" || ascii,
            Expected::Utf16 => found.starts_with("UTF-16"),
            Expected::Utf16Le => found == "UTF-16LE",
            Expected::Utf16Be => found == "UTF-16BE",
        };
        if ok {
            return Ok(());
        }
        Err(format!(
            "the mapping file {} says encoding = {:?}, but this file reads as {found}; set encoding = \"auto\" \
             in the mapping file to accept it, or export the file again in {}",
            self.path, self.encoding_label, self.encoding_label
        ))
    }

    fn is_footer(&self, row: &Row) -> bool {
        let first = row.cells.iter().find(|c| !c.is_empty()).map_or("", String::as_str);
        self.footer.iter().any(|prefix| first.starts_with(prefix.as_str()))
    }
}

impl From<StatusName> for Status {
    fn from(s: StatusName) -> Status {
        match s {
            StatusName::Success => Status::Success,
            StatusName::Failed => Status::Failed,
            StatusName::Pending => Status::Pending,
            StatusName::Cancelled => Status::Cancelled,
        }
    }
}

impl From<DirectionName> for Direction {
    fn from(d: DirectionName) -> Direction {
        match d {
            DirectionName::In => Direction::In,
            DirectionName::Out => Direction::Out,
            DirectionName::Neutral => Direction::Neutral,
        }
    }
}

fn expected_encoding(label: &str) -> Result<Expected, String> {
    let key: String = label.to_ascii_lowercase().chars().filter(|c| *c != '-' && *c != '_').collect();
    Ok(match key.as_str() {
        "auto" => Expected::Auto,
        "utf8" => Expected::Utf8,
        "gbk" | "gb18030" | "gb2312" => Expected::Gbk,
        "utf16" => Expected::Utf16,
        "utf16le" => Expected::Utf16Le,
        "utf16be" => Expected::Utf16Be,
        _ => {
            return Err(format!(
                "encoding {label:?} is not one of auto, utf-8, gbk, gb18030, utf-16, utf-16le, utf-16be"
            ));
        }
    })
}

fn delimiter(raw: Option<&str>) -> Result<u8, String> {
    match raw {
        None => Ok(b','),
        Some("tab" | "\\t") => Ok(b'\t'),
        Some(s) if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        Some(s) => Err(format!("delimiter {s:?} must be one ASCII character (or \"tab\")")),
    }
}

fn timezone(raw: &str) -> Result<FixedOffset, String> {
    let s = raw.trim();
    let utc = s.eq_ignore_ascii_case("utc") || s == "Z";
    let offset = if utc { FixedOffset::east_opt(0) } else { s.parse::<FixedOffset>().ok() };
    offset.ok_or_else(|| format!("timezone {raw:?} is not an offset like \"+08:00\" or \"UTC\""))
}

// ---------------------------------------------------------------------------------------------
// Reading a file with the mapping.

impl Adapter for Mapping {
    fn name(&self) -> &'static str {
        self.name
    }
    fn side(&self) -> Side {
        self.side
    }
    fn description(&self) -> &'static str {
        "any CSV described by a TOML mapping file (--mapping FILE)"
    }

    fn sniff(&self, src: &SourceText) -> Option<usize> {
        match self.skip_lines {
            Some(n) => self.is_header(src.text.lines().nth(n)?).then_some(n),
            None => src.text.lines().take(HEADER_SEARCH_LINES).position(|line| self.is_header(line)),
        }
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        self.check_encoding(src)?;
        let (header, rows) = read_rows(src, header_line, self.delimiter);
        let cols = Resolved::find(self, &header, header_line)?;
        let zone = self.timezone.unwrap_or(opts.zone);
        let mut out = Parsed { account: self.account.clone(), ..Parsed::default() };
        for row in rows.iter().take_while(|r| !self.is_footer(r)) {
            out.rows += 1;
            match self.read(src, row, &cols, zone) {
                Ok(t) => out.transactions.push(t),
                Err(reason) => out.rejected.push(row.reject(src, reason)),
            }
        }
        Ok(out)
    }
}

/// Column indices in this file's header.
struct Resolved {
    width: usize,
    needed: usize,
    date: usize,
    time: Option<usize>,
    amount: Option<usize>,
    debit: Option<usize>,
    credit: Option<usize>,
    direction: Option<usize>,
    status: Option<usize>,
    description: Vec<usize>,
    by_key: BTreeMap<&'static str, usize>,
}

impl Resolved {
    fn find(m: &Mapping, header: &[String], header_line: usize) -> Result<Resolved, String> {
        let mut by_key = BTreeMap::new();
        let mut description = Vec::new();
        for (key, name) in m.columns.named() {
            let index = column(header, &[name]).ok_or_else(|| {
                format!(
                    "column {name:?} (columns.{key} in {}) is not in the header on line {}",
                    m.path,
                    header_line + 1
                )
            })?;
            if key == "description" {
                description.push(index);
            } else {
                by_key.insert(key, index);
            }
        }
        let get = |key: &str| by_key.get(key).copied();
        let required = ["date", "time", "amount", "debit", "credit", "direction", "status"];
        Ok(Resolved {
            width: header.len(),
            needed: required.iter().filter_map(|k| get(k)).max().map_or(0, |i| i + 1),
            date: get("date").unwrap_or_default(),
            time: get("time"),
            amount: get("amount"),
            debit: get("debit"),
            credit: get("credit"),
            direction: get("direction"),
            status: get("status"),
            description,
            by_key,
        })
    }

    fn get<'r>(&self, row: &'r Row, key: &str) -> Option<&'r str> {
        row.get(self.by_key.get(key).copied())
    }

    fn text(&self, row: &Row, key: &str) -> Option<String> {
        self.get(row, key).map(str::to_string)
    }
}

impl Mapping {
    fn read(&self, src: &SourceText, row: &Row, cols: &Resolved, zone: FixedOffset) -> Result<Transaction, String> {
        check_width(row, cols.width, cols.needed)?;
        let when = self.time(row, cols, zone)?;
        let (value, direction) = self.amount(row, cols)?;
        let currency = match cols.get(row, "currency") {
            Some(raw) => currency_code(raw).ok_or_else(|| format!("currency {raw:?} is not one we know"))?,
            None => self.currency.clone(),
        };
        let status = self.status(row, cols)?;
        let description: Vec<&str> = cols.description.iter().filter_map(|&i| row.get(Some(i))).collect();
        let description = (!description.is_empty()).then(|| description.join(" / "));
        let direction = if self.side == Side::Attempts { Direction::In } else { direction };
        let money = Money::new(value, currency);
        let mut t = Transaction::new(src.at(row.line), self.side, &self.account, when, money, direction);
        t.status = status;
        t.counterparty = cols.text(row, "counterparty");
        t.reference = cols.text(row, "reference");
        t.merchant_reference = cols.text(row, "merchant_reference");
        t.balance = cols.get(row, "balance").and_then(|b| parse_amount(b).ok());
        t.method = cols.text(row, "method");
        t.network = cols.get(row, "network").map(str::to_ascii_lowercase);
        t.device = cols.text(row, "device");
        t.location = cols.text(row, "location");
        t.app_version = cols.text(row, "app_version");
        let failure = FailureInfo { code: cols.text(row, "error_code"), message: cols.text(row, "error_message") };
        if failure.code.is_some() || failure.message.is_some() {
            t.failure = Some(failure);
        }
        let card = cols.get(row, "card").and_then(last4_digits);
        match self.side {
            Side::Attempts => {
                t.kind = Kind::TopUp;
                t.provider = cols.get(row, "wallet").map(str::to_ascii_lowercase).or_else(|| self.provider.clone());
                t.card_last4 = card.or_else(|| t.method.as_deref().and_then(last4_digits));
            }
            Side::Wallet => {
                t.kind = classify(description.as_deref().unwrap_or(""), direction);
                t.provider = self.provider.clone().or_else(|| provider::recognise([self.name]).map(str::to_string));
                t.card_last4 = card.or_else(|| t.method.as_deref().and_then(last4_digits));
            }
            Side::Bank => {
                t.kind = classify(description.as_deref().unwrap_or(""), direction);
                let texts = [t.counterparty.as_deref(), description.as_deref()];
                t.provider =
                    texts.into_iter().flatten().find_map(|text| provider::recognise([text])).map(str::to_string);
                t.card_last4 = card.or_else(|| last4_digits(&self.account));
            }
        }
        t.description = description;
        Ok(t)
    }

    fn time(&self, row: &Row, cols: &Resolved, zone: FixedOffset) -> Result<Timestamp, String> {
        let date_name = &self.columns.date;
        let date = row.get(Some(cols.date)).ok_or_else(|| format!("date ({date_name}) is empty"))?;
        let time = row.get(cols.time);
        let parsed = match (&self.date_format, time) {
            (None, None) => parse_timestamp(date, zone),
            (None, Some(time)) => parse_timestamp(&format!("{date} {time}"), zone),
            (Some(format), None) => parse_timestamp_with(date, format, zone),
            (Some(format), Some(time)) => {
                let joined = format!("{date} {time}");
                let formats: Vec<String> = match &self.time_format {
                    Some(tf) => vec![format!("{format} {tf}")],
                    None => vec![format!("{format} %H:%M:%S"), format!("{format} %H:%M")],
                };
                formats
                    .iter()
                    .find_map(|f| parse_timestamp_with(&joined, f, zone).ok())
                    .ok_or_else(|| format!("{joined:?} does not match the date format {format:?} and a time"))
            }
        };
        parsed.map_err(|e| format!("date ({date_name}): {e}"))
    }

    /// The positive amount and its direction, from a signed `amount` (optionally with a
    /// `direction` column) or from `debit`/`credit`, exactly one of which must be non-zero.
    fn amount(&self, row: &Row, cols: &Resolved) -> Result<(Decimal, Direction), String> {
        let c = &self.columns;
        let read = |index: Option<usize>, name: &Option<String>| -> Result<Option<Decimal>, String> {
            let Some(raw) = row.get(index) else { return Ok(None) };
            let label = name.as_deref().unwrap_or("amount");
            parse_amount(raw).map(Some).map_err(|e| format!("{label}: {e}"))
        };
        if cols.amount.is_some() {
            let label = c.amount.as_deref().unwrap_or("amount");
            let value = read(cols.amount, &c.amount)?.ok_or_else(|| format!("amount ({label}) is empty"))?;
            if value.is_zero() {
                return Err(format!("amount ({label}) is zero"));
            }
            if cols.direction.is_some() {
                return Ok((value.abs(), self.direction(row, cols)?));
            }
            let out = match self.sign {
                AmountSign::NegativeIsOut => value < Decimal::ZERO,
                AmountSign::PositiveIsOut => value > Decimal::ZERO,
            };
            return Ok((value.abs(), if out { Direction::Out } else { Direction::In }));
        }
        let debit = read(cols.debit, &c.debit)?.filter(|v| !v.is_zero());
        let credit = read(cols.credit, &c.credit)?.filter(|v| !v.is_zero());
        let names = [c.debit.as_deref(), c.credit.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" and ");
        match (debit, credit) {
            (Some(_), Some(_)) => Err(format!("both {names} are filled; expected exactly one")),
            (Some(v), None) => Ok((v.abs(), Direction::Out)),
            (None, Some(v)) => Ok((v.abs(), Direction::In)),
            (None, None) => Err(format!("no amount: {names} empty or zero")),
        }
    }

    fn direction(&self, row: &Row, cols: &Resolved) -> Result<Direction, String> {
        let name = self.columns.direction.as_deref().unwrap_or("direction");
        let raw = row.get(cols.direction).ok_or_else(|| format!("direction ({name}) is empty"))?;
        if let Some(d) = self.direction_values.get(raw) {
            return Ok(*d);
        }
        match raw.to_lowercase().as_str() {
            "收入" | "收" | "入账" | "存入" | "in" | "credit" | "cr" => Ok(Direction::In),
            "支出" | "支" | "出账" | "支取" | "out" | "debit" | "dr" => Ok(Direction::Out),
            "不计收支" | "neutral" => Ok(Direction::Neutral),
            _ => Err(format!("direction {raw:?} ({name}) is not in [direction_values] and not 收入/支出/in/out")),
        }
    }

    fn status(&self, row: &Row, cols: &Resolved) -> Result<Status, String> {
        let name = self.columns.status.as_deref().unwrap_or("status");
        let Some(raw) = row.get(cols.status) else {
            return match self.side {
                Side::Attempts => Err(format!("status ({name}) is empty")),
                _ => Ok(Status::Success),
            };
        };
        self.status_values.get(raw).copied().or_else(|| Status::parse_canonical(raw)).ok_or_else(|| {
            format!("status {raw:?} ({name}) is not in [status_values] and not success, failed, pending or cancelled")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "side = \"bank\"\n[columns]\ndate = \"Date\"\namount = \"Amount\"\n";

    #[test]
    fn minimal_mapping_has_defaults() {
        let m = Mapping::from_toml(MINIMAL, "m.toml").unwrap();
        assert_eq!((m.name, m.side, m.account.as_str(), m.delimiter), ("mapping", Side::Bank, "mapping", b','));
        assert_eq!(m.currency, "CNY");
    }

    #[test]
    fn settings_are_checked() {
        let bad = |extra: &str| Mapping::from_toml(&format!("{extra}\n{MINIMAL}"), "m.toml").unwrap_err();
        assert!(bad("delimiter = \";;\"").contains("delimiter"));
        assert!(bad("encoding = \"latin1\"").contains("latin1"));
        assert!(bad("timezone = \"Mars\"").contains("Mars"));
        assert!(bad("date_format = \"%Q\"").contains("%Q"));
        assert!(bad("provider = \"alipay\"").contains("provider"));
        let both = "side = \"bank\"\n[columns]\ndate = \"D\"\namount = \"A\"\ndebit = \"X\"\n";
        assert!(Mapping::from_toml(both, "m.toml").unwrap_err().contains("one or the other"));
        let none = "side = \"bank\"\n[columns]\ndate = \"D\"\n";
        assert!(Mapping::from_toml(none, "m.toml").unwrap_err().contains("needs `amount`"));
        let attempts = "side = \"attempts\"\n[columns]\ndate = \"D\"\namount = \"A\"\n";
        assert!(Mapping::from_toml(attempts, "m.toml").unwrap_err().contains("status"));
    }

    #[test]
    fn tab_delimiter_and_timezone() {
        let m = Mapping::from_toml(&format!("delimiter = \"\\t\"\ntimezone = \"-05:00\"\n{MINIMAL}"), "m").unwrap();
        assert_eq!(m.delimiter, b'\t');
        assert_eq!(m.timezone, FixedOffset::west_opt(5 * 3600));
    }
}
