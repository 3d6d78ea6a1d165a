//! `review`'s output: the review as the renderers see it (the audit of the history, each
//! finding's status, what was imported) and `--format json`; the table and the markdown digest
//! are `review_table` and `review_markdown`.

use super::Style;
use crate::finding::Finding;
use crate::history::{ImportCounts, ReviewRecord, Status};
use crate::report::Report;
use serde_json::{Value, json};
use std::io::{self, Write};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
    /// What happened since the last review, for people.
    Table,
    /// The report of `check --format json`, a `status` per finding and a `review` object.
    Json,
    /// A digest fit for an email.
    Markdown,
}

/// One review, ready to print.
pub struct ReviewView<'a> {
    pub report: &'a Report,
    pub record: &'a ReviewRecord,
    pub imported: &'a ImportCounts,
    /// When the review ran (UTC, RFC 3339).
    pub at: &'a str,
    pub store: &'a Path,
}

impl<'a> ReviewView<'a> {
    /// Each current finding with its status.
    pub fn judged(&self) -> impl Iterator<Item = (&'a Finding, Status)> + '_ {
        self.report.findings.iter().zip(self.record.statuses.iter().copied())
    }

    /// The findings to tell someone about: new or changed.
    pub fn news(&self) -> impl Iterator<Item = &'a Finding> + '_ {
        self.judged().filter(|(_, s)| s.is_news()).map(|(f, _)| f)
    }

    pub fn with_status(&self, status: Status) -> Vec<Finding> {
        self.judged().filter(|(_, s)| *s == status).map(|(f, _)| f.clone()).collect()
    }

    pub fn count(&self, status: Status) -> usize {
        self.record.counts.get(&status).copied().unwrap_or(0)
    }
}

pub fn write(view: &ReviewView, format: ReviewFormat, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        ReviewFormat::Table => super::review_table::write(view, style, out),
        ReviewFormat::Json => write_json(view, out),
        ReviewFormat::Markdown => super::review_markdown::write(view, style, out),
    }
}

/// `check`'s JSON report with `status` on every finding, the resolved findings appended
/// (as the last review knew them), and the `review` object (DESIGN.md §4).
fn write_json(view: &ReviewView, out: &mut dyn Write) -> io::Result<()> {
    let mut value = serde_json::to_value(view.report)?;
    if let Some(Value::Array(findings)) = value.get_mut("findings") {
        for (finding, status) in findings.iter_mut().zip(view.record.statuses.iter()) {
            if let Value::Object(map) = finding {
                map.insert("status".into(), json!(status.as_str()));
            }
        }
        for resolved in &view.record.resolved {
            let mut finding = serde_json::to_value(resolved)?;
            if let Value::Object(map) = &mut finding {
                map.insert("status".into(), json!(Status::Resolved.as_str()));
            }
            findings.push(finding);
        }
    }
    let counts: serde_json::Map<String, Value> =
        Status::ALL.iter().map(|s| (s.as_str().to_string(), json!(view.count(*s)))).collect();
    if let Value::Object(map) = &mut value {
        map.insert(
            "review".into(),
            json!({
                "id": view.record.id,
                "at": view.at,
                "store": view.store.display().to_string(),
                "counts": counts,
                "imported": view.imported,
            }),
        );
    }
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}
