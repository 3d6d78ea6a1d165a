//! The `mt940` adapter: bytes -> SourceText -> sniff -> parse, every statement (account) of the
//! file checked (nothing lost, lines inside the file). The first byte picks a real statement
//! start to put before the rest (bare with CRLF, or in a SWIFT envelope), or none, so that
//! sniffing passes and the fuzzer spends its time in the `:61:`/`:86:` reader; see `PREFIXES`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wallet_audit_fuzz::check_prefixed;

const PREFIXES: &[&str] = &[
    "",
    ":20:STMT1\r\n:25:DE75512108001245126199\r\n:28C:00001/001\r\n:60F:C260111EUR1520,00\r\n",
    "{1:F01NORDDEFFAXXX0000000000}{2:O9400630260113NORDDEFFAXXX00000000002601130630N}{4:\n:20:STMT2\n:25:10020030/1234567\n:28C:00012/002\n:60M:D260202USD85,\n",
];

fuzz_target!(|data: &[u8]| check_prefixed("mt940", PREFIXES, data));
