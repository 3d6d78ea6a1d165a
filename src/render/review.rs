//! `review`'s output formats, and `--format json`; the table and the markdown digest are
//! `review_table` and `review_markdown`, over the `review_view` they share.

use super::Style;
pub use super::review_view::ReviewView;
use crate::history::Status;
use serde_json::{Value, json};
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
    /// What happened since the last review, for people.
    Table,
    /// The report of `check --format json`, a `status` per finding and a `review` object.
    Json,
    /// A digest fit for an email.
    Markdown,
    /// `path:line: CODE [severity] status: title` for each new, changed or resolved finding.
    Concise,
    /// One row per finding (resolved ones too), `status` filled (DESIGN.md §5 columns).
    Csv,
    /// One finding object per line, each with its `status`.
    Jsonl,
}

pub fn write(view: &ReviewView, format: ReviewFormat, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        ReviewFormat::Table => super::review_table::write(view, style, out),
        ReviewFormat::Json => write_json(view, out),
        ReviewFormat::Markdown => super::review_markdown::write(view, style, out),
        ReviewFormat::Concise => write_concise(view, out),
        ReviewFormat::Csv => {
            let all = view.everything();
            let findings: Vec<_> = all.iter().map(|(f, _)| f.clone()).collect();
            let statuses: Vec<&str> = all.iter().map(|(_, s)| s.as_str()).collect();
            super::csv::write(&findings, &statuses, out)
        }
        ReviewFormat::Jsonl => {
            for (f, status) in view.everything() {
                let mut value = serde_json::to_value(&f)?;
                if let Value::Object(map) = &mut value {
                    map.insert("status".into(), json!(status.as_str()));
                }
                serde_json::to_writer(&mut *out, &value)?;
                writeln!(out)?;
            }
            Ok(())
        }
    }
}

/// What happened, one line each: the new and changed findings, then the resolved ones.
fn write_concise(view: &ReviewView, out: &mut dyn Write) -> io::Result<()> {
    for (f, status) in view.everything().iter().filter(|(_, s)| s.is_news() || *s == Status::Resolved) {
        writeln!(out, "{}", super::concise::line_with_status(f, Some(status.as_str())))?;
    }
    Ok(())
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
