//! Shared reading of delimited exports: locating the header, rows with physical line numbers,
//! cell cleaning, column lookup, row width checks and preamble periods.

use super::{Coverage, Parsed, Rejected, SourceText};
use crate::model::{SourceRef, Transaction, parse_timestamp};
use chrono::FixedOffset;

/// One data row: its 1-based physical line and its cleaned cells.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
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
        Rejected {
            source: SourceRef { path: src.path.clone(), line: self.line },
            reason: reason.into(),
            raw: self.raw(),
        }
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

/// The header row: the first of the first 80 lines whose cells include all of `required`.
pub fn find_header(src: &SourceText, required: &[&str]) -> Option<usize> {
    src.text.lines().take(80).position(|line| {
        let cells: Vec<String> = line.split([',', '\t']).map(clean).collect();
        required.iter().all(|name| cells.iter().any(|c| c == name))
    })
}

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
pub fn read_export(src: &SourceText, header_line: usize) -> (Vec<String>, Vec<Row>) {
    let delimiter = src.text.lines().nth(header_line).map_or(b',', delimiter_of);
    read_rows(src, header_line, delimiter)
}

/// Reads the header and the data rows after it. Blank lines are not rows; everything else
/// is returned so that the adapter can count it (footers are the adapter's to recognise).
pub fn read_rows(src: &SourceText, header_line: usize, delimiter: u8) -> (Vec<String>, Vec<Row>) {
    let offset: usize = src.text.split_inclusive('\n').take(header_line).map(str::len).sum();
    let body = &src.text[offset..];
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(body.as_bytes());
    let mut lines = LineCounter::default();
    let mut header = Vec::new();
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = lines.line_at(body, reader.position().byte() as usize) + header_line;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| lines.line_at(body, p.byte() as usize) + header_line);
                let cells: Vec<String> = record.iter().map(clean).collect();
                if header.is_empty() && rows.is_empty() {
                    header = cells;
                } else {
                    let row = Row { line, cells };
                    if !row.is_blank() {
                        rows.push(row);
                    }
                }
            }
            // Text is already valid UTF-8 and the reader is flexible, so this is rare (an
            // I/O error on an in-memory slice cannot happen); keep the line so nothing is lost.
            Err(err) => rows.push(Row { line, cells: vec![format!("<unreadable: {err}>")] }),
        }
    }
    (header, rows)
}

/// Counts each data row into `out` and keeps what `read` makes of it: a transaction, or the
/// row rejected with the reason, so every row is accounted for.
pub fn collect_rows<'r>(
    out: &mut Parsed,
    src: &SourceText,
    rows: impl IntoIterator<Item = &'r Row>,
    mut read: impl FnMut(&Row) -> Result<Transaction, String>,
) {
    for row in rows {
        out.rows += 1;
        match read(row) {
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
    Ok(())
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
            self.newlines += bytes[self.counted_to..start].iter().filter(|b| **b == b'\n').count();
            self.counted_to = start;
        }
        self.newlines + 1
    }
}

/// A period stated in a preamble, e.g. `起始时间：[2026-01-01 00:00:00] 终止时间：[2026-02-28 23:59:59]`.
pub fn preamble_period(src: &SourceText, header_line: usize, zone: FixedOffset) -> Option<Coverage> {
    src.text.lines().take(header_line).find_map(|line| {
        if !(line.contains("起始") || line.contains("起止") || line.contains("开始")) {
            return None;
        }
        let stamps: Vec<_> = bracketed_or_dates(line).iter().filter_map(|s| parse_timestamp(s, zone).ok()).collect();
        match stamps.as_slice() {
            [from, to, ..] => Some(Coverage { from: from.at, to: to.latest() }),
            _ => None,
        }
    })
}

/// Date-like pieces of a preamble line: `[...]` groups, else runs of digits and `-:/ `.
fn bracketed_or_dates(line: &str) -> Vec<String> {
    let bracketed: Vec<String> =
        line.split('[').skip(1).filter_map(|p| p.split(']').next()).map(str::to_string).collect();
    if bracketed.len() >= 2 {
        return bracketed;
    }
    line.split(|c: char| !(c.is_ascii_digit() || c == '-' || c == ':' || c == '/' || c == ' '))
        .map(|p| p.trim().trim_matches('-').trim().to_string())
        .filter(|p| p.len() >= 8)
        .collect()
}

/// A `key：value` line of a preamble (full-width or ASCII colon), e.g. `卡号: 1234****9876`.
pub fn preamble_value(src: &SourceText, header_line: usize, key: &str) -> Option<String> {
    src.text.lines().take(header_line).flat_map(|line| line.split(',')).find_map(|cell| {
        let cell = clean(cell).trim_matches('"').to_string();
        let rest = cell.strip_prefix(key)?;
        let value = rest.trim_start_matches([':', '：', ' ']).trim_matches(['[', ']']);
        (!value.is_empty()).then(|| value.to_string())
    })
}
