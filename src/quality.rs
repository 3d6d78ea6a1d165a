//! Detection quality: scores the findings of a `check --format json` report against the
//! ground truth `simulate` wrote (`truth.json`), giving recall and precision per code.
//!
//! A finding of code C matches an incident of code C when they share an evidence row (same
//! file name, compared by last path component, and line) or, for an incident with a window,
//! when the finding's [start, end] overlaps it. Precision = matched findings / findings of C;
//! recall = matched incidents / incidents of C. A code with neither is not scored. Findings
//! that cite a control row under one of the control's codes are counted as control hits.

use crate::simulate::truth::{Incident, RowRef, TruthFile};
use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The parts of the JSON report the scorer reads.
#[derive(Debug, Clone, Deserialize)]
pub struct Report {
    pub findings: Vec<ReportFinding>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReportFinding {
    pub code: String,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub evidence: Vec<ReportEvidence>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReportEvidence {
    pub path: String,
    pub line: u64,
}

/// One code's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub code: String,
    pub incidents: usize,
    pub findings: usize,
    pub matched_incidents: usize,
    pub matched_findings: usize,
    pub control_hits: usize,
}

impl Score {
    /// Matched incidents / incidents (1.0 when there are none).
    pub fn recall(&self) -> f64 {
        if self.incidents == 0 { 1.0 } else { self.matched_incidents as f64 / self.incidents as f64 }
    }

    /// Matched findings / findings (1.0 when there are none).
    pub fn precision(&self) -> f64 {
        if self.findings == 0 { 1.0 } else { self.matched_findings as f64 / self.findings as f64 }
    }
}

/// The last path component: `samples/icbc.csv` and `/tmp/x/icbc.csv` name the same file.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn rows_of(rows: &[RowRef]) -> BTreeSet<(&str, u64)> {
    rows.iter().map(|r| (file_name(&r.path), r.line)).collect()
}

fn time(text: Option<&str>) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text?).ok()
}

/// Whether finding `f` matches incident `i` (codes already equal).
fn matches(i: &Incident, rows: &BTreeSet<(&str, u64)>, f: &ReportFinding) -> bool {
    if f.evidence.iter().any(|e| rows.contains(&(file_name(&e.path), e.line))) {
        return true;
    }
    let Some(w) = &i.window else { return false };
    let (Some(from), Some(to)) = (time(Some(&w.from)), time(Some(&w.to))) else { return false };
    let start = time(f.start.as_deref()).or_else(|| time(f.end.as_deref()));
    let end = time(f.end.as_deref()).or(start);
    matches!((start, end), (Some(s), Some(e)) if s <= to && from <= e)
}

/// Scores per code, in code order.
pub fn score(truth: &TruthFile, report: &Report) -> Vec<Score> {
    let mut codes: BTreeSet<&str> = truth.incidents.iter().map(|i| i.code.as_str()).collect();
    codes.extend(report.findings.iter().map(|f| f.code.as_str()));
    let incident_rows: Vec<BTreeSet<(&str, u64)>> = truth.incidents.iter().map(|i| rows_of(&i.rows)).collect();
    let mut out = Vec::new();
    for code in codes {
        let incidents: Vec<(&Incident, &BTreeSet<(&str, u64)>)> =
            truth.incidents.iter().zip(&incident_rows).filter(|(i, _)| i.code == code).collect();
        let findings: Vec<&ReportFinding> = report.findings.iter().filter(|f| f.code == code).collect();
        let matched_incidents =
            incidents.iter().filter(|(i, rows)| findings.iter().any(|f| matches(i, rows, f))).count();
        let matched_findings =
            findings.iter().filter(|f| incidents.iter().any(|(i, rows)| matches(i, rows, f))).count();
        let control_hits = findings
            .iter()
            .filter(|f| {
                truth.controls.iter().filter(|c| c.codes.iter().any(|c| c == code)).any(|c| {
                    let rows = rows_of(&c.rows);
                    f.evidence.iter().any(|e| rows.contains(&(file_name(&e.path), e.line)))
                })
            })
            .count();
        out.push(Score {
            code: code.to_string(),
            incidents: incidents.len(),
            findings: findings.len(),
            matched_incidents,
            matched_findings,
            control_hits,
        });
    }
    out
}

