//! Shared reading of delimited exports: locating the header, rows with physical line numbers,
//! cell cleaning, column lookup and row width checks.

use super::{Parsed, Rejected, SourceText};
use crate::model::{Transaction, parse_timestamp};
use chrono::FixedOffset;

pub use super::preamble::{preamble_period, preamble_value};

/// One data row: its 1-based physical line and its cleaned cells.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
    /// The row stands above the header (a sorted spreadsheet moves rows there).
    pub above_header: bool,
    /// No line ending after this row: it is the file's last. That alone is no sign of a cut
    /// (HSBC's exports, and many a spreadsheet's re-save, end without one); readers of files
    /// that may leave out trailing cells (attempts logs, mapped files) ask for every cell here.
    pub unterminated: bool,
    /// The file ends inside a quoted cell of this row: it was cut mid-cell (`…,"1,23`), so no
    /// cell of it can be trusted and [`collect_rows`] rejects it.
    pub cut_in_quote: bool,
}

impl Row {
    /// The cell at `column`, `None` when the column is absent or the cell is empty, `/` or `-`.
    pub fn get(&self, column: Option<usize>) -> Option<&str> {
        let cell = self.cells.get(column?)?.as_str();
        (!is_placeholder(cell)).then_some(cell)
    }

    /// [`Row::get`], owned.
    pub fn text(&self, column: Option<usize>) -> Option<String> {
        self.get(column).map(str::to_string)
    }

    /// The row as the user would recognise it in the file, for error messages.
    pub fn raw(&self) -> String {
        self.cells.join(",")
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.is_empty())
    }

    pub fn reject(&self, src: &SourceText, reason: impl Into<String>) -> Rejected {
        let mut reason = reason.into();
        if self.above_header {
            reason.push_str(" (the row stands above the header row)");
        }
        let mut raw = self.raw();
        if raw.len() > MAX_RAW_BYTES {
            raw = format!("{}…", head(&raw, MAX_RAW_BYTES));
        }
        Rejected { source: src.at(self.line), reason, raw }
    }

    /// Whether a cell is a date: such a row is data, never a footer.
    pub fn is_dated(&self) -> bool {
        self.cells.iter().any(|c| is_date(c))
    }
}

/// Exports pad cells with spaces, end them with TABs (to stop spreadsheets from mangling
/// long numbers) and use full-width spaces; none of that is content.
pub fn clean(cell: &str) -> String {
    cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}').to_string()
}

/// Wallets and banks write `/`, `-` or `--` for "nothing here".
pub fn is_placeholder(cell: &str) -> bool {
    matches!(cell, "" | "/" | "-" | "--" | "—")
}

/// The header row: the first of the first 80 lines whose cells include all of `required`
/// (quoted or not, in any letter case).
pub fn find_header(src: &SourceText, required: &[&str]) -> Option<usize> {
    src.text.lines().take(80).position(|line| header_matches(line, required))
}

/// Header rows name a few dozen columns; a longer line is data (or garbage), not a header.
pub const MAX_HEADER_BYTES: usize = 8 << 10;

/// The first `max` bytes of `line` at most, cut at a character boundary.
pub fn head(line: &str, max: usize) -> &str {
    let mut end = max.min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line.get(..end).unwrap_or(line)
}

/// Whether the cells of `line` include all of `required` (quoted or not, in any letter case).
pub fn header_matches(line: &str, required: &[&str]) -> bool {
    if line.len() > MAX_HEADER_BYTES {
        return false;
    }
    let cells = line_cells(line);
    required.iter().all(|name| cells.iter().any(|c| c.eq_ignore_ascii_case(name)))
}

/// The cleaned cells of one line, split by the delimiter it uses, quotes removed.
pub fn line_cells(line: &str) -> Vec<String> {
    split_line(line, delimiter_of(line))
}

/// The cleaned cells of one line split at `delimiter`, quotes removed. Sniffing looks at up to
/// 80 lines per adapter, so this splits by hand instead of building a csv reader per line
/// (that cost more than reading the file).
fn split_line(line: &str, delimiter: u8) -> Vec<String> {
    let delimiter = char::from(delimiter);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => cells.push(clean(&std::mem::take(&mut cell))),
            c => cell.push(c),
        }
    }
    cells.push(clean(&cell));
    cells
}

/// A line that holds a transaction: three or more cells with values, one of them a date.
/// Preamble and footer lines (`起始时间：[2026-03-01 …]`, `共51笔记录`) hold one or two.
pub fn looks_like_row(line: &str) -> bool {
    looks_like_row_with(line, &is_date)
}

