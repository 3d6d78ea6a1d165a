//! The canonical attempts CSV (DESIGN.md §2): one row per top-up attempt, failed ones included.

use super::cells::currency_code;
use super::table::{cells_needed, check_width, collect_rows, column, find_header, header_matches, read_export};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::institutions::recognise;
use crate::model::{
    Direction, FailureInfo, Kind, Money, Side, Status, Transaction, last4_digits, parse_amount, parse_timestamp,
};

pub struct Attempts;

const REQUIRED: [&str; 3] = ["time", "amount", "status"];

impl Adapter for Attempts {
    fn name(&self) -> &str {
        "attempts"
    }
    fn side(&self) -> Side {
        Side::Attempts
    }
    fn description(&self) -> &'static str {
        "canonical top-up attempts log (UTF-8 CSV with time, amount, status, …)"
    }
    fn sniff(&self, src: &SourceText) -> Option<usize> {
        let first = src.text.lines().position(|l| !l.trim().is_empty())?;
        (find_header(src, &REQUIRED) == Some(first)).then_some(first)
    }
    fn claims_header(&self, line: &str) -> bool {
        header_matches(line, &REQUIRED)
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[&REQUIRED]
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_export(src, header_line)?;
        let header: Vec<String> = header.iter().map(|h| h.to_ascii_lowercase()).collect();
        let col = |name: &str| column(&header, &[name]);
        let (time, amount, status) = (col("time"), col("amount"), col("status"));
        let (currency, wallet, method, reference) = (col("currency"), col("wallet"), col("method"), col("reference"));
        let (code, message) = (col("error_code"), col("error_message"));
        let (network, device, location, app_version) =
            (col("network"), col("device"), col("location"), col("app_version"));
        let mut out = Parsed { account: "attempts".into(), ..Parsed::default() };
        let width = header.len();
        collect_rows(&mut out, src, &rows, |row| {
            // Logs written by hand may leave out trailing empty cells, but not at a cut end.
            let needed = if row.unterminated { width } else { cells_needed([time, amount, status]) };
            check_width(row, width, needed)?;
            let when = parse_timestamp(row.get(time).ok_or("time is empty")?, opts.zone)?;
            let value = parse_amount(row.get(amount).ok_or("amount is empty")?)?;
            if value <= rust_decimal::Decimal::ZERO {
                return Err(format!("amount must be positive, got {value}"));
            }
            let raw_status = row.get(status).ok_or("status is empty")?;
            let state = Status::parse_canonical(raw_status)
                .ok_or_else(|| format!("status {raw_status:?} is not success, failed, pending or cancelled"))?;
            let ccy = match row.get(currency) {
                None => "CNY".to_string(),
                Some(raw) => currency_code(raw).ok_or_else(|| format!("currency {raw:?} is not an ISO 4217 code"))?,
            };
            let mut t = Transaction::new(
                src.at(row.line),
                Side::Attempts,
                "attempts",
                when,
                Money::new(value, ccy),
                Direction::In,
            );
            t.kind = Kind::TopUp;
            t.status = state;
            // `微信`, `WeChat Pay`, `支付宝` … name the same wallets the statements do.
            t.provider = row.get(wallet).map(|w| recognise([w]).map_or_else(|| w.to_ascii_lowercase(), str::to_string));
            t.method = row.text(method);
            t.card_last4 = t.method.as_deref().and_then(last4_digits);
            t.reference = row.text(reference);
            let failure = FailureInfo { code: row.text(code), message: row.text(message) };
            if failure.code.is_some() || failure.message.is_some() {
                t.failure = Some(failure);
            }
            t.network = row.get(network).map(str::to_ascii_lowercase);
            t.device = row.text(device);
            t.location = row.text(location);
            t.app_version = row.text(app_version);
            Ok(t)
        });
        Ok(out)
    }
}
