//! A review as its renderers see it: the audit of the history, each finding's status, what
//! was imported; and the status names in both languages.

use crate::finding::Finding;
use crate::history::{ImportCounts, ReviewRecord, Status};
use crate::report::Report;
use std::path::Path;

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

/// A status as the table and digest name it.
pub fn status_label(s: Status, zh: bool) -> &'static str {
    match (s, zh) {
        (_, false) => s.as_str(),
        (Status::New, true) => "新",
        (Status::Changed, true) => "有变化",
        (Status::Open, true) => "未解决",
        (Status::Acknowledged, true) => "已确认",
        (Status::Resolved, true) => "已解决",
    }
}
