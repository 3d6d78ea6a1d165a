//! A user mapping (three fixed layouts) reading fuzzed CSV: the first byte picks the mapping
//! (low bits) and whether its header is put before the rest (bit 7).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wallet_audit::ingest::{Adapter, SourceText};
use wallet_audit_fuzz::{PATH, check_parsed, mapping_entry, mappings, options};

fuzz_target!(|data: &[u8]| {
    let Some((index, bytes)) = mapping_entry(data) else { return };
    let mapping = &mappings()[index];
    let src = SourceText::from_bytes(PATH, &bytes);
    let _ = mapping.missing_columns(&src);
    let Some(header) = mapping.sniff(&src) else { return };
    assert!(header < src.text.lines().count(), "mapping: header line {header} is past the end");
    match mapping.parse(&src, header, &options()) {
        Ok(parsed) => check_parsed(mapping.name(), &src, &parsed),
        Err(e) => assert!(!e.is_empty(), "mapping: an empty error message"),
    }
});
