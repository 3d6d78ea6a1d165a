//! Renderers: one file per output format, each writing a finished report (or, `ledger_*`, the
//! normalized ledger) to a writer.

mod concise;
mod csv;
pub mod formula;
mod html;
mod html_charts;
mod html_text;
mod json;
mod jsonl;
pub mod ledger;
mod ledger_csv;
mod ledger_json;
mod ledger_jsonl;
#[cfg(feature = "parquet")]
pub mod ledger_parquet;
pub mod ledger_row;
mod markdown;
pub mod rejected_csv;
pub mod review;
mod review_markdown;
mod review_table;
pub mod review_view;
mod svg;
mod table;
pub mod terminal;
pub mod ticket;
mod ticket_words;

use crate::finding::Lang;
use crate::report::Report;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Header and audit table for people.
    Table,
    /// One line per finding: `path:line: CODE [severity] title`.
    Concise,
    /// The whole report as one JSON document (schema_version 1).
    Json,
    /// One finding per line.
    Jsonl,
    /// One row per finding, first evidence row flattened (README "Output for programs").
    Csv,
    /// A report fit for an email or an issue tracker.
    Markdown,
    /// One self-contained page: summary, charts (inline SVG), sortable and filterable table.
    Html,
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
        Format::Concise => concise::write(report, out),
        Format::Json => json::write(report, out),
        Format::Jsonl => jsonl::write(report, out),
        Format::Csv => self::csv::write(&report.findings, &[], out),
        Format::Markdown => markdown::write(report, style, out),
        Format::Html => html::write(report, style, out),
    }
}
