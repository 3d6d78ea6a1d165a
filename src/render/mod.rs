//! Renderers: one file per output format, each writing a finished report (or, `ledger_*`, the
//! normalized ledger) to a writer.

pub mod formula;
mod json;
mod jsonl;
pub mod ledger;
mod ledger_csv;
mod ledger_json;
mod ledger_jsonl;
#[cfg(feature = "parquet")]
pub mod ledger_parquet;
pub mod ledger_row;
pub mod rejected_csv;
pub mod review;
mod review_markdown;
mod review_table;
pub mod review_view;
mod table;
pub mod terminal;

use crate::finding::Lang;
use crate::report::Report;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Header and audit table for people.
    Table,
    /// The whole report as one JSON document (schema_version 1).
    Json,
    /// One finding per line.
    Jsonl,
}

/// How human output should look.
pub struct Style {
    pub lang: Lang,
    /// Table width in columns; `None` lets the table size itself to the terminal.
    pub width: Option<u16>,
    pub color: bool,
}

pub fn render(report: &Report, format: Format, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => table::write(report, style, out),
        Format::Json => json::write(report, out),
        Format::Jsonl => jsonl::write(report, out),
    }
}
