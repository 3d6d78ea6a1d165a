//! The `camt053` adapter: bytes -> SourceText -> sniff -> parse, every statement of the
//! file checked (nothing lost, lines inside the file). The first byte picks a real document start
//! to put before the rest, or none, so that sniffing passes; see `PREFIXES`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wallet_audit_fuzz::check_prefixed;

const PREFIXES: &[&str] = &[
    "",
    "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt>\n<Stmt>\n<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>\n<Ntry>\n",
    "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n<BkToCstmrStmt><Stmt><Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">1.00</Amt></Bal><Ntry><Amt Ccy=\"EUR\">",
];

fuzz_target!(|data: &[u8]| check_prefixed("camt053", PREFIXES, data));