/// The scores as a text table: code, incidents, findings, recall, precision, control hits.
pub fn table(scores: &[Score]) -> String {
    let mut out = String::from("code   incidents  findings  recall  precision  controls-hit\n");
    for s in scores {
        out.push_str(&format!(
            "{:<6} {:>9} {:>9} {:>7.2} {:>10.2} {:>13}\n",
            s.code,
            s.incidents,
            s.findings,
            s.recall(),
            s.precision(),
            s.control_hits
        ));
    }
    out
}

/// Per-family totals are not needed by the contract; this groups scores by code for lookups.
pub fn by_code(scores: &[Score]) -> BTreeMap<&str, &Score> {
    scores.iter().map(|s| (s.code.as_str(), s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::truth::{Control, Window};

    fn row(path: &str, line: u64) -> RowRef {
        RowRef { path: path.into(), line, reference: None }
    }

    fn truth() -> TruthFile {
        let incident = |code: &str, rows: Vec<RowRef>, window: Option<Window>| Incident {
            code: code.into(),
            note: String::new(),
            rows,
            window,
        };
        let window = Window { from: "2026-03-01T00:00:00+08:00".into(), to: "2026-03-05T23:59:59+08:00".into() };
        TruthFile {
            schema_version: 1,
            seed: 1,
            days: 90,
            scale: 1.0,
            ordinary: false,
            files: vec![],
            incidents: vec![
                incident("R001", vec![row("attempts.csv", 12), row("icbc.csv", 40)], None),
                incident("R001", vec![row("attempts.csv", 30)], None),
                incident("D002", vec![], Some(window)),
            ],
            controls: vec![Control { note: String::new(), codes: vec!["R001".into()], rows: vec![row("icbc.csv", 7)] }],
        }
    }

    fn finding(code: &str, evidence: &[(&str, u64)], span: Option<(&str, &str)>) -> ReportFinding {
        ReportFinding {
            code: code.into(),
            start: span.map(|s| s.0.to_string()),
            end: span.map(|s| s.1.to_string()),
            evidence: evidence.iter().map(|(p, l)| ReportEvidence { path: p.to_string(), line: *l }).collect(),
        }
    }

    #[test]
    fn a_perfect_report_scores_one() {
        let report = Report {
            findings: vec![
                finding("R001", &[("/tmp/sim/icbc.csv", 40)], None),
                finding("R001", &[("attempts.csv", 30)], None),
                finding("D002", &[], Some(("2026-03-04T00:00:00+08:00", "2026-03-09T00:00:00+08:00"))),
            ],
        };
        for s in score(&truth(), &report) {
            assert_eq!((s.recall(), s.precision(), s.control_hits), (1.0, 1.0, 0), "{s:?}");
        }
    }

    #[test]
    fn an_empty_report_recalls_nothing() {
        let scores = score(&truth(), &Report { findings: vec![] });
        assert_eq!(scores.len(), 2);
        assert!(scores.iter().all(|s| s.recall() == 0.0));
    }

    #[test]
    fn a_shifted_line_or_window_is_a_miss() {
        let report = Report {
            findings: vec![
                finding("R001", &[("attempts.csv", 13)], None),
                finding("D002", &[], Some(("2026-03-06T00:00:00+08:00", "2026-03-07T00:00:00+08:00"))),
                finding("R001", &[("icbc.csv", 7)], None),
            ],
        };
        let scores = score(&truth(), &report);
        let by = by_code(&scores);
        assert_eq!((by["R001"].matched_incidents, by["R001"].findings, by["R001"].control_hits), (0, 2, 1));
        assert_eq!((by["D002"].recall(), by["D002"].precision()), (0.0, 0.0));
    }
}
