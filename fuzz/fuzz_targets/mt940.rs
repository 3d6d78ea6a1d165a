//! The `mt940` adapter: bytes -> SourceText -> sniff -> parse, every statement (account) of the
//! file checked (nothing lost, lines inside the file). The first byte picks a real statement
//! start to put before the rest (bare with CRLF, or in a SWIFT envelope), or none, so that
//! sniffing passes and the fuzzer spends its time in the `:61:`/`:86:` reader; see `PREFIXES`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wallet_audit::ingest::SourceText;
use wallet_audit_fuzz::{PATH, adapter, check_parsed, options};

const PREFIXES: &[&str] = &[
    "",
    ":20:STMT1\r\n:25:DE75512108001245126199\r\n:28C:00001/001\r\n:60F:C260111EUR1520,00\r\n",
    "{1:F01NORDDEFFAXXX0000000000}{2:O9400630260113NORDDEFFAXXX00000000002601130630N}{4:\n:20:STMT2\n:25:10020030/1234567\n:28C:00012/002\n:60M:D260202USD85,\n",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let prefix = PREFIXES[usize::from(selector) % PREFIXES.len()];
    let bytes = [prefix.as_bytes(), rest].concat();
    let src = SourceText::from_bytes(PATH, &bytes);
    let adapter = adapter("mt940");
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
