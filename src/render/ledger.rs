//! `normalize`'s output formats: which one, and writing the ledger in it. Each format is one
//! file (`ledger_csv`, `ledger_json`, `ledger_jsonl`, `ledger_parquet`) over the rows that
//! `ledger_row` builds once.

use super::{ledger_csv, ledger_json, ledger_jsonl};
use std::io::{self, Write};

pub use super::ledger_row::Normalized;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LedgerFormat {
    /// RFC 4180 CSV with a header row; formulas neutralised.
    Csv,
    /// One JSON document: schema_version, tool, inputs, rows.
    Json,
    /// One row object per line.
    Jsonl,
    /// Apache Parquet (binary: a file, or a pipe; never a terminal).
    Parquet,
}

impl LedgerFormat {
    /// The format an output file's extension names (`.csv`, `.json`, `.jsonl`/`.ndjson`,
    /// `.parquet`/`.pq`), in any letter case.
    pub fn from_extension(ext: &str) -> Option<LedgerFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "csv" => Some(LedgerFormat::Csv),
            "json" => Some(LedgerFormat::Json),
            "jsonl" | "ndjson" => Some(LedgerFormat::Jsonl),
            "parquet" | "pq" => Some(LedgerFormat::Parquet),
            _ => None,
        }
    }
}

/// Whether this build writes Parquet (the default-on `parquet` cargo feature).
pub const PARQUET_BUILT: bool = cfg!(feature = "parquet");

pub fn write(ledger: &Normalized, format: LedgerFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        LedgerFormat::Csv => ledger_csv::write(&ledger.rows, out),
        LedgerFormat::Json => ledger_json::write(ledger, out),
        LedgerFormat::Jsonl => ledger_jsonl::write(&ledger.rows, out),
        #[cfg(feature = "parquet")]
        LedgerFormat::Parquet => super::ledger_parquet::write(&ledger.rows, out),
        #[cfg(not(feature = "parquet"))]
        LedgerFormat::Parquet => Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "this wallet-audit was built without Parquet (cargo feature `parquet`)",
        )),
    }
}
