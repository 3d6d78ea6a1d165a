//! The `ofx` adapter: bytes -> SourceText -> sniff -> parse, every statement of the
//! file checked (nothing lost, lines inside the file). The first byte picks a real document start
//! to put before the rest, or none, so that sniffing passes; see `PREFIXES`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wallet_audit_fuzz::check_prefixed;

const PREFIXES: &[&str] = &[
    "",
    "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nCHARSET:1252\n\n<OFX>\n<BANKMSGSRSV1>\n<STMTTRNRS>\n<STMTRS>\n<CURDEF>USD\n<BANKACCTFROM>\n<ACCTID>123456789\n</BANKACCTFROM>\n<BANKTRANLIST>\n<STMTTRN>\n",
    "<?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"220\"?>\n<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>USD</CURDEF><CCACCTFROM><ACCTID>5555</ACCTID></CCACCTFROM><BANKTRANLIST><STMTTRN>",
];

fuzz_target!(|data: &[u8]| check_prefixed("ofx", PREFIXES, data));
