//! A body of export rows spooled to a temporary file while the day loop runs, then copied
//! into the export after its preamble: in order, or newest first as the real exports list them.
//! Memory stays bounded whatever the row count. Also the cell formatting the writers share.

use rust_decimal::Decimal;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub struct Spool {
    path: PathBuf,
    out: BufWriter<File>,
    pub rows: u64,
}

fn io_err(path: &Path, what: &str, e: std::io::Error) -> String {
    format!("{}: cannot {what}: {e}", path.display())
}

impl Spool {
    pub fn create(path: PathBuf) -> Result<Spool, String> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .map_err(|e| io_err(&path, "create", e))?;
        Ok(Spool { out: BufWriter::with_capacity(1 << 16, file), path, rows: 0 })
    }

    /// Appends one row (its bytes end with a newline); returns its 0-based ordinal.
    pub fn row(&mut self, bytes: &[u8]) -> Result<u64, String> {
        self.out.write_all(bytes).map_err(|e| io_err(&self.path, "write", e))?;
        self.rows += 1;
        Ok(self.rows - 1)
    }

    /// Copies the rows into `out`, newest first when `reversed`, and removes the spool file.
    pub fn drain_into(self, out: &mut impl Write, reversed: bool, target: &Path) -> Result<(), String> {
        let Spool { path, out: spool, .. } = self;
        let mut file = spool.into_inner().map_err(|e| io_err(&path, "write", e.into_error()))?;
        let len = file.seek(SeekFrom::End(0)).map_err(|e| io_err(&path, "read", e))?;
        let copied = if reversed {
            copy_reversed(&mut file, len, out, 1 << 20)
        } else {
            file.seek(SeekFrom::Start(0)).and_then(|_| std::io::copy(&mut file, out)).map(|_| ())
        };
        copied.map_err(|e| io_err(target, "write", e))?;
        drop(file);
        std::fs::remove_file(&path).map_err(|e| io_err(&path, "remove", e))
    }
}

/// Writes the newline-terminated lines of `file` in reverse order, reading it backwards in blocks.
fn copy_reversed(file: &mut File, len: u64, out: &mut impl Write, block: u64) -> std::io::Result<()> {
    let mut pos = len;
    let mut carry: Vec<u8> = Vec::new();
    while pos > 0 {
        let n = block.min(pos);
        pos -= n;
        let mut buf = vec![0u8; n as usize];
        file.seek(SeekFrom::Start(pos))?;
        file.read_exact(&mut buf)?;
        buf.extend_from_slice(&carry);
        // `buf[..end]` ends with a whole line; emit lines while their start is in the buffer.
        let mut end = buf.len();
        let newline_before = |end: usize| buf.get(..end.saturating_sub(1))?.iter().rposition(|&b| b == b'\n');
        while let Some(i) = newline_before(end) {
            out.write_all(buf.get(i + 1..end).unwrap_or_default())?;
            end = i + 1;
        }
        buf.truncate(end);
        carry = buf;
    }
    out.write_all(&carry)
}

/// `1234.5` → `1234.50`.
pub fn two(amount: Decimal) -> String {
    format!("{:.2}", amount)
}

/// `1234.5` → `1,234.50`.
pub fn thousands(amount: Decimal) -> String {
    let plain = two(amount.abs());
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount.is_sign_negative() && !amount.is_zero() { "-" } else { "" };
    format!("{sign}{grouped}.{frac}")
}

/// Pads to `width` characters.
pub fn pad_chars(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

/// Pads to `width` GBK bytes (Chinese characters count two), as ICBC pads its cells.
pub fn pad_gbk(text: &str, width: usize) -> String {
    let n: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversal_keeps_every_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = Spool::create(dir.path().join("s.tmp")).unwrap();
        for i in 0..5000 {
            spool.row(format!("line {i} {}\r\n", "x".repeat(i % 300)).as_bytes()).unwrap();
        }
        let path = spool.path.clone();
        spool.out.flush().unwrap();
        let mut file = File::open(&path).unwrap();
        let len = file.metadata().unwrap().len();
        let mut small = Vec::new();
        copy_reversed(&mut file, len, &mut small, 777).unwrap();
        let mut out = Vec::new();
        spool.drain_into(&mut out, true, Path::new("t")).unwrap();
        assert_eq!(small, out);
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(lines.len(), 5000);
        assert!(lines[0].starts_with("line 4999 ") && lines[4999].starts_with("line 0 "));
    }

    #[test]
    fn amounts() {
        assert_eq!(thousands(Decimal::new(123456789, 2)), "1,234,567.89");
        assert_eq!(thousands(Decimal::new(5000, 2)), "50.00");
        assert_eq!(two(Decimal::new(5, 0)), "5.00");
    }
}
