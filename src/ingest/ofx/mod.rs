//! OFX and QFX bank and credit-card statements (Quicken, Money, most US and many European
//! banks; Apple Card's "Export Transactions" as OFX), in both dialects:
//!
//! - SGML v1: a header of `KEY:VALUE` lines (`OFXHEADER:100`, `DATA:OFXSGML`, `VERSION:102`,
//!   `CHARSET:1252`, …), a blank line, then `<OFX>` with unclosed leaf tags (`<TRNAMT>-12.50`);
//! - XML v2: `<?xml version="1.0"?>`, `<?OFX OFXHEADER="200" VERSION="220" …?>`, then `<OFX>`
//!   with every tag closed.
//!
//! Statements: `BANKMSGSRSV1/STMTTRNRS/STMTRS` (account in `BANKACCTFROM`) and
//! `CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS` (`CCACCTFROM`); a file of several is one input per
//! statement (`Parsed::statements`). Each `STMTTRN` is a row on the line of its `<STMTTRN>`:
//! `TRNAMT` signed from the customer's side (negative: money out, a card purchase), `FITID`
//! the reference, `NAME` (or `PAYEE/NAME`) the counterparty, `MEMO` the description, `TRNTYPE`
//! the kind where the text says nothing more (`FEE`, `INT`, `XFER`, `HOLD` pending, …).
//! Amounts are in `CURDEF`, or in `CURRENCY/CURSYM` when the row names one; `ORIGCURRENCY`
//! (the amount was converted from it at `CURRATE`, the ratio of CURDEF to it) gives the row's
//! `original`, the amount divided by the printed rate to the cent (`TRNAMT` −43.10 at 0.862 is
//! 50.00 EUR), also added to the description (`original 50.00 EUR`).
//!
//! Accounts are `institution:last4` as elsewhere (`icbc:4321`): the institution is the bank
//! code `FI/ORG` names when we know it (`HSBC` → `hsbc`), `apple-card` for Apple (without digits, as its CSV export: the two exports
//! of the card are one account, and rows both list are counted once), else ORG in
//! lower case with dashes (`First Example Bank` → `first-example-bank`), else `bank` (or
//! `card` for a credit-card statement); the digits are the last four of `ACCTID`.
//!
//! Times (`DTPOSTED`, `20240105120000.000[-5:EST]`): the bracket is the zone (hours, may be
//! fractional: `[+5.5:IST]`); without one the zone `--tz` (or the config's `timezone`) gives,
//! else the OFX specification's default, UTC (never the built-in China default). A date alone
//! (`20240105`) or a midnight stamp (`20240105000000`, what banks write for a posting date) has
//! day precision. `LEDGERBAL/BALAMT` as of `DTASOF` is the closing balance: it goes on the last
//! booked row (OFX has no opening balance, so one statement alone gives D003 nothing to check).
//!
//! The `CHARSET` header is not trusted: decoding goes by the bytes (`decode.rs`), so a file
//! that says 1252 but is UTF-8, or says UTF-8 but is 1252, reads right either way.

mod document;
mod lexer;
mod values;

use super::{Adapter, Coverage, IngestOptions, Parsed, Rejected, SourceText};
use crate::institutions;
use crate::model::{Account, Direction, Kind, Money, Side, Status, Transaction, Zone, last4_digits};
use document::{Entry, Statement};
use values::{ofx_amount, ofx_time};

pub struct Ofx;

/// The zone of a time without a bracket when `--tz` is not given: the specification's.
const UTC: Zone = Zone::Named(chrono_tz::UTC);

/// How far into the file the start of an OFX document is looked for.
const SNIFF_BYTES: usize = 8 << 10;

