//! The whole audit on one fuzzed file, as `wallet-audit check FILE` runs it: ingest, ledger,
//! reconcile, analysis, rules, report, JSON/JSONL/table. The first byte picks a real header
//! (and preamble) to put before the rest, or none (`entry_bytes`); its top bit picks Chinese
//! output. Checks rows = transactions + duplicates + rejected per input, that the JSON
//! parses, and that no control character (ESC above all) reaches the table.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wallet_audit::finding::Lang;
use wallet_audit_fuzz::{check_pipeline, entry_bytes};

fuzz_target!(|data: &[u8]| {
    let lang = match data.first() {
        Some(b) if b & 0x80 != 0 => Lang::Zh,
        _ => Lang::En,
    };
    let bytes = entry_bytes("pipeline", data);
    check_pipeline(&bytes, lang);
});
