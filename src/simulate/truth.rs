//! The ground truth: which rows each planted incident consists of (by file and physical line),
//! its window, and the clean look-alikes (controls) that must stay quiet. F incidents and the
//! P001 evidence are derived at the end from every failed attempt written, grouped as the F
//! rules group them: by (cause, funding method as the wallet shows it, currency).

use super::event::Time;
use crate::model::{CHINA_ZONE, Cause};
use chrono::{NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TruthFile {
    pub schema_version: u32,
    pub seed: u64,
    pub days: u32,
    pub scale: f64,
    pub ordinary: bool,
    pub files: Vec<FileRows>,
    pub incidents: Vec<Incident>,
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileRows {
    pub path: String,
    pub rows: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Incident {
    pub code: String,
    pub note: String,
    pub rows: Vec<RowRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Control {
    pub note: String,
    /// The codes that must not cite these rows.
    pub codes: Vec<String>,
    pub rows: Vec<RowRef>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowRef {
    pub path: String,
    pub line: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Window {
    pub from: String,
    pub to: String,
}

/// Where a written row is: a file (index into the writer's files) and its 0-based ordinal.
pub type Handle = (usize, u64);

/// A failed attempt as written, for the F groups and P001.
pub struct Failed {
    pub cause: Cause,
    pub label: &'static str,
    pub currency: &'static str,
    pub at: Time,
    pub row: Handle,
    pub reference: Option<String>,
}

struct Entry {
    control: bool,
    codes: Vec<String>,
    note: String,
    window: Option<(Time, Time)>,
    rows: Vec<(Handle, Option<String>)>,
}

/// How a file's ordinals become lines: rows, lines above the first row, newest first or not.
pub struct Placement {
    pub path: String,
    pub rows: u64,
    pub above: u64,
    pub reversed: bool,
}

impl Placement {
    pub fn line(&self, ordinal: u64) -> u64 {
        if self.reversed { self.above + self.rows - ordinal } else { self.above + ordinal + 1 }
    }
}

/// The truth being recorded while the rows are written.
#[derive(Default)]
pub struct Truth {
    entries: Vec<Entry>,
    failures: Vec<Failed>,
    /// The P001 incident, whose rows are every peak-hour network failure.
    pub p001: Option<usize>,
}

pub fn rfc3339(t: Time) -> String {
    CHINA_ZONE.from_local_datetime(&t).single().map_or_else(|| t.to_string(), |z| z.to_rfc3339())
}

/// Peak hours as the P001 rule reads them: [11:30, 13:30) and [19:00, 23:00) local.
pub fn is_peak(t: Time) -> bool {
    let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
    let time = t.time();
    (hm(11, 30) <= time && time < hm(13, 30)) || (hm(19, 0) <= time && time < hm(23, 0))
}

/// The F code of a cause.
pub fn f_code(cause: Cause) -> &'static str {
    match cause {
        Cause::InsufficientFunds => "F001",
        Cause::CardLocked => "F002",
        Cause::CardExpired => "F003",
        Cause::CardBinding => "F004",
        Cause::BankLimit => "F005",
        Cause::IdentityVerification => "F006",
        Cause::Network => "F007",
        Cause::WalletSystem => "F008",
        Cause::RiskDeclined => "F009",
        Cause::Unknown => "F010",
    }
}

impl Truth {
    pub fn incident(&mut self, code: &str, note: impl Into<String>) -> usize {
        self.entries.push(Entry {
            control: false,
            codes: vec![code.into()],
            note: note.into(),
            window: None,
            rows: vec![],
        });
        self.entries.len() - 1
    }

    pub fn control(&mut self, codes: &[&str], note: impl Into<String>) -> usize {
        let codes = codes.iter().map(|c| c.to_string()).collect();
        self.entries.push(Entry { control: true, codes, note: note.into(), window: None, rows: vec![] });
        self.entries.len() - 1
    }

    pub fn window(&mut self, id: usize, from: Time, to: Time) {
        if let Some(e) = self.entries.get_mut(id) {
            e.window = Some((from, to));
        }
    }

    /// Records that the row at `at` is evidence of entry `id`.
    pub fn add(&mut self, id: usize, at: Handle, reference: Option<&str>) {
        if let Some(e) = self.entries.get_mut(id) {
            let reference = reference.filter(|r| !r.is_empty() && *r != "/").map(str::to_string);
            if !e.rows.iter().any(|(h, _)| *h == at) {
                e.rows.push((at, reference));
            }
        }
    }

    pub fn failed(&mut self, f: Failed) {
        self.failures.push(f);
    }

    /// The truth file, with F incidents (and P001's rows) derived from the failures.
    pub fn finish(mut self, files: &[Placement], meta: (u64, u32, f64, bool)) -> TruthFile {
        let mut groups: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
        for (k, f) in self.failures.iter().enumerate() {
            groups.entry((f_code(f.cause), f.label, f.currency)).or_default().push(k);
        }
        for ((code, label, currency), members) in groups {
            let n = members.len();
            let id = self.incident(code, format!("{n} failed top-up(s) with {label} ({currency})"));
            for k in members {
                let Some(f) = self.failures.get(k) else { continue };
                let (row, reference) = (f.row, f.reference.clone());
                self.add(id, row, reference.as_deref());
            }
        }
        if let Some(id) = self.p001 {
            let peak: Vec<(Handle, Option<String>)> = self
                .failures
                .iter()
                .filter(|f| f.cause == Cause::Network && is_peak(f.at))
                .map(|f| (f.row, f.reference.clone()))
                .collect();
            for (row, reference) in peak {
                self.add(id, row, reference.as_deref());
            }
        }
        let resolve = |rows: &[(Handle, Option<String>)]| {
            let mut out: Vec<RowRef> = rows
                .iter()
                .filter_map(|((file, ordinal), reference)| {
                    let p = files.get(*file)?;
                    Some(RowRef { path: p.path.clone(), line: p.line(*ordinal), reference: reference.clone() })
                })
                .collect();
            out.sort();
            out
        };
        let (mut incidents, mut controls) = (Vec::new(), Vec::new());
        for e in &self.entries {
            let rows = resolve(&e.rows);
            if e.control {
                controls.push(Control { note: e.note.clone(), codes: e.codes.clone(), rows });
            } else if !rows.is_empty() || e.window.is_some() {
                let window = e.window.map(|(from, to)| Window { from: rfc3339(from), to: rfc3339(to) });
                incidents.push(Incident { code: e.codes.concat(), note: e.note.clone(), rows, window });
            }
        }
        incidents.sort_by(|a, b| a.code.cmp(&b.code));
        let (seed, days, scale, ordinary) = meta;
        let files = files.iter().map(|p| FileRows { path: p.path.clone(), rows: p.rows }).collect();
        TruthFile { schema_version: 1, seed, days, scale, ordinary, files, incidents, controls }
    }
}
