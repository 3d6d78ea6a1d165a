//! The `camt053` adapter: bytes -> SourceText -> sniff -> parse, every statement of the
//! file checked (nothing lost, lines inside the file). The first byte picks a real document start
//! to put before the rest, or none, so that sniffing passes; see `PREFIXES`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wallet_audit::ingest::SourceText;
use wallet_audit_fuzz::{PATH, adapter, check_parsed, options};

const PREFIXES: &[&str] = &[
    "",
    "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt>\n<Stmt>\n<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>\n<Ntry>\n",
    "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n<BkToCstmrStmt><Stmt><Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">1.00</Amt></Bal><Ntry><Amt Ccy=\"EUR\">",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let prefix = PREFIXES[usize::from(selector) % PREFIXES.len()];
    let bytes = [prefix.as_bytes(), rest].concat();
    let src = SourceText::from_bytes(PATH, &bytes);
    let adapter = adapter("camt053");
    let Some(header) = adapter.sniff(&src) else { return };
    assert!(header < src.text.lines().count().max(1), "header line {header} is past the end");
    match adapter.parse(&src, header, &options()) {
        Ok(mut parsed) => {
            let further = std::mem::take(&mut parsed.statements);
            for statement in std::iter::once(&parsed).chain(&further) {
                check_parsed(adapter.name(), &src, statement);
            }
        }
        Err(e) => assert!(!e.is_empty(), "an empty error message"),
    }
});