/// [`looks_like_row`] with the dates `is_date` recognises.
pub fn looks_like_row_with(line: &str, is_date: &dyn Fn(&str) -> bool) -> bool {
    let cells = line_cells(line);
    let filled = cells.iter().filter(|c| !is_placeholder(c)).count();
    filled >= 3 && cells.iter().any(|c| is_date(c))
}

/// A cell that is a date or a date and time, in any of the ways exports write them.
pub fn is_date(cell: &str) -> bool {
    cell.len() >= 8 && cell.starts_with(|c: char| c.is_ascii_digit()) && parse_timestamp(cell, UTC).is_ok()
}

const UTC: FixedOffset = match FixedOffset::east_opt(0) {
    Some(zone) => zone,
    None => panic!("UTC is a valid offset"),
};

/// Index of the first header cell equal to any of `names` (names in order of preference).
pub fn column(header: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|name| header.iter().position(|h| h == name))
}

/// The delimiter a header line uses: a comma unless TABs or semicolons clearly dominate
/// (Excel's "Unicode text" re-save of an export is TAB-separated).
pub fn delimiter_of(line: &str) -> u8 {
    let count = |c: char| line.matches(c).count();
    let (commas, tabs, semicolons) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// [`read_rows`] with the delimiter the header line uses.
pub fn read_export(src: &SourceText, header_line: usize) -> Result<(Vec<String>, Vec<Row>), String> {
    let delimiter = src.text.lines().nth(header_line).map_or(b',', delimiter_of);
    read_rows(src, header_line, delimiter)
}

/// Reads the header and the data rows: the rows after it, and rows that stand above it (a
/// dated line with three or more values is a row wherever it is). Blank lines are not rows;
/// everything else is returned so that the adapter can count it (footers are the adapter's
/// to recognise). A header naming one column twice is refused: which of the two holds the
/// data cannot be known.
pub fn read_rows(src: &SourceText, header_line: usize, delimiter: u8) -> Result<(Vec<String>, Vec<Row>), String> {
    read_rows_dated(src, header_line, delimiter, &is_date)
}

/// [`read_rows`], with `is_date` telling which cells are dates (a mapping names its own date
/// format, `%m/%d/%Y` say): a line above the header with such a cell and three values is a row.
pub fn read_rows_dated(
    src: &SourceText,
    header_line: usize,
    delimiter: u8,
    is_date: &dyn Fn(&str) -> bool,
) -> Result<(Vec<String>, Vec<Row>), String> {
    let offset: usize = src.text.split_inclusive('\n').take(header_line).map(str::len).sum();
    let body = src.text.get(offset..).unwrap_or_default();
    let mut rows: Vec<Row> = src
        .text
        .lines()
        .take(header_line)
        .enumerate()
        .filter(|(_, line)| looks_like_row_with(line, is_date))
        .map(|(i, line)| Row { line: i + 1, cells: split_line(line, delimiter), above_header: true, ..Row::default() })
        .collect();
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(body.as_bytes());
    let mut lines = LineCounter::default();
    let mut header: Option<Vec<String>> = None;
    let mut record = csv::StringRecord::new();
    loop {
        let line = lines.line_at(body, reader.position().byte() as usize) + header_line;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| lines.line_at(body, p.byte() as usize) + header_line);
                let cells: Vec<String> = record.iter().map(clean).collect();
                let Some(header) = &header else {
                    check_unique(&cells, header_line)?;
                    header = Some(cells);
                    continue;
                };
                if cells == *header {
                    // A repeated header read by an adapter directly; [`super::load`] reads the
                    // exports of a concatenated file one by one, so it never gets here.
                    continue;
                }
                let end = (reader.position().byte() as usize).min(body.len());
                let mut start = record.position().map_or(end, |p| p.byte() as usize).min(end);
                // The reader's record start lies before the blank lines in front of it; `line`
                // is the record's first line with text, so start there too.
                while start < end && body.as_bytes().get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                    start += 1;
                }
                let text = body.get(start..end).unwrap_or_default();
                // The text of the last row this record gave, if it gave one.
                let last = if !record.iter().any(|cell| cell.contains('\n')) {
                    push_row(&mut rows, Row { line, cells, ..Row::default() }).then_some(text)
                } else if cells.len() == header.len() {
                    // A quoted cell holding a line break ("Card\nexpired"): one record.
                    let cells = cells.iter().map(|c| c.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
                    push_row(&mut rows, Row { line, cells, ..Row::default() }).then_some(text)
                } else {
                    // A stray `"` opened a quote that swallowed the lines after it (the record's
                    // width is wrong). Read those lines one by one, unquoted.
                    let mut last = None;
                    for (k, text) in text.lines().enumerate() {
                        let row = Row { line: line + k, cells: unquoted_cells(text, delimiter), ..Row::default() };
                        last = push_row(&mut rows, row).then_some(text);
                    }
                    last
                };
                // The file's last row, with no line ending after it: read like any other unless
                // the end of the file falls inside one of its quoted cells.
                if end == body.len()
                    && !body.ends_with('\n')
                    && let (Some(text), Some(row)) = (last, rows.last_mut())
                {
                    row.unterminated = true;
                    row.cut_in_quote = ends_in_open_quote(text, delimiter);
                }
            }
            // Text is already valid UTF-8 and the reader is flexible, so this is rare (an
            // I/O error on an in-memory slice cannot happen); keep the line so nothing is lost.
            Err(err) => rows.push(Row { line, cells: vec![format!("<unreadable: {err}>")], ..Row::default() }),
        }
    }
    Ok((header.unwrap_or_default(), rows))
}

