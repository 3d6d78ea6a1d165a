//! What PayPal's cells mean in English, German and French exports: the transaction types that
//! are top-ups, withdrawals, refunds and holds, the status words, the balance-impact words,
//! the zones PayPal prints in its `TimeZone` cell, and amounts with a decimal comma.

use crate::model::{Direction, Kind, Status, Zone, parse_amount, parse_zone};
use chrono::FixedOffset;
use rust_decimal::Decimal;

/// The language of the export's header: it decides the decimal mark and the default day order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    German,
    French,
}

impl Language {
    /// From the header cells: `Datum` is German, `Heure` French, anything else English.
    pub fn of(header: &[String]) -> Language {
        let has = |name: &str| header.iter().any(|h| h == name);
        if has("Datum") {
            Language::German
        } else if has("Heure") {
            Language::French
        } else {
            Language::English
        }
    }

    /// German and French exports write `1.234,56` (French also `1 234,56`).
    pub fn decimal_comma(self) -> bool {
        self != Language::English
    }
}

/// An amount as the export's language writes it. A decimal-comma amount is rewritten to the
/// point form (`1.234,56` → `1,234.56`) and read by [`parse_amount`], so its grouping is still
/// checked and a shifted cell is still rejected rather than guessed.
pub fn amount(raw: &str, language: Language) -> Result<Decimal, String> {
    if !language.decimal_comma() {
        return parse_amount(raw);
    }
    let swapped: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            c => c,
        })
        .collect();
    parse_amount(&swapped).map_err(|_| format!("amount {raw:?} is not an amount (this export writes `1.234,56`)"))
}

/// The row's status word (`Completed`, `Abgeschlossen`, `Terminé`, …). A payment later
/// `Refunded` did move money (its refund is a row of its own), so it is a success; `Reversed`
/// was taken back; `Denied` never moved. Unknown words count as success, as for the other
/// wallets, so that no row is lost.
pub fn status(text: &str) -> Status {
    let s = text.trim().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| s.contains(w));
    if has(&["pending", "ausstehend", "offen", "en attente", "uncleared", "unclaimed", "held", "placed"]) {
        Status::Pending
    } else if has(&["denied", "declined", "failed", "abgelehnt", "fehlgeschlagen", "refusé", "échoué"]) {
        Status::Failed
    } else if has(&["reversed", "canceled", "cancelled", "voided", "rückgängig", "storniert", "annulé", "inversé"])
    {
        Status::Cancelled
    } else {
        Status::Success
    }
}

/// The `Balance Impact` cell (`Debit`/`Credit`/`Memo`, `Soll`/`Haben`/`Memo`,
/// `Débit`/`Crédit`/`Mémo`): which way the row moved the balance, `Neutral` for a memo row
/// (a shopping-cart item, an authorization) that moved nothing.
pub fn impact(text: &str) -> Option<Direction> {
    match text.trim().to_lowercase().as_str() {
        "debit" | "soll" | "débit" => Some(Direction::Out),
        "credit" | "haben" | "crédit" => Some(Direction::In),
        "memo" | "mémo" => Some(Direction::Neutral),
        _ => None,
    }
}

/// The kind from the `Type` (statement: `Description`) cell and the direction. Reversals and
/// holds come first: `Reversal of ACH Deposit` is no deposit, `Rückbuchung von ACH-Gutschrift`
/// no credit. Top-ups are `Bank Deposit to PP Account` (de `Bankgutschrift auf PayPal-Konto`,
/// fr `Virement bancaire sur le compte PayPal`) and `General Card Deposit` (de `Allgemeine
/// Gutschrift auf Kreditkarte`); withdrawals `General Withdrawal`, `User Initiated Withdrawal`,
/// `General Card Withdrawal` (de `Allgemeine Abbuchung`, `Von Nutzer eingeleitete Abbuchung`,
/// fr `Retrait …`); currency conversions (`General Currency Conversion`, `Allgemeine
/// Währungsumrechnung`, `Conversion de devise …`) are kept as `Other`, one row per currency.
pub fn kind(type_text: &str, direction: Direction) -> Kind {
    let t = type_text.trim().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if direction == Direction::Neutral
        || has(&["reversal", "rückbuchung", "annulation", "hold", "einbehaltung", "suspension", "authorization"])
        || has(&["autorisierung", "autorisation", "currency conversion", "währungsumrechnung", "conversion de devise"])
    {
        return Kind::Other;
    }
    let top_up = has(&["bank deposit", "card deposit", "add funds", "bankgutschrift", "gutschrift auf kreditkarte"])
        || has(&["virement bancaire sur le compte paypal", "approvisionnement", "dépôt"]);
    match direction {
        Direction::In if top_up => Kind::TopUp,
        Direction::Out if has(&["withdrawal", "abbuchung", "retrait", "virement vers"]) => Kind::Withdrawal,
        _ if has(&["refund", "rückzahlung", "erstattung", "remboursement"]) => Kind::Refund,
        _ if has(&["fee", "gebühr", "frais"]) && !has(&["payment", "zahlung", "paiement"]) => Kind::Fee,
        Direction::Out => Kind::Payment,
        _ => Kind::Income,
    }
}

