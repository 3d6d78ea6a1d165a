//! Workbooks (XLSX, and XLS in the old binary format) read through calamine: each sheet that
//! holds data becomes the text the CSV adapters read, one CSV line per sheet row, so that
//! line N is sheet row N and evidence `file:line` is the row the user sees in Excel. Reading
//! is bounded before anything is inflated or parsed (zip bombs, cell ranges, repeated text),
//! and a header row with merged or unnamed cells is refused, naming file and sheet.

mod biff;
mod cells;
mod ole;
mod xls;
mod xlsx;

use super::{ADAPTERS, SourceText, header_owner};
use crate::ingest::sizes::size_text;
use std::sync::Arc;

/// The signatures workbooks start with: a zip's first local file header (XLSX) and an OLE
/// compound file (XLS, and Office's encrypted containers).
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether `bytes` are a workbook, by content (never by the file's name).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(OLE_MAGIC)
}

/// What one workbook may cost; see [`Caps::for_file`].
pub struct Caps {
    /// Bytes the zip's members may inflate to, summed as their headers declare them.
    pub inflated: u64,
    /// Excel's own limits: 1,048,576 rows; no export has more than 256 columns.
    pub rows: u32,
    pub columns: u32,
    /// Cells with a value, in all sheets.
    pub cells: usize,
    /// The CSV text all sheets become.
    pub text_bytes: usize,
    /// The cell range (rows × columns) one sheet of an `.xls` may span: its reader allocates
    /// the whole range.
    pub grid_cells: usize,
}

/// 256 MiB: the most a workbook may inflate to, and the most text its sheets may become.
const MAX_INFLATED: u64 = 256 << 20;
/// A workbook's XML compresses about 5–15 times; a zip bomb a thousand times and more.
const INFLATE_RATIO: u64 = 50;

impl Caps {
    /// The caps for a file of `len` bytes read under the input cap `input_cap`: it may inflate
    /// to 50 times its size (at least 1 MiB, so that tiny files are not refused), at most
    /// 256 MiB, and never more than the input cap.
    pub fn for_file(len: u64, input_cap: u64) -> Caps {
        let inflated = len.saturating_mul(INFLATE_RATIO).clamp(1 << 20, MAX_INFLATED).min(input_cap);
        Caps {
            inflated,
            rows: 1 << 20,
            columns: 256,
            cells: 5_000_000,
            text_bytes: MAX_INFLATED as usize,
            grid_cells: 4 << 20,
        }
    }
}

/// One sheet as read: its cells with values (0-based row and column, as text) and its
/// merged regions.
pub struct Sheet {
    pub name: String,
    pub cells: Vec<Cell>,
    pub merged: Vec<calamine::Dimensions>,
}

pub struct Cell {
    pub row: u32,
    pub col: u32,
    pub text: String,
}

/// Counts what the readers take against the caps.
pub struct Budget<'a> {
    pub shown: &'a str,
    pub caps: Caps,
    cells: usize,
    bytes: usize,
}

impl Budget<'_> {
    /// Adds a cell to `sheet`, or says which cap it passes.
    pub fn push(&mut self, sheet: &mut Sheet, row: u32, col: u32, text: String) -> Result<(), String> {
        let at = || format!("{}[{}]: cell {}", self.shown, sheet.name, cell_name(row, col));
        if row >= self.caps.rows {
            return Err(format!("{}: past row {}, the last row a sheet can have", at(), self.caps.rows));
        }
        if col >= self.caps.columns {
            return Err(format!(
                "{}: past column {}; no statement export has that many columns",
                at(),
                self.caps.columns
            ));
        }
        self.cells += 1;
        self.bytes = self.bytes.saturating_add(text.len() + 1);
        if self.cells > self.caps.cells {
            return Err(format!("{}: more than {} cells in the workbook", self.shown, self.caps.cells));
        }
        if self.bytes > self.caps.text_bytes {
            return Err(format!(
                "{}: its cells hold more than {} of text",
                self.shown,
                size_text(self.caps.text_bytes as u64)
            ));
        }
        sheet.cells.push(Cell { row, col, text });
        Ok(())
    }
}

/// The error for an encrypted workbook: what the user can do about it.
pub fn password_protected(shown: &str) -> String {
    format!(
        "{shown}: the workbook is password-protected: open it in Excel and save it without a password, or export CSV"
    )
}

/// `A1`-style name of a 0-based cell position.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
}

/// The sheets of the workbook in `bytes` that hold data, as sources: the first keeps the
/// path `shown`, the others are `shown[Sheet name]`. An error names the file (and the sheet).
pub fn read(shown: &str, bytes: &[u8], input_cap: u64) -> Result<Vec<SourceText>, String> {
    let mut budget = Budget { shown, caps: Caps::for_file(bytes.len() as u64, input_cap), cells: 0, bytes: 0 };
    let (sheets, encoding) = if bytes.starts_with(ZIP_MAGIC) {
        (xlsx::read(bytes, &mut budget)?, "xlsx")
    } else {
        (xls::read(bytes, &mut budget)?, "xls")
    };
    let mut sources = Vec::new();
    for mut sheet in sheets {
        if sheet.cells.is_empty() {
            continue;
        }
        let path = match sources.is_empty() {
            true => shown.to_string(),
            false => format!("{shown}[{}]", sheet.name),
        };
        let text = sheet_text(&mut sheet, shown)?;
        sources.push(SourceText { path: Arc::from(path), text, encoding, first_line: 0 });
    }
    if sources.is_empty() {
        return Err(format!("{shown}: the workbook holds no data (every sheet is empty)"));
    }
    Ok(sources)
}

