//! The `wechat` adapter: bytes -> SourceText -> sniff -> parse. The first byte picks a real
//! header (and preamble) to put before the rest, or none; see `wallet_audit_fuzz::entry_bytes`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wallet_audit_fuzz::{adapter, check_adapter, entry_bytes};

fuzz_target!(|data: &[u8]| {
    let bytes = entry_bytes("wechat", data);
    check_adapter(adapter("wechat"), &bytes);
});