/// Keeps `row` unless it is blank; whether it was kept.
fn push_row(rows: &mut Vec<Row>, row: Row) -> bool {
    let kept = !row.is_blank();
    if kept {
        rows.push(row);
    }
    kept
}

/// Whether `text` (one record) ends inside a quoted cell, read as the csv reader reads it: a
/// quote opens a cell only at its start, `""` inside one is a quote, and a quote after the
/// closing one or inside an unquoted cell is text.
fn ends_in_open_quote(text: &str, delimiter: u8) -> bool {
    #[derive(Clone, Copy)]
    enum At {
        CellStart,
        Unquoted,
        Quoted,
        /// Just after a quote inside a quoted cell: its end, or the first half of `""`.
        QuoteInQuoted,
    }
    let end = text.bytes().fold(At::CellStart, |at, b| match (at, b) {
        (At::Quoted, b'"') => At::QuoteInQuoted,
        (At::Quoted, _) => At::Quoted,
        (At::QuoteInQuoted, b'"') => At::Quoted,
        (_, b) if b == delimiter || b == b'\n' => At::CellStart,
        (At::CellStart, b'"') => At::Quoted,
        _ => At::Unquoted,
    });
    matches!(end, At::Quoted)
}

/// Refuses a header that names a column twice.
fn check_unique(header: &[String], header_line: usize) -> Result<(), String> {
    for (i, name) in header.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
        if let Some(j) = header.iter().skip(i + 1).position(|other| other == name) {
            return Err(format!(
                "the header on line {} names column {name:?} twice (cells {} and {}): which one holds the \
                 data cannot be known; rename or remove one and re-run",
                header_line + 1,
                i + 1,
                i + j + 2
            ));
        }
    }
    Ok(())
}

fn unquoted_cells(line: &str, delimiter: u8) -> Vec<String> {
    line.split(char::from(delimiter)).map(clean).collect()
}

/// The longest cell an export writes, with room to spare (a long 商品 description is ~200 bytes).
const MAX_CELL_BYTES: usize = 4 << 10;

/// How much of a rejected row is kept to be shown (the row may be one 100 MB line).
const MAX_RAW_BYTES: usize = 1 << 10;

/// Counts each data row into `out` and keeps what `read` makes of it: a transaction, or the
/// row rejected with the reason, so every row is accounted for. A row holding bytes that were
/// not valid in the file's encoding (shown as U+FFFD), or one the end of the file cuts inside a
/// quoted cell, is rejected: any of its cells may be wrong.
pub fn collect_rows<'r>(
    out: &mut Parsed,
    src: &SourceText,
    rows: impl IntoIterator<Item = &'r Row>,
    mut read: impl FnMut(&Row) -> Result<Transaction, String>,
) {
    for row in rows {
        out.rows += 1;
        let damaged = row.cells.iter().any(|c| c.contains('\u{fffd}'));
        let huge = row.cells.iter().position(|c| c.len() > MAX_CELL_BYTES);
        let result = if row.cut_in_quote {
            Err("the file ends inside a quoted cell of this row: the export was cut short mid-cell; \
                 export it again"
                .to_string())
        } else if let Some(i) = huge {
            let n = row.cells.get(i).map_or(0, String::len);
            Err(format!("cell {} holds {n} bytes: no export writes a value that long; the row is damaged", i + 1))
        } else if damaged {
            Err(format!("the row holds bytes that are not valid {}: its text is damaged", src.encoding))
        } else {
            read(row)
        };
        match result {
            Ok(t) => out.transactions.push(t),
            Err(reason) => out.rejected.push(row.reject(src, reason)),
        }
    }
}

