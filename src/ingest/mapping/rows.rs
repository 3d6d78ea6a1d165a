//! Turning the rows of a mapped file into transactions: where each mapped column is in this
//! file's header, and what its cells say.

use super::Mapping;
use super::schema::AmountSign;
use crate::ingest::SourceText;
use crate::ingest::cells::{currency_code, first_card_digits, kind_from_summary};
use crate::ingest::table::{Row, cells_needed, check_width, column};
use crate::institutions;
use crate::model::{
    Account, Direction, FailureInfo, Kind, Money, Side, Status, Timestamp, Transaction, Zone, parse_amount,
    parse_timestamp, parse_timestamp_with,
};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Where each mapped column is in this file's header.
pub(super) struct HeaderColumns {
    width: usize,
    /// Cells a row needs to reach every column that a transaction cannot do without.
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

impl HeaderColumns {
    pub(super) fn find(m: &Mapping, header: &[String], header_line: usize) -> Result<HeaderColumns, String> {
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
        Ok(HeaderColumns {
            width: header.len(),
            needed: cells_needed(required.iter().map(|k| get(k))),
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
        row.text(self.by_key.get(key).copied())
    }
}

impl Mapping {
    pub(super) fn read(
        &self,
        src: &SourceText,
        row: &Row,
        cols: &HeaderColumns,
        zone: Zone,
    ) -> Result<Transaction, String> {
        // Trailing empty cells may be left out, but not at a cut end of the file.
        check_width(row, cols.width, if row.unterminated { cols.width } else { cols.needed })?;
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
        let card = cols.get(row, "card");
        match self.side {
            Side::Attempts => {
                t.kind = Kind::TopUp;
                // `微信`, `WeChat Pay`, `支付宝` … name the same wallets the statements do.
                t.provider = cols
                    .get(row, "wallet")
                    .map(|w| institutions::recognise([w]).map_or_else(|| w.to_ascii_lowercase(), str::to_string))
                    .or_else(|| self.provider.clone());
                t.card_last4 = first_card_digits([card, t.method.as_deref()]);
            }
            Side::Wallet => {
                t.kind = kind_from_summary(description.as_deref().unwrap_or(""), direction);
                t.provider =
                    self.provider.clone().or_else(|| institutions::recognise([self.name.as_str()]).map(str::to_string));
                t.card_last4 = first_card_digits([card, t.method.as_deref()]);
            }
            Side::Bank => {
                t.kind = kind_from_summary(description.as_deref().unwrap_or(""), direction);
                let texts = [t.counterparty.as_deref(), description.as_deref()];
                t.provider =
                    texts.into_iter().flatten().find_map(|text| institutions::recognise([text])).map(str::to_string);
                // Only the label's `:NNNN` part names a card (`cmb:4321`); digits elsewhere in
                // it (`boc-2024`) do not.
                t.card_last4 =
                    first_card_digits([card]).or_else(|| Account::parse(&self.account).card.map(str::to_string));
            }
        }
        t.description = description;
        Ok(t)
    }
    fn time(&self, row: &Row, cols: &HeaderColumns, zone: Zone) -> Result<Timestamp, String> {
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
    /// `direction` column) or from `debit`/`credit`, exactly one of which must be non-zero. A
    /// negative debit is money back (a reversal), a negative credit money out.
    fn amount(&self, row: &Row, cols: &HeaderColumns) -> Result<(Decimal, Direction), String> {
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
            (Some(v), None) => Ok((v.abs(), if v < Decimal::ZERO { Direction::In } else { Direction::Out })),
            (None, Some(v)) => Ok((v.abs(), if v < Decimal::ZERO { Direction::Out } else { Direction::In })),
            (None, None) => Err(format!("no amount: {names} empty or zero")),
        }
    }

    fn direction(&self, row: &Row, cols: &HeaderColumns) -> Result<Direction, String> {
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

    fn status(&self, row: &Row, cols: &HeaderColumns) -> Result<Status, String> {
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
