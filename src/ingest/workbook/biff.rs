//! A pass over an `.xls` workbook stream (BIFF8 records) before the workbook reader parses it,
//! which it does all at once and into one dense grid per sheet: what that grid would cost
//! (each sheet's cell range, its cells and the shared-string text they repeat) is checked
//! here, so that a few hostile bytes cannot make it allocate gigabytes; a `FilePass` record
//! says the workbook is encrypted.

use super::Caps;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;

/// Why the stream is refused.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    Password,
    /// The sentence that says what is too large.
    TooLarge(String),
    Damaged(&'static str),
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// The records from `stream`, as (type, data, following CONTINUE records' data); a record
/// cut off by the end of the stream ends the iteration (the reader reports it itself).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8], Vec<&[u8]>)> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let (typ, data) = take_record(&mut rest)?;
        let mut cont = Vec::new();
        while u16_at(rest, 0) == Some(CONTINUE) {
            let Some((_, more)) = take_record(&mut rest) else { break };
            cont.push(more);
        }
        Some((typ, data, cont))
    })
}

fn take_record<'a>(rest: &mut &'a [u8]) -> Option<(u16, &'a [u8])> {
    let typ = u16_at(rest, 0)?;
    let len = usize::from(u16_at(rest, 2)?);
    let data = rest.get(4..4 + len)?;
    *rest = rest.get(4 + len..)?;
    Some((typ, data))
}

/// Checks the whole stream against `caps`.
pub fn check(stream: &[u8], caps: &Caps) -> Result<(), Refusal> {
    let mut sheets = Vec::new();
    let mut sst = Vec::new();
    for (typ, data, cont) in records(stream) {
        match typ {
            0x002F if u16_at(data, 0).is_some_and(|t| t != 0) => return Err(Refusal::Password),
            0x0085 => sheets.push(u32_at(data, 0).ok_or(Refusal::Damaged("a sheet entry is cut short"))?),
            0x00FC => sst = string_lengths(data, &cont),
            EOF => break,
            _ => {}
        }
    }
    let (mut cells, mut text) = (0usize, 0usize);
    for pos in sheets {
        let start = usize::try_from(pos).map_err(|_| Refusal::Damaged("a sheet starts past the end of the file"))?;
        let sheet = stream.get(start..).ok_or(Refusal::Damaged("a sheet starts past the end of the file"))?;
        let s = scan_sheet(sheet, &sst)?;
        cells += s.cells;
        text += s.text;
        if s.area > caps.grid_cells {
            return Err(Refusal::TooLarge(format!(
                "a sheet spans {} cells (rows {}–{}, columns {}–{}), more than the {} a sheet may span",
                s.area,
                s.rows.0 + 1,
                s.rows.1 + 1,
                s.cols.0 + 1,
                s.cols.1 + 1,
                caps.grid_cells
            )));
        }
    }
    if cells > caps.cells {
        return Err(Refusal::TooLarge(format!("it holds {cells} cells, more than the {} allowed", caps.cells)));
    }
    if text > caps.text_bytes {
        return Err(Refusal::TooLarge(format!(
            "its cells repeat {text} bytes of text, more than the {} allowed",
            caps.text_bytes
        )));
    }
    Ok(())
}

struct SheetScan {
    cells: usize,
    /// Bytes of shared-string text its cells would copy (3 bytes per UTF-16 unit at most).
    text: usize,
    area: usize,
    rows: (u32, u32),
    cols: (u32, u32),
}

/// One worksheet substream, read as the reader reads it: from its BOF to its EOF, nested
/// substreams (charts) skipped.
fn scan_sheet(sheet: &[u8], sst: &[u32]) -> Result<SheetScan, Refusal> {
    let mut s = SheetScan { cells: 0, text: 0, area: 0, rows: (u32::MAX, 0), cols: (u32::MAX, 0) };
    let (mut seen_bof, mut depth) = (false, 0usize);
    let mut dimensions_area = 0usize;
    for (typ, data, _) in records(sheet) {
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |s: &mut SheetScan, row: u16, col: u16| {
            let (row, col) = (u32::from(row), u32::from(col));
            s.rows = (s.rows.0.min(row), s.rows.1.max(row));
            s.cols = (s.cols.0.min(col), s.cols.1.max(col));
        };
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            0x0200 => dimensions_area = dimensions_area.max(dimensions(data)?),
            // Number, Label, RString, BoolErr, RK, LabelSst, Formula: one cell at (row, col).
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) else { continue };
                at(&mut s, row, col);
                s.cells += 1;
                if typ == 0x00FD {
                    let units = u32_at(data, 6).and_then(|i| sst.get(usize::try_from(i).ok()?)).copied().unwrap_or(0);
                    s.text += usize::try_from(units).unwrap_or(usize::MAX).saturating_mul(3);
                }
            }
            // MulRk: one row, columns first..=last (the last column ends the record).
            0x00BD => {
                let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) else { continue };
                let Some(last) = data.len().checked_sub(2).and_then(|end| u16_at(data, end)) else { continue };
                at(&mut s, row, first);
                at(&mut s, row, last.max(first));
                s.cells += usize::from(last.saturating_sub(first)) + 1;
            }
            _ => {}
        }
    }
    if s.cells > 0 {
        let rows = usize::try_from(s.rows.1 - s.rows.0).unwrap_or(usize::MAX).saturating_add(1);
        let cols = usize::try_from(s.cols.1 - s.cols.0).unwrap_or(usize::MAX).saturating_add(1);
        s.area = rows.saturating_mul(cols);
    }
    s.area = s.area.max(dimensions_area);
    Ok(s)
}

