//! Sizes as messages show them (`1 GiB`), for the input caps of files and workbooks.

/// A size as messages show it: `1 GiB`, `512 MiB`, `1 KiB`, else bytes.
pub fn size_text(bytes: u64) -> String {
    for (shift, unit) in [(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return format!("{} {unit}", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}
