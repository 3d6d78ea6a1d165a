//! Decoding any bytes: UTF-8 (BOM or not), UTF-16 (BOM or NUL-heavy), GB18030.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wallet_audit::ingest::decode::decode;

fuzz_target!(|data: &[u8]| {
    let (text, encoding) = decode(data);
    assert!(!encoding.is_empty());
    assert!(!text.contains('\r'), "line endings come out as \\n only");
    // Plain UTF-8 (no BOM, no NUL that could make it look like UTF-16) is kept as it is,
    // apart from line endings, and keeps its line count.
    if let Ok(input) = std::str::from_utf8(data) {
        if !input.starts_with('\u{feff}') && !input.contains('\0') {
            assert_eq!(encoding, "UTF-8");
            if !input.contains('\r') {
                assert_eq!(text, input);
            }
            let breaks = if input.contains('\n') { input.matches('\n').count() } else { input.matches('\r').count() };
            assert_eq!(text.matches('\n').count(), breaks, "line numbers are unchanged");
        }
    }
});
