//! Findings across reviews: each review's findings judged against the last review's and the
//! acknowledgements (new, open, changed, resolved, acknowledged), and recorded.

use crate::finding::{Finding, Severity};
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, Transaction as Tx, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Where a finding stands since the last review (DESIGN.md §4, `review`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    New,
    Changed,
    Open,
    Acknowledged,
    Resolved,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::New, Status::Changed, Status::Resolved, Status::Open, Status::Acknowledged];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Changed => "changed",
            Status::Open => "open",
            Status::Acknowledged => "acknowledged",
            Status::Resolved => "resolved",
        }
    }

    /// Whether a scheduled run should tell anyone: something happened.
    pub fn is_news(self) -> bool {
        matches!(self, Status::New | Status::Changed)
    }
}

/// What a review remembers of a finding, enough to say later what was resolved.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FindingSummary {
    pub id: String,
    pub code: String,
    pub severity: Severity,
    pub title: String,
    pub account: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub start: Option<DateTime<FixedOffset>>,
    pub end: Option<DateTime<FixedOffset>>,
}

impl FindingSummary {
    pub fn of(f: &Finding) -> Self {
        FindingSummary {
            id: f.id.clone(),
            code: f.code.to_string(),
            severity: f.severity,
            title: f.title.clone(),
            account: f.account.clone(),
            amount: f.amount.map(|a| a.to_string()),
            currency: f.currency.clone(),
            start: f.start,
            end: f.end,
        }
    }
}

/// What makes a finding "changed" while its id stays: its severity, its amount, and the rows
/// behind it (a group that gains members, an amount that grows).
pub fn digest(f: &Finding) -> String {
    let mut evidence: Vec<String> =
        f.evidence.iter().map(|e| format!("{}:{}:{}:{:?}", e.path, e.line, e.role, e.reference)).collect();
    evidence.sort();
    let text = format!("{}|{:?}|{:?}|{}", f.severity, f.amount, f.currency, evidence.join("\n"));
    Sha256::digest(text.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// An acknowledgement: quiet while the finding's digest stays the one acknowledged.
#[derive(Debug, Clone)]
pub struct Ack {
    pub id: String,
    pub digest: String,
    pub note: Option<String>,
    pub at: String,
}

/// The last review's findings that were still there (not resolved), by id.
#[derive(Debug, Default)]
pub struct Previous {
    pub review: Option<i64>,
    pub findings: HashMap<String, (String, FindingSummary)>,
}

impl Previous {
    pub fn read(db: &Connection) -> Result<Previous, rusqlite::Error> {
        let review: Option<i64> = db.query_row("SELECT max(id) FROM reviews WHERE counts != ''", [], |r| r.get(0))?;
        let mut out = Previous { review, ..Previous::default() };
        let Some(review) = review else { return Ok(out) };
        let mut stmt =
            db.prepare("SELECT id, digest, summary FROM findings WHERE review_id = ?1 AND status != 'resolved'")?;
        let rows =
            stmt.query_map([review], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (id, digest, summary) = row?;
            if let Ok(summary) = serde_json::from_str::<FindingSummary>(&summary) {
                out.findings.insert(id, (digest, summary));
            }
        }
        Ok(out)
    }
}

pub fn acks(db: &Connection) -> Result<HashMap<String, Ack>, rusqlite::Error> {
    let mut stmt = db.prepare("SELECT id, digest, note, at FROM acks")?;
    let rows = stmt.query_map([], |r| Ok(Ack { id: r.get(0)?, digest: r.get(1)?, note: r.get(2)?, at: r.get(3)? }))?;
    rows.map(|r| r.map(|a| (a.id.clone(), a))).collect()
}

/// One review's verdicts: a status per finding (in the report's order) and what was resolved.
#[derive(Debug, Default)]
pub struct ReviewRecord {
    pub id: i64,
    pub statuses: Vec<Status>,
    pub resolved: Vec<FindingSummary>,
    pub counts: BTreeMap<Status, usize>,
}

impl ReviewRecord {
    /// Judges `findings` against the last review and the acknowledgements, and records them
    /// under review `id`. An acknowledgement whose finding changed lapses. A finding of the
    /// last review whose code this review did not run (`ran` says no: `--select`/`--ignore`
    /// changed) is not resolved: it is carried over as it was, for the next review to judge.
    pub fn judge(
        db: &Tx,
        id: i64,
        findings: &[Finding],
        ran: &dyn Fn(&str) -> bool,
    ) -> Result<ReviewRecord, rusqlite::Error> {
        let previous = Previous::read(db)?;
        let acks = acks(db)?;
        let mut record = ReviewRecord { id, ..ReviewRecord::default() };
        let mut seen: HashSet<&str> = HashSet::new();
        let mut insert = db.prepare(
            "INSERT OR IGNORE INTO findings (review_id, id, status, digest, summary) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for f in findings {
            let digest = digest(f);
            let status = match (acks.get(&f.id), previous.findings.get(&f.id)) {
                (Some(ack), _) if ack.digest == digest => Status::Acknowledged,
                (Some(_), _) => {
                    db.execute("DELETE FROM acks WHERE id = ?1", [&f.id])?;
                    Status::Changed
                }
                (None, Some((before, _))) if *before == digest => Status::Open,
                (None, Some(_)) => Status::Changed,
                (None, None) => Status::New,
            };
            let summary = serde_json::to_string(&FindingSummary::of(f)).unwrap_or_default();
            insert.execute(params![id, f.id, status.as_str(), digest, summary])?;
            seen.insert(&f.id);
            record.statuses.push(status);
        }
        let mut gone: Vec<(&String, &(String, FindingSummary))> =
            previous.findings.iter().filter(|(fid, _)| !seen.contains(fid.as_str())).collect();
        gone.sort_by(|a, b| (a.1.1.start, a.0).cmp(&(b.1.1.start, b.0)));
        for (fid, (digest, summary)) in gone {
            let json = serde_json::to_string(summary).unwrap_or_default();
            if !ran(&summary.code) {
                insert.execute(params![id, fid, Status::Open.as_str(), digest, json])?;
                continue;
            }
            insert.execute(params![id, fid, Status::Resolved.as_str(), digest, json])?;
            record.resolved.push(summary.clone());
        }
        for status in record.statuses.iter().copied().chain(record.resolved.iter().map(|_| Status::Resolved)) {
            *record.counts.entry(status).or_default() += 1;
        }
        Ok(record)
    }
}

/// The latest review's verdict on `id`, with the digest it had then.
pub fn latest(db: &Connection, id: &str) -> Result<Option<(String, Status, FindingSummary)>, rusqlite::Error> {
    let row: Option<(String, String, String)> = db
        .query_row(
            "SELECT f.digest, f.status, f.summary FROM findings f
             WHERE f.id = ?1 AND f.review_id = (SELECT max(id) FROM reviews WHERE counts != '')",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(row.and_then(|(digest, status, summary)| {
        let status = serde_json::from_value(serde_json::Value::String(status)).ok()?;
        Some((digest, status, serde_json::from_str(&summary).ok()?))
    }))
}