/// The cells a Dimensions record makes the reader reserve room for, computed as it computes
/// them; a range that runs backwards is damage (the reader's subtraction would overflow).
fn dimensions(data: &[u8]) -> Result<usize, Refusal> {
    let short = || Refusal::Damaged("a sheet's dimensions record is cut short");
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).ok_or_else(short)?),
            u32::from(u16_at(data, 2).ok_or_else(short)?),
            u32::from(u16_at(data, 4).ok_or_else(short)?),
            u32::from(u16_at(data, 6).ok_or_else(short)?),
        ),
        14 | 16 => (
            u32_at(data, 0).ok_or_else(short)?,
            u32_at(data, 4).ok_or_else(short)?,
            u32::from(u16_at(data, 8).ok_or_else(short)?),
            u32::from(u16_at(data, 10).ok_or_else(short)?),
        ),
        _ => return Err(short()),
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Ok(1);
    }
    let rows = (last_row - 1).checked_sub(first_row).ok_or(Refusal::Damaged("a sheet's dimensions run backwards"))?;
    let cols = (last_col - 1).checked_sub(first_col).ok_or(Refusal::Damaged("a sheet's dimensions run backwards"))?;
    let rows = usize::try_from(rows).unwrap_or(usize::MAX).saturating_add(1);
    let cols = usize::try_from(cols).unwrap_or(usize::MAX).saturating_add(1);
    Ok(rows.saturating_mul(cols))
}

/// The length in UTF-16 units of each string of the shared string table (SST record and its
/// CONTINUE records). Strings run across record boundaries; where characters do, the next
/// record starts with a byte saying whether they are one or two bytes wide.
fn string_lengths(data: &[u8], cont: &[&[u8]]) -> Vec<u32> {
    let mut r = Segments { segments: std::iter::once(data).chain(cont.iter().copied()).collect(), at: (0, 8) };
    let unique = u32_at(data, 4).unwrap_or(0);
    let mut lengths = Vec::new();
    for _ in 0..unique {
        let Some(len) = r.string() else { break };
        lengths.push(len);
    }
    lengths
}

struct Segments<'a> {
    segments: Vec<&'a [u8]>,
    /// (segment, offset in it)
    at: (usize, usize),
}

impl Segments<'_> {
    fn left(&self) -> usize {
        self.segments.get(self.at.0).map_or(0, |s| s.len().saturating_sub(self.at.1))
    }

    fn next_segment(&mut self) -> Option<()> {
        self.at = (self.at.0 + 1, 0);
        (self.at.0 < self.segments.len()).then_some(())
    }

    fn byte(&mut self) -> Option<u8> {
        while self.left() == 0 {
            self.next_segment()?;
        }
        let b = *self.segments.get(self.at.0)?.get(self.at.1)?;
        self.at.1 += 1;
        Some(b)
    }

    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if self.left() == 0 {
                self.next_segment()?;
                continue;
            }
            let step = n.min(self.left());
            self.at.1 += step;
            n -= step;
        }
        Some(())
    }

    /// One XLUnicodeRichExtendedString: its length, having stepped over it.
    fn string(&mut self) -> Option<u32> {
        let cch = u16::from_le_bytes([self.byte()?, self.byte()?]);
        let flags = self.byte()?;
        let runs = if flags & 0x08 != 0 { u16::from_le_bytes([self.byte()?, self.byte()?]) } else { 0 };
        let ext = if flags & 0x04 != 0 {
            u32::from_le_bytes([self.byte()?, self.byte()?, self.byte()?, self.byte()?])
        } else {
            0
        };
        let mut wide = flags & 0x01 != 0;
        let mut remaining = usize::from(cch);
        loop {
            let width = if wide { 2 } else { 1 };
            let step = remaining.min(self.left() / width);
            self.at.1 += step * width;
            remaining -= step;
            if remaining == 0 {
                break;
            }
            self.next_segment()?;
            wide = self.byte()? & 0x01 != 0;
        }
        self.skip(usize::from(runs) * 4)?;
        self.skip(usize::try_from(ext).ok()?)?;
        Some(u32::from(cch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    #[test]
    fn shared_strings_across_continue_records() {
        // Two strings: "ab" (one-byte chars) and "xyz" split after "x", continued wide.
        let mut sst = vec![2, 0, 0, 0, 2, 0, 0, 0];
        sst.extend([2, 0, 0, b'a', b'b', 3, 0, 0, b'x']);
        let cont: &[u8] = &[1, b'y', 0, b'z', 0];
        assert_eq!(string_lengths(&sst, &[cont]), vec![2, 3]);
    }

    #[test]
    fn a_sheet_spanning_the_whole_grid_is_refused() {
        let caps = Caps::for_file(1 << 20, 1 << 30);
        let mut stream = record(BOF, &[0; 16]);
        // BOF, this BoundSheet record (9 bytes of data) and EOF come first.
        let sheet_at = stream.len() + 4 + 9 + 4;
        stream.extend(record(0x0085, &[sheet_at as u8, 0, 0, 0, 0, 0, 1, 0, b'S']));
        stream.extend(record(EOF, &[]));
        assert_eq!(stream.len(), sheet_at);
        stream.extend(record(BOF, &[0; 16]));
        stream.extend(record(0x0203, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        stream.extend(record(0x0203, &[0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        stream.extend(record(EOF, &[]));
        assert!(matches!(check(&stream, &caps), Err(Refusal::TooLarge(_))));
        // A dimensions record that runs backwards.
        let backwards = [5, 0, 0, 0, 2, 0, 0, 0, 3, 0, 3, 0, 0, 0];
        assert!(matches!(dimensions(&backwards), Err(Refusal::Damaged(_))));
        assert_eq!(dimensions(&[0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 4, 0, 0, 0]), Ok(40));
    }
}