/// The sheet as CSV: line N holds row N's cells (padded to the sheet's width, so that a row
/// whose last cells are empty is not taken for a row cut short); empty rows are empty lines.
fn sheet_text(sheet: &mut Sheet, shown: &str) -> Result<String, String> {
    sheet.cells.sort_by_key(|c| (c.row, c.col));
    sheet.cells.dedup_by_key(|c| (c.row, c.col));
    let width = sheet.cells.iter().map(|c| c.col as usize + 1).max().unwrap_or(0);
    let text = std::cell::RefCell::new(Vec::new());
    let mut out =
        csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::Any(b'\n')).from_writer(Sink(&text));
    let mut record = vec![""; width];
    let mut next_row = 0u32;
    let fail = |e: std::io::Error| format!("{shown}[{}]: cannot write the sheet as text: {e}", sheet.name);
    for row in sheet.cells.chunk_by(|a, b| a.row == b.row) {
        let Some(first) = row.first() else { continue };
        if first.row > next_row {
            // Empty rows are empty lines (the writer would write `""` for an empty record).
            out.flush().map_err(fail)?;
            let empty = usize::try_from(first.row - next_row).unwrap_or(0);
            text.borrow_mut().extend(std::iter::repeat_n(b'\n', empty));
        }
        record.iter_mut().for_each(|r| *r = "");
        for c in row {
            if let Some(slot) = record.get_mut(c.col as usize) {
                *slot = &c.text;
            }
        }
        out.write_record(&record).map_err(|e| fail(e.into()))?;
        next_row = first.row + 1;
    }
    out.flush().map_err(fail)?;
    drop(out);
    let text = String::from_utf8(text.into_inner())
        .map_err(|_| format!("{shown}[{}]: the sheet's text is not UTF-8", sheet.name))?;
    check_headers(sheet, &text, shown)?;
    Ok(text)
}

/// Lets the text be appended to between the csv writer's records (empty rows).
struct Sink<'a>(&'a std::cell::RefCell<Vec<u8>>);

impl std::io::Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Refuses a header row (a row some format claims as its header) with merged cells or empty
/// cells between named ones: which column holds which value cannot be known. Only header
/// rows are judged: titles and preamble lines above them are often one cell merged across.
fn check_headers(sheet: &Sheet, text: &str, shown: &str) -> Result<(), String> {
    let adapters: Vec<&dyn super::Adapter> = ADAPTERS.iter().copied().collect();
    for (i, line) in text.lines().enumerate() {
        // Header rows name columns; data rows hold dates and amounts (as segments.rs reasons).
        if line.bytes().any(|b| b.is_ascii_digit()) || line.bytes().filter(|&b| b == b',').count() < 2 {
            continue;
        }
        if header_owner(&adapters, line).is_none() {
            continue;
        }
        let row = i as u32;
        let place = format!("{shown}[{}]: the header row (row {})", sheet.name, i + 1);
        let advice = "unmerge and name every header cell in Excel and save, or export the statement as CSV";
        if let Some(m) = sheet
            .merged
            .iter()
            .find(|m| m.start.0 <= row && row <= m.end.0 && (m.start.1 != m.end.1 || m.start.0 != m.end.0))
        {
            let (from, to) = (cell_name(m.start.0, m.start.1), cell_name(m.end.0, m.end.1));
            return Err(format!(
                "{place} has merged cells ({from}:{to}): which column holds which value cannot be known; {advice}"
            ));
        }
        let named: Vec<u32> =
            sheet.cells.iter().filter(|c| c.row == row && !c.text.trim().is_empty()).map(|c| c.col).collect();
        let (Some(&first), Some(&last)) = (named.first(), named.last()) else { continue };
        if let Some(gap) = (first..=last).find(|col| !named.contains(col)) {
            return Err(format!(
                "{place} has an empty cell ({}) between named columns: which column holds which value \
                 cannot be known; {advice}",
                cell_name(row, gap)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(16, 5), "F17");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 255), "IV10");
    }

    #[test]
    fn caps_scale_with_the_file() {
        assert_eq!(Caps::for_file(10_000, 1 << 30).inflated, 1 << 20);
        assert_eq!(Caps::for_file(1 << 20, 1 << 30).inflated, 50 << 20);
        assert_eq!(Caps::for_file(100 << 20, 1 << 30).inflated, 256 << 20);
        assert_eq!(Caps::for_file(1 << 20, 10 << 20).inflated, 10 << 20);
    }
}
