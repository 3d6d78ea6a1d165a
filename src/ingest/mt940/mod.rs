//! SWIFT MT940 customer statements (`.sta`, `.mt940`, `.940`), as banks deliver them to
//! accounting software: bank side, sniffed by their fields, not their name.
//!
//! A statement is `:20:` (its reference), `:25:` (the account: an IBAN, or bank code/account),
//! `:28C:` (statement/sequence number), `:60F:` (opening balance; `:60M:` on a continuation
//! page), entries (`:61:` then `:86:`, see [`entry`]), `:62F:`/`:62M:` (closing balance) and
//! `:64:` (available balance). A file holds several statements, bare or each in a SWIFT
//! envelope `{1:F01…}{2:O940…}{4:` … `-}`, with `\r\n` line ends and `-` lines between them.
//!
//! Quirks: amounts have a decimal comma (`1234,56`, `10,`); dates are YYMMDD, the booking date
//! MMDD (read in the year nearest the value date); only the balances name the currency; the
//! funds code (`CR1,00`, `DR…`: the currency's third letter) is not a reversal (`RC`, `RD`).
//!
//! How it is read: each `:61:` is a row, dated by its booking date (its value date when it has
//! none) at day precision, a day in the zone `--tz` (or the config's `timezone`) gives, else in
//! UTC (the statement prints no zone; UTC as for CAMT.053, its ISO 20022 successor, never the
//! built-in China default); a broken one is a D001 with its line, the rest
//! of the statement still read. The statements of one account are one input, labelled by the
//! first four letters of the sending bank's BIC from the envelope (`nord:6199`; `bank:6199`
//! without an envelope) and the account's last four digits, so D003 checks that each statement's opening
//! balance continues the one before; its own opening and closing balances are put on its first
//! and last rows ([`super::balances`]) so D003 also sees rows missing inside it. Several
//! accounts in one file are one input each.

pub mod entry;
pub mod fields;
mod read;

use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::{Account, Side, Zone, last4_digits};
use fields::{Field, Item, items};
use read::read_statement;

/// The zone of the statement's days when `--tz` is not given (see the module doc).
const UTC: Zone = Zone::Named(chrono_tz::UTC);

pub struct Mt940;

/// The account prefix of a statement without a SWIFT envelope naming its bank (as OFX and
/// CAMT.053 use).
pub const INSTITUTION: &str = "bank";
/// How far from the top the first statement's fields are looked for.
const SNIFF_LINES: usize = 80;

impl Adapter for Mt940 {
    fn name(&self) -> &str {
        "mt940"
    }
    fn side(&self) -> Side {
        Side::Bank
    }
    fn description(&self) -> &'static str {
        "SWIFT MT940 bank statement (:20:, :25:, :60F:, :61:/:86:, :62F:; bare or in SWIFT envelopes)"
    }
    /// The `:20:` line of a text holding `:25:` and an opening balance near the top.
    fn sniff(&self, src: &SourceText) -> Option<usize> {
        let mut first = None;
        let (mut account, mut opening) = (false, false);
        for (i, item) in fields_near_top(src) {
            match item {
                "20" => first = first.or(Some(i)),
                "25" => account = true,
                "60F" | "60M" => opening = true,
                _ => {}
            }
        }
        first.filter(|_| account && opening)
    }
    /// No line of another file starts an MT940 statement, and an MT940 file is read whole (its
    /// `:86:` text may hold commas, never a header).
    fn claims_header(&self, _line: &str) -> bool {
        false
    }
    fn identified_by(&self) -> Option<&'static str> {
        Some("the SWIFT fields :20: (statement), :25: (account) and :60F: or :60M: (opening balance) near the top")
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[&[":20:", ":25:", ":28C:", ":60F:", ":61:", ":86:", ":62F:"]]
    }
    fn parse(&self, src: &SourceText, _header: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let statements = statements(items(&src.text));
        if statements.is_empty() {
            return Err("no MT940 statement (:20: … :62F:) in the file".into());
        }
        // One input per account, its statements in file order.
        let mut accounts: Vec<(String, Parsed)> = Vec::new();
        for statement in &statements {
            let raw = statement.account.as_ref().map(|f| f.lines.concat()).unwrap_or_default();
            let key: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
            let at = match accounts.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    // The sending bank's BIC names it (`nord`), as CAMT.053's does.
                    let bank = statement.sender.and_then(|b| b.get(..4)).map(str::to_ascii_lowercase);
                    let label = Account::label(bank.as_deref().unwrap_or(INSTITUTION), last4_digits(&key).as_deref());
                    accounts.push((key, Parsed { account: label, ..Parsed::default() }));
                    accounts.len() - 1
                }
            };
            if let Some((_, parsed)) = accounts.get_mut(at) {
                read_statement(src, statement, opts.zone_or(UTC), parsed);
            }
        }
        let mut parsed = accounts.into_iter().map(|(_, p)| p);
        let mut first = parsed.next().unwrap_or_default();
        first.statements = parsed.collect();
        Ok(first)
    }
}

/// The tags of the fields in the first lines, with their 0-based line.
fn fields_near_top(src: &SourceText) -> Vec<(usize, &str)> {
    let mut end = src.text.len();
    if let Some((at, _)) = src.text.match_indices('\n').nth(SNIFF_LINES) {
        end = at;
    }
    let top = src.text.get(..end).unwrap_or("");
    items(top)
        .into_iter()
        .filter_map(|i| match i {
            Item::Field(f) => Some((f.line - 1, f.tag)),
            Item::End | Item::Sender(_) => None,
        })
        .collect()
}

/// One statement's fields.
#[derive(Default)]
struct Statement<'a> {
    /// The BIC of the bank that sent it, from its SWIFT envelope.
    sender: Option<&'a str>,
    account: Option<Field<'a>>,
    opening: Option<Field<'a>>,
    closing: Option<Field<'a>>,
    /// `:61:` fields, each with the `:86:` below it.
    entries: Vec<(Field<'a>, Option<Field<'a>>)>,
}

/// The statements in file order: each starts at `:20:` and ends at the next, or at a message
/// end. Fields outside any `:20:` still make a statement (nothing is dropped).
fn statements(items: Vec<Item<'_>>) -> Vec<Statement<'_>> {
    let mut out = Vec::new();
    let mut current: Option<Statement> = None;
    let mut sender = None;
    for item in items {
        let field = match item {
            Item::Sender(bic) => {
                sender = Some(bic);
                continue;
            }
            Item::End => {
                out.extend(current.take());
                continue;
            }
            Item::Field(f) if f.tag == "20" => {
                out.extend(current.replace(Statement { sender, ..Statement::default() }));
                continue;
            }
            Item::Field(f) => f,
        };
        let s = current.get_or_insert_with(|| Statement { sender, ..Statement::default() });
        match field.tag {
            "25" => s.account = Some(field),
            "60F" | "60M" => s.opening = Some(field),
            "62F" | "62M" => s.closing = Some(field),
            "61" => s.entries.push((field, None)),
            // Information after the closing balance is about the statement, not an entry.
            "86" if s.closing.is_none() => {
                if let Some((_, info @ None)) = s.entries.last_mut() {
                    *info = Some(field);
                }
            }
            _ => {}
        }
    }
    out.extend(current);
    out
}
