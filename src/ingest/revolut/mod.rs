//! Revolut personal account statements, CSV, in both layouts the app has exported:
//!
//! - 2021 on ([`current`]): `Type,Product,Started Date,Completed Date,Description,Amount,Fee,
//!   Currency,State,Balance`, one row per movement of any currency, signed amounts, times
//!   `2024-03-05 14:02:11`, states `COMPLETED`, `PENDING`, `DECLINED`, `FAILED`, `REVERTED`;
//! - before ([`legacy`]): one file per currency, `;`-separated, cells padded with spaces, the
//!   currency in the header cells: `Completed Date ; Reference ; Paid Out (EUR) ; Paid In (EUR) ;
//!   Exchange Out; Exchange In; Balance (EUR); Category; Notes` (from May 2018 `Description`
//!   instead of `Reference`; before April 2018 no `Notes`), dates `Apr 2, 2019`, newest first.
//!
//! Times are naive (the export prints no zone). They are read in the zone `--tz` (or the
//! config's `timezone`) gives, any zone including `+08:00`, and without one in Europe/London,
//! Revolut Ltd's home and the zone its UK app shows: the built-in default zone (UTC+08:00) is
//! for Chinese exports and is not applied to Revolut (`IngestOptions::zone_or`).

mod current;
mod legacy;

use super::table::{MAX_HEADER_BYTES, head, line_cells};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::{Side, Zone};

pub struct Revolut;

/// The account and provider of every row: what bank statements' `Revolut**1234*` debits are
/// recognised as (`institutions`).
const REVOLUT: &str = "revolut";

impl Adapter for Revolut {
    fn name(&self) -> &str {
        REVOLUT
    }
    fn side(&self) -> Side {
        Side::Wallet
    }
    fn description(&self) -> &'static str {
        "Revolut account statement CSV (2021+ layout, and the older `;`-separated one per currency)"
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        // The older layout names its currency in its header; EUR stands for any here, and
        // `sniff` and `claims_header` accept every currency.
        &[current::HEADER, legacy::HEADER_EUR]
    }
    fn sniff(&self, src: &SourceText) -> Option<usize> {
        src.text.lines().take(80).position(|line| self.claims_header(line))
    }
    fn claims_header(&self, line: &str) -> bool {
        super::table::header_matches(line, current::HEADER) || legacy::currency_of_header(line).is_some()
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let zone = opts.zone_or(LONDON);
        let header = src.text.lines().nth(header_line).unwrap_or_default();
        let mut out = Parsed { account: REVOLUT.into(), ..Parsed::default() };
        match legacy::currency_of_header(header) {
            Some(currency) => legacy::parse(src, header_line, &currency, zone, &mut out)?,
            None => current::parse(src, header_line, zone, &mut out)?,
        }
        Ok(out)
    }
}

/// The zone naive Revolut times are read in without `--tz` (see the module doc).
const LONDON: Zone = Zone::Named(chrono_tz::Europe::London);

/// The header cells of `line`, read as sniffing reads them.
fn header_cells(line: &str) -> Vec<String> {
    line_cells(head(line, MAX_HEADER_BYTES))
}

/// The last four digits of the card a top-up names: `Top-Up by *1234`, `Apple Pay Top-Up by
/// *1234` → `1234`.
fn card_of(text: &str) -> Option<String> {
    let (_, after) = text.rsplit_once('*')?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 4).then_some(digits)
}

/// How a top-up was funded, as advice names it: `card *4821` for a card top-up, otherwise the
/// row's own words (`Payment from A. Example`, a bank transfer in).
fn method_of(text: Option<&str>, card: Option<&str>) -> Option<String> {
    match card {
        Some(digits) => Some(format!("card *{digits}")),
        None => text.map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_named_by_top_ups() {
        assert_eq!(card_of("Top-Up by *4821").as_deref(), Some("4821"));
        assert_eq!(card_of("Apple Pay Top-Up by *4821 ").as_deref(), Some("4821"));
        assert_eq!(card_of("Payment from A. N. Other"), None);
        assert_eq!(card_of("Top-Up by *12"), None);
    }

    #[test]
    fn both_layouts_are_claimed_by_their_header() {
        let r = Revolut;
        assert!(
            r.claims_header("Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State,Balance")
        );
        assert!(r.claims_header(
            "Completed Date ; Reference ; Paid Out (GBP) ; Paid In (GBP) ; Exchange Out; Exchange In; Balance (GBP); Category; Notes"
        ));
        assert!(r.claims_header(
            "Completed Date ; Description ; Paid Out (EUR) ; Paid In (EUR) ; Exchange Out; Exchange In; Balance (EUR); Category"
        ));
        assert!(!r.claims_header("Completed Date;Paid Out;Paid In"));
    }
}