impl Adapter for Ofx {
    fn name(&self) -> &str {
        "ofx"
    }
    fn side(&self) -> Side {
        Side::Bank
    }
    fn description(&self) -> &'static str {
        "OFX/QFX bank and credit-card statements (SGML v1 and XML v2; Apple Card's OFX export)"
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[&["OFXHEADER:100"], &["<OFX>"]]
    }
    /// An OFX file starts with its `OFXHEADER:` line, an `<?OFX …?>` instruction or `<OFX>`
    /// itself; the header is the line of `<OFX>`.
    fn sniff(&self, src: &SourceText) -> Option<usize> {
        let start = super::table::head(&src.text, SNIFF_BYTES);
        let lead = start.trim_start_matches(['\u{feff}', ' ', '\t', '\n']);
        let ofx = lead.starts_with("OFXHEADER:") || lead.starts_with("<OFX>") || start.contains("<?OFX ");
        let root = start.find("<OFX>")?;
        ofx.then(|| start.get(..root).map_or(0, |s| s.matches('\n').count()))
    }
    fn identified_by(&self) -> Option<&'static str> {
        Some("an OFXHEADER: line, an <?OFX …?> instruction or <OFX> at the top, and the <OFX> root")
    }
    /// One document per file: no line inside it starts another export.
    fn claims_header(&self, _line: &str) -> bool {
        false
    }
    fn parse(&self, src: &SourceText, header: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let zone = opts.zone_or(UTC);
        let start = line_start(&src.text, header);
        let root = src.text.get(start..).and_then(|s| s.find("<OFX>")).map_or(start, |i| start + i);
        let doc = document::read(&src.text, root, header + 1);
        let mut parsed: Vec<Parsed> =
            doc.statements.iter().map(|s| read_statement(src, doc.org.as_deref(), s, zone)).collect();
        if parsed.is_empty() {
            let why = doc.problems.first().map(|(l, p)| format!(" (line {l}: {p})")).unwrap_or_default();
            return Err(format!(
                "no bank or credit-card statement (STMTRS or CCSTMTRS) in this OFX file{why}; investment statements are not read"
            ));
        }
        let mut first = parsed.remove(0);
        for (line, reason) in &doc.problems {
            first.rows += 1;
            first.rejected.push(reject(src, *line, reason));
        }
        first.statements = parsed;
        Ok(first)
    }
}

/// The byte where 0-based `line` starts.
fn line_start(text: &str, line: usize) -> usize {
    text.split_inclusive('\n').take(line).map(str::len).sum()
}

fn reject(src: &SourceText, line: usize, reason: &str) -> Rejected {
    let raw = src.text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
    Rejected { source: src.at(line), reason: reason.to_string(), raw: super::table::head(raw, 1 << 10).to_string() }
}

/// The account label of a statement (see the module documentation).
fn account_of(org: Option<&str>, s: &Statement) -> String {
    let institution = match org.map(str::trim).filter(|o| !o.is_empty()) {
        // The Apple Card CSV names no card digits: both exports of the card are one account.
        Some(o) if o.to_ascii_lowercase().contains("apple") => return super::apple_card::ACCOUNT.to_string(),
        Some(o) => institutions::bank_of(o).map_or_else(|| slug(o), str::to_string),
        None => String::new(),
    };
    let institution =
        if institution.is_empty() { if s.card { "card" } else { "bank" }.to_string() } else { institution };
    let digits = s.acct_id.as_deref().and_then(last4_digits);
    Account::label(&institution, digits.as_deref())
}

/// `First Example Bank, N.A.` → `first-example-bank-n-a`: lower-case ASCII words joined by dashes.
pub(crate) fn slug(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    super::table::head(&words.join("-"), 40).trim_end_matches('-').to_string()
}

fn read_statement(src: &SourceText, org: Option<&str>, s: &Statement, zone: Zone) -> Parsed {
    let account = account_of(org, s);
    let mut out = Parsed { account: account.clone(), ..Parsed::default() };
    let curdef = s.curdef.clone().unwrap_or_else(|| "USD".to_string());
    for entry in &s.entries {
        out.rows += 1;
        match read_entry(src, &account, &curdef, entry, zone) {
            Ok(t) => out.transactions.push(t),
            Err(reason) => out.rejected.push(reject(src, entry.line, &reason)),
        }
    }
    for (line, reason) in &s.problems {
        out.rows += 1;
        out.rejected.push(reject(src, *line, reason));
    }
    let time = |raw: &str| ofx_time(raw, zone);
    let period = (s.start.as_deref().map(time), s.end.as_deref().map(time));
    if let (Some(Ok(from)), Some(Ok(to))) = period {
        out.declared_coverage = Some(Coverage { from: from.at, to: to.latest() });
    }
    if let Some(Ok(amount)) = s.ledger.0.as_deref().map(ofx_amount) {
        // The balance as of DTASOF: the last booked row's only when no row is later.
        let as_of = s.ledger.1.as_deref().and_then(|t| ofx_time(t, zone).ok()).map(|t| t.latest());
        let last = out.transactions.iter().filter(|t| t.money.currency == curdef).map(|t| t.time.at).max();
        if as_of.is_none_or(|a| last.is_none_or(|l| l <= a)) {
            super::balances::place(&mut out.transactions, None, Some(&Money::new(amount, curdef)));
        }
    }
    out
}

