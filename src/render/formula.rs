//! Spreadsheet formula neutralising for every CSV the tool writes (DESIGN.md §5, §6): a cell
//! read from input that starts like a formula is written as text.

use std::borrow::Cow;

/// The characters a spreadsheet reads as the start of a formula (or, TAB and CR, that some
/// strip before looking): `=`, `+`, `-`, `@`.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Prefixes `'` to a cell that starts like a formula, so that Excel, LibreOffice and Google
/// Sheets show `=HYPERLINK(…)` as text instead of running it. Numbers the tool formats itself
/// (a signed balance `-12.00`) are not cells from input and are not passed through here.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_starts_get_a_quote() {
        for cell in ["=HYPERLINK(\"http://x.example\",\"点我\")", "+1+1", "-2+3", "@SUM(1)", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
    }

    #[test]
    fn other_cells_are_kept() {
        for cell in ["盒马鲜生", "工商银行(4321)", "a=b", "2026-09-05T11:30:20+08:00", "", "'quoted"] {
            assert_eq!(neutralise(cell), cell);
        }
    }
}
