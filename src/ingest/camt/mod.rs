//! CAMT.053 bank-to-customer statements (ISO 20022 XML, `urn:iso:std:iso:20022:tech:xsd:
//! camt.053.001.02` to `.001.08`, as European banks export them), read with a streaming XML
//! reader (quick-xml events; no tree of the file is built, and memory beyond the text is one
//! entry at a time plus the rows read).
//!
//! `Document/BkToCstmrStmt/Stmt`: one input per `Stmt` (`Parsed::statements`); its account is
//! `Acct/Id/IBAN` (or `Othr/Id`), labelled `institution:last4` like every bank statement: the
//! bank code `Acct/Svcr/FinInstnId/Nm` names when we know it, else that name in lower case with
//! dashes, else the BIC's four-letter bank code (`DEUTDEFF` → `deut`), else `bank`. `Bal` with
//! `Tp/CdOrPrtry/Cd` `OPBD` (or `PRCD`) is the opening balance, `CLBD` the closing one
//! (`CdtDbtInd` `DBIT` makes either negative): they go on the first and last booked rows, where
//! D003 checks the entries add up (`ingest::balances`). `FrToDt` is the declared coverage.
//!
//! Each `Ntry` is a row on the line of its `<Ntry>`: `Amt` (`@Ccy`) with `CdtDbtInd` `CRDT` (in)
//! or `DBIT` (out); `Sts` as `<Sts>BOOK</Sts>` (up to .001.05) or `<Sts><Cd>BOOK</Cd></Sts>`
//! (.001.06 on): `BOOK` booked, `PDNG`, `INFO` and `FUTR` pending; `BookgDt` (else `ValDt`),
//! `Dt` (a day) or `DtTm` (its own offset; a day or a time without one in the zone `--tz` or
//! the config's `timezone` gives, else UTC, never the built-in China default); `RvslInd`
//! `true`, or a return (`RtrInf`), makes the entry a refund of the debit it returns, with
//! `RtrInf/Rsn/Cd` (`AM04`, `AC06`, …) and `AddtlInf` as its failure for the classifier;
//! reference `AcctSvcrRef`, else `NtryRef`, else `Refs/EndToEndId` (`NOTPROVIDED` is none);
//! counterparty the creditor of a debit or the debtor of a credit (`RltdPties/Cdtr/Nm`, in
//! .001.08 `Cdtr/Pty/Nm`); description `RmtInf/Ustrd`, else `AddtlNtryInf`. A converted entry's
//! `NtryDtls/TxDtls/AmtDtls/InstdAmt` (or `TxAmt`) in another currency, with its `CcyXchg`, is
//! the row's `original`: the amount the statement prints in that currency, taken as printed.
//!
//! XML safety: quick-xml never expands entities other than the five predefined ones and
//! character references; a DOCTYPE's entity declarations are ignored and `&lol9;` stays text,
//! so an entity-expansion attack costs nothing. Values are cut at 4 KiB. Malformed XML stops
//! the reading at that line: the entries read before it stay, the rest is one rejected row.

mod entry;
mod reader;

use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::Side;

pub struct Camt053;

/// The namespace that names a bank-to-customer statement, any version.
const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:camt.053.";
/// How far into the file the root element's namespace is looked for.
const SNIFF_BYTES: usize = 8 << 10;

impl Adapter for Camt053 {
    fn name(&self) -> &str {
        "camt053"
    }
    fn side(&self) -> Side {
        Side::Bank
    }
    fn description(&self) -> &'static str {
        "CAMT.053 bank statement (ISO 20022 XML, camt.053.001.02 to .001.08)"
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[&["<BkToCstmrStmt>"]]
    }
    /// The camt.053 namespace near the top; the header is the line of `<BkToCstmrStmt>`.
    fn sniff(&self, src: &SourceText) -> Option<usize> {
        let start = super::table::head(&src.text, SNIFF_BYTES);
        start.find(NAMESPACE)?;
        let root = start.find("<BkToCstmrStmt").or_else(|| start.find("<Document"))?;
        Some(start.get(..root).map_or(0, |s| s.matches('\n').count()))
    }
    fn identified_by(&self) -> Option<&'static str> {
        Some("the camt.053 namespace (urn:iso:std:iso:20022:tech:xsd:camt.053.*) near the top")
    }
    /// One document per file: no line inside it starts another export.
    fn claims_header(&self, _line: &str) -> bool {
        false
    }
    fn parse(&self, src: &SourceText, _header: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        // ISO 20022 times without an offset, and bare dates, are UTC unless --tz says otherwise.
        let mut statements = reader::read(src, opts.zone_or(crate::model::Zone::Named(chrono_tz::UTC)))?;
        if statements.is_empty() {
            return Err("no statement (Stmt) in this CAMT.053 file".into());
        }
        let mut first = statements.remove(0);
        first.statements = statements;
        Ok(first)
    }
}
