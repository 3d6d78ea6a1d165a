//! Writes the canonical attempts CSV (DESIGN.md §2), oldest first, straight to its file.

use super::event::{AttemptRow, Time};
use super::spool::two;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const COLUMNS: &str =
    "time,amount,status,currency,wallet,method,reference,error_code,error_message,network,device,location,app_version";

pub struct AttemptsLog {
    path: PathBuf,
    out: BufWriter<File>,
    pub rows: u64,
}

/// A CSV cell, quoted when it must be.
fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

impl AttemptsLog {
    pub fn create(path: &Path) -> Result<AttemptsLog, String> {
        let file = File::create(path).map_err(|e| format!("{}: cannot create: {e}", path.display()))?;
        let mut log = AttemptsLog { path: path.to_path_buf(), out: BufWriter::with_capacity(1 << 16, file), rows: 0 };
        writeln!(log.out, "{COLUMNS}").map_err(|e| log.err(e))?;
        Ok(log)
    }

    fn err(&self, e: std::io::Error) -> String {
        format!("{}: cannot write: {e}", self.path.display())
    }

    pub fn write(&mut self, at: Time, r: &AttemptRow) -> Result<u64, String> {
        let amount = r.raw_amount.clone().unwrap_or_else(|| two(r.amount));
        let cells = [
            at.format("%Y-%m-%d %H:%M:%S").to_string(),
            amount,
            r.status.to_string(),
            "CNY".into(),
            r.wallet.code().into(),
            r.method.into(),
            r.reference.clone(),
            r.code.into(),
            r.message.into(),
            r.network.into(),
            r.device.into(),
            r.location.into(),
            r.app_version.into(),
        ];
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        writeln!(self.out, "{}", line.join(",")).map_err(|e| self.err(e))?;
        self.rows += 1;
        Ok(self.rows - 1)
    }

    /// Flushes the file. Returns (rows, lines before the first row).
    pub fn finish(mut self) -> Result<(u64, u64), String> {
        self.out.flush().map_err(|e| self.err(e))?;
        Ok((self.rows, 1))
    }
}