/// How many cells a row needs to reach every one of `columns`.
pub fn cells_needed(columns: impl IntoIterator<Item = Option<usize>>) -> usize {
    columns.into_iter().flatten().max().map_or(0, |i| i + 1)
}

/// Rejects rows cut short (fewer than `needed` cells) or with non-empty cells past the header's
/// `width` (a value split by an unquoted comma shifts every column after it).
pub fn check_width(row: &Row, width: usize, needed: usize) -> Result<(), String> {
    let n = row.cells.len();
    if n < needed {
        return Err(format!("row has {n} cells, the header has {width}: the row is cut short"));
    }
    if let Some(extra) = row.cells.iter().skip(width).position(|c| !c.is_empty()) {
        return Err(format!(
            "row has {n} cells, the header has {width}, and cell {} holds a value: a value probably \
             contains an unquoted comma, shifting the columns",
            width + extra + 1
        ));
    }
    // An empty extra cell is usually a trailing delimiter; but an amount split at its
    // thousands comma (`¥1` | `000.00`) shifts the row just the same.
    let split = if n > width {
        row.cells.windows(2).enumerate().find_map(|(k, w)| match w {
            [left, right] if split_thousands(left, right) => Some((k, left, right)),
            _ => None,
        })
    } else {
        None
    };
    if let Some((k, left, right)) = split {
        return Err(format!(
            "row has {n} cells, the header has {width}: cells {} and {} look like one amount split at \
             an unquoted thousands comma ({left},{right})",
            k + 1,
            k + 2,
        ));
    }
    Ok(())
}

/// `¥1` followed by `000.00`: the two halves of an amount written with a thousands comma.
fn split_thousands(left: &str, right: &str) -> bool {
    let head = left.trim_start_matches(['¥', '￥', '$', '-', '+']);
    let (int, frac) = right.split_once('.').unwrap_or((right, ""));
    !head.is_empty()
        && head.len() <= 3
        && head.chars().all(|c| c.is_ascii_digit())
        && int.len() == 3
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.chars().all(|c| c.is_ascii_digit())
}

/// 1-based physical lines from the reader's byte offsets. The csv reader puts a record's start
/// before the line ending and blank lines in front of it (its own line numbers come out early
/// for CRLF files and after blank lines), so step over those, then count newlines.
#[derive(Default)]
struct LineCounter {
    counted_to: usize,
    newlines: usize,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, byte: usize) -> usize {
        let bytes = text.as_bytes();
        let mut start = byte.min(bytes.len());
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.counted_to {
            let counted = bytes.get(self.counted_to..start).unwrap_or_default();
            self.newlines += counted.iter().filter(|b| **b == b'\n').count();
            self.counted_to = start;
        }
        self.newlines + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Row> {
        let src = SourceText::from_bytes("t.csv", text.as_bytes());
        read_rows(&src, 0, b',').expect("reads").1
    }

    #[test]
    fn a_last_row_without_a_line_ending_is_cut_only_inside_a_quoted_cell() {
        let whole = rows("a,b,c\n1,\"2,5\"\t,x\n3,\"4\"\t,y");
        let last = whole.last().expect("two rows");
        assert_eq!((last.line, last.unterminated, last.cut_in_quote), (3, true, false));
        assert_eq!(last.cells, ["3", "4", "y"]);
        assert!(!whole[0].unterminated);
        let cut = rows("a,b,c\n1,2,x\n3,y,\"4,5");
        assert_eq!(cut.last().map(|r| (r.unterminated, r.cut_in_quote)), Some((true, true)));
        // A blank row after the last one: that row ended with its line ending.
        let trailing = rows("a,b,c\n1,2,x\n,,");
        assert_eq!(trailing.last().map(|r| (r.line, r.unterminated)), Some((2, false)));
    }

    #[test]
    fn quotes_open_cells_only_at_their_start() {
        assert!(ends_in_open_quote("1,\"2", b','));
        assert!(ends_in_open_quote("1,\"a\"\"b", b','), "a doubled quote is text inside the cell");
        assert!(!ends_in_open_quote("1,\"a\"\"b\"", b','));
        assert!(!ends_in_open_quote("1,\"-78.00\"\t,HKD", b','));
        assert!(!ends_in_open_quote("1,5\" screen,x", b','), "a quote inside a cell is text");
        assert!(!ends_in_open_quote("1,\"a\nb\",c", b','), "a quoted line break is closed");
        assert!(ends_in_open_quote("1\t\"a", b'\t'));
    }
}