fn read_entry(src: &SourceText, account: &str, curdef: &str, e: &Entry, zone: Zone) -> Result<Transaction, String> {
    let raw_amount = e.amount.as_deref().ok_or("the transaction has no amount (TRNAMT)")?;
    let signed = ofx_amount(raw_amount)?;
    let posted = e.posted.as_deref().or(e.user.as_deref()).ok_or("the transaction has no date (DTPOSTED)")?;
    let time = ofx_time(posted, zone).map_err(|why| format!("DTPOSTED: {why}"))?;
    let currency = match e.currency.0.as_deref() {
        Some(c) => currency_code(c)?,
        None => curdef.to_string(),
    };
    let direction = match signed.cmp(&rust_decimal::Decimal::ZERO) {
        std::cmp::Ordering::Less => Direction::Out,
        std::cmp::Ordering::Greater => Direction::In,
        std::cmp::Ordering::Equal => Direction::Neutral,
    };
    let money = Money::new(signed.abs(), currency);
    let mut t = Transaction::new(src.at(e.line), Side::Bank, account, time, money, direction);
    t.counterparty = e.name.clone().or_else(|| e.payee.clone());
    let mut description = e.memo.clone();
    if let (Some(sym), Some(rate)) = (e.orig.0.as_deref(), e.orig.1.as_deref()) {
        let original = ofx_amount(rate).ok().filter(|r| !r.is_zero()).and_then(|r| signed.abs().checked_div(r));
        if let (Some(original), Ok(sym)) = (original, currency_code(sym)) {
            // The statement prints the rate, not the amount: to the cent, as it was charged.
            let original = Money::new(original.round_dp(2), sym);
            let note = format!("original {original}");
            description = Some(description.map_or(note.clone(), |d| format!("{d} ({note})")));
            t.original = Some(original).filter(|o| o.currency != t.money.currency);
        }
    }
    t.description = description;
    t.reference = e.fitid.clone().or_else(|| e.checknum.clone());
    t.card_last4 = Account::parse(account).card.map(str::to_string);
    let texts = [t.counterparty.as_deref(), t.description.as_deref()];
    t.provider = institutions::recognise(texts.iter().flatten().copied()).map(str::to_string);
    let trntype = e.trntype.as_deref().unwrap_or_default().trim().to_ascii_uppercase();
    let words = texts.iter().flatten().copied().collect::<Vec<_>>().join(" ");
    t.kind = match super::cells::kind_from_summary(&words, direction) {
        Kind::Other => kind_of(&trntype, direction),
        kind => kind,
    };
    if trntype == "HOLD" {
        t.status = Status::Pending;
    }
    Ok(t)
}

/// The kind a `TRNTYPE` says, when the row's text says nothing more specific.
fn kind_of(trntype: &str, direction: Direction) -> Kind {
    match trntype {
        "FEE" | "SRVCHG" => Kind::Fee,
        "INT" | "DIV" | "DIRECTDEP" => Kind::Income,
        "XFER" => Kind::Transfer,
        "POS" | "CHECK" | "PAYMENT" | "DIRECTDEBIT" | "REPEATPMT" | "ATM" | "CASH" => Kind::Payment,
        _ if direction == Direction::Out => Kind::Payment,
        _ => Kind::Other,
    }
}

fn currency_code(raw: &str) -> Result<String, String> {
    super::cells::currency_code(raw).ok_or_else(|| format!("currency {raw:?} is not an ISO 4217 code"))
}
