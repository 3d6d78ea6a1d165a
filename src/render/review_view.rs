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

    /// `2 new · 0 changed · 1 resolved · 5 open · 1 acknowledged` (`新 2 · …` in Chinese).
    pub fn counts_text(&self, zh: bool) -> String {
        let counts: Vec<String> = Status::ALL
            .iter()
            .map(|s| {
                let n = self.count(*s);
                if zh { format!("{} {n}", status_label(*s, true)) } else { format!("{n} {}", s.as_str()) }
            })
            .collect();
        counts.join(" · ")
    }

    /// Every finding with its status, the resolved ones appended as the last review knew them
    /// (id, code, severity, title, account, amount, time; no evidence): what the CSV, JSONL and
    /// concise formats list.
    pub fn everything(&self) -> Vec<(Finding, Status)> {
        let mut all: Vec<(Finding, Status)> = self.judged().map(|(f, s)| (f.clone(), s)).collect();
        for r in &self.record.resolved {
            let Some(rule) = crate::rules::by_code(&r.code) else { continue };
            let mut f = Finding::new(rule, &[], r.title.clone(), String::new());
            f.id.clone_from(&r.id);
            f.severity = r.severity;
            f.account.clone_from(&r.account);
            f.amount = r.amount.as_deref().and_then(|a| a.parse().ok());
            f.currency.clone_from(&r.currency);
            (f.start, f.end) = (r.start, r.end);
            all.push((f, Status::Resolved));
        }
        all
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