/// The zone of a row's `TimeZone` cell: an IANA name (`Europe/Berlin`, as the statement CSV
/// writes it), an offset (`GMT+8`, `UTC+01:00`), or an abbreviation. Abbreviations name their
/// own offset, summer time included (`PDT` is −07:00 whatever the date). `CST` is US Central
/// (−06:00): PayPal writes US zone names for US accounts, and a Chinese account's export prints
/// an offset or an IANA name. `IST` (India or Ireland) is refused as ambiguous.
pub fn zone(cell: &str) -> Option<Zone> {
    let s = cell.trim();
    if s.contains('/') {
        return parse_zone(s).ok();
    }
    let upper = s.to_ascii_uppercase();
    for prefix in ["GMT", "UTC"] {
        if let Some(rest) = upper.strip_prefix(prefix).filter(|r| !r.is_empty()) {
            return offset_text(rest).map(Zone::Fixed);
        }
    }
    // Minutes east of UTC.
    let minutes = match upper.as_str() {
        "PST" | "AKDT" => -8 * 60,
        "PDT" | "MST" => -7 * 60,
        "MDT" | "CST" => -6 * 60,
        "CDT" | "EST" => -5 * 60,
        "EDT" | "AST" => -4 * 60,
        "ADT" => -3 * 60,
        "NST" => -(3 * 60 + 30),
        "NDT" => -(2 * 60 + 30),
        "AKST" => -9 * 60,
        "HST" => -10 * 60,
        "GMT" | "UTC" | "Z" | "WET" => 0,
        "BST" | "WEST" | "CET" | "MEZ" => 60,
        "CEST" | "MESZ" | "EET" | "OEZ" => 2 * 60,
        "EEST" | "OESZ" | "MSK" => 3 * 60,
        "HKT" | "SGT" | "AWST" | "PHT" => 8 * 60,
        "JST" | "KST" => 9 * 60,
        "ACST" => 9 * 60 + 30,
        "AEST" => 10 * 60,
        "ACDT" => 10 * 60 + 30,
        "AEDT" => 11 * 60,
        "NZST" => 12 * 60,
        "NZDT" => 13 * 60,
        _ => return None,
    };
    FixedOffset::east_opt(minutes * 60).map(Zone::Fixed)
}

/// `+8`, `+08:00`, `-0530` → the offset.
fn offset_text(rest: &str) -> Option<FixedOffset> {
    let (sign, digits) = match rest.split_at_checked(1)? {
        ("+", d) => (1, d),
        ("-", d) => (-1, d),
        _ => return None,
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at_checked(2)?,
        None => (digits, "0"),
    };
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 14 && m < 60).then(|| FixedOffset::east_opt(sign * (h * 3600 + m * 60))).flatten()
}

/// Whether a zone cell names a zone of the Americas (PayPal's US exports write dates month
/// first).
pub fn american(cell: &str) -> bool {
    let s = cell.trim().to_ascii_uppercase();
    s.starts_with("AMERICA/")
        || s.starts_with("US/")
        || matches!(s.as_str(), "PST" | "PDT" | "MST" | "MDT" | "CST" | "CDT" | "EST" | "EDT" | "AKST" | "AKDT" | "HST")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_each_language() {
        assert_eq!(amount("-1,234.56", Language::English).map(|d| d.to_string()), Ok("-1234.56".into()));
        assert_eq!(amount("-1.234,56", Language::German).map(|d| d.to_string()), Ok("-1234.56".into()));
        assert_eq!(amount("1 234,56", Language::French).map(|d| d.to_string()), Ok("1234.56".into()));
        assert!(amount("1.234,56", Language::English).is_err(), "a decimal comma in an English export");
        assert!(amount("12,3,4", Language::German).is_err());
    }

    #[test]
    fn zones_as_paypal_prints_them() {
        let offset = |cell: &str| match zone(cell) {
            Some(Zone::Fixed(o)) => Some(o.local_minus_utc()),
            _ => None,
        };
        assert_eq!(offset("PST"), Some(-8 * 3600));
        assert_eq!(offset("PDT"), Some(-7 * 3600));
        assert_eq!(offset("CEST"), Some(2 * 3600));
        assert_eq!(offset("MEZ"), Some(3600));
        assert_eq!(offset("GMT+8"), Some(8 * 3600));
        assert_eq!(offset("UTC-05:30"), Some(-(5 * 3600 + 1800)));
        assert_eq!(offset("NST"), Some(-(3 * 3600 + 1800)));
        assert!(matches!(zone("Europe/Berlin"), Some(Zone::Named(_))));
        assert_eq!(zone("IST"), None);
        assert_eq!(zone("Mars/Olympus"), None);
    }

    #[test]
    fn kinds_and_statuses() {
        assert_eq!(kind("Bank Deposit to PP Account ", Direction::In), Kind::TopUp);
        assert_eq!(kind("Allgemeine Gutschrift auf Kreditkarte", Direction::In), Kind::TopUp);
        assert_eq!(kind("Reversal of ACH Deposit", Direction::Out), Kind::Other);
        assert_eq!(kind("Von Nutzer eingeleitete Abbuchung", Direction::Out), Kind::Withdrawal);
        assert_eq!(kind("Express Checkout Payment", Direction::Out), Kind::Payment);
        assert_eq!(kind("Payment Refund", Direction::In), Kind::Refund);
        assert_eq!(kind("General Currency Conversion", Direction::In), Kind::Other);
        assert_eq!(status("Abgeschlossen"), Status::Success);
        assert_eq!(status("Refunded"), Status::Success);
        assert_eq!(status("Denied"), Status::Failed);
        assert_eq!(status("Reversed"), Status::Cancelled);
        assert_eq!(status("En attente"), Status::Pending);
    }
}
