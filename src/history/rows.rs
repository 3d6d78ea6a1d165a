//! Rows in the store: a review's inputs imported once each (by the ledger's dedup key and the
//! occurrence of that key, so an overlapping re-export adds nothing and two identical rows of
//! one export stay two), and the whole history loaded back as the input of an audit.

use crate::ingest::{Ingested, InputReport, Rejected};
use crate::ledger::{Ledger, dedup_key};
use crate::model::{Status, Transaction};
use rusqlite::{OptionalExtension, Transaction as Tx, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;

/// What one review added to the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    /// Exports read (a file holding two exports counts twice).
    pub exports: usize,
    /// Data rows read from them.
    pub rows: usize,
    /// Rows new to the store.
    pub added: usize,
    /// Rows the store already held (the overlap with earlier exports).
    pub already_stored: usize,
    /// Stored rows that were pending and are now settled: the settled row replaced them.
    pub updated: usize,
    /// Rows repeated between the inputs of this review (counted once, as `check` does).
    pub duplicates: usize,
    /// Unreadable rows (D001), and how many of them the store did not hold yet.
    pub rejected: usize,
    pub rejected_added: usize,
}

fn hash(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn settled(tx: &Transaction) -> bool {
    tx.status != Status::Pending
}

/// Imports this review's ledger (already deduplicated between its own inputs) into the store.
pub fn import(db: &Tx, review_id: i64, batch: &Ledger) -> Result<ImportCounts, rusqlite::Error> {
    let mut counts = ImportCounts { exports: batch.inputs.len(), ..ImportCounts::default() };
    let mut import_of: HashMap<(Arc<str>, u16), i64> = HashMap::new();
    let mut import_of_path: HashMap<Arc<str>, i64> = HashMap::new();
    for input in &batch.inputs {
        let part = input.part_index();
        let report = serde_json::to_string(input).map_err(to_sql_error)?;
        db.execute(
            "INSERT INTO imports (review_id, path, part, report) VALUES (?1, ?2, ?3, ?4)",
            params![review_id, input.path, part, report],
        )?;
        let id = db.last_insert_rowid();
        let path: Arc<str> = Arc::from(input.path.as_str());
        import_of.insert((path.clone(), part), id);
        import_of_path.entry(path).or_insert(id);
        counts.rows += input.rows;
        counts.duplicates += input.duplicates;
    }
    let mut contributed: HashMap<i64, usize> = HashMap::new();
    let mut already: HashMap<i64, usize> = HashMap::new();
    let mut occurrences: HashMap<String, usize> = HashMap::new();
    let mut find = db.prepare("SELECT settled FROM rows WHERE key = ?1")?;
    let mut insert = db.prepare("INSERT INTO rows (key, import_id, time, settled, tx) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    let mut update = db.prepare("UPDATE rows SET import_id = ?2, time = ?3, settled = 1, tx = ?4 WHERE key = ?1")?;
    for tx in &batch.transactions {
        let key = dedup_key(tx);
        let n = occurrences.entry(key.clone()).or_insert(0);
        let stored_key = hash(&format!("{key}#{n}"));
        *n += 1;
        let Some(&import_id) = import_of.get(&(tx.source.path.clone(), tx.part)) else { continue };
        let json = serde_json::to_string(tx).map_err(to_sql_error)?;
        let time = tx.time.at.to_rfc3339();
        match find.query_row([&stored_key], |r| r.get::<_, bool>(0)).optional()? {
            None => {
                insert.execute(params![stored_key, import_id, time, settled(tx), json])?;
                counts.added += 1;
                *contributed.entry(import_id).or_default() += 1;
            }
            Some(false) if settled(tx) => {
                update.execute(params![stored_key, import_id, time, json])?;
                counts.updated += 1;
                *contributed.entry(import_id).or_default() += 1;
            }
            Some(_) => {
                counts.already_stored += 1;
                *already.entry(import_id).or_default() += 1;
            }
        }
    }
    drop((find, insert, update));
    // An export's rows the store already held count as its duplicates: its own
    // rows = transactions + duplicates + rejected still holds in the history.
    for (import_id, n) in &already {
        let report: String = db.query_row("SELECT report FROM imports WHERE id = ?1", [import_id], |r| r.get(0))?;
        let Ok(mut report) = serde_json::from_str::<InputReport>(&report) else { continue };
        report.duplicates += n;
        let json = serde_json::to_string(&report).map_err(to_sql_error)?;
        db.execute("UPDATE imports SET report = ?2 WHERE id = ?1", params![import_id, json])?;
    }
    let mut insert_rejected = db.prepare("INSERT OR IGNORE INTO rejected (key, import_id, row) VALUES (?1, ?2, ?3)")?;
    let accounts: HashMap<&str, &str> =
        batch.inputs.iter().rev().map(|i| (i.path.as_str(), i.account.as_str())).collect();
    // Three identical unreadable lines are three rows, as three identical good ones are.
    let mut rejected_occurrences: HashMap<String, usize> = HashMap::new();
    for rejected in &batch.rejected {
        let Some(&import_id) = import_of_path.get(&rejected.source.path) else { continue };
        let account = accounts.get(&*rejected.source.path).copied().unwrap_or("");
        let what = format!("{account}|{}|{}", rejected.reason, rejected.raw);
        let n = rejected_occurrences.entry(what.clone()).or_insert(0);
        let key = hash(&format!("{what}#{n}"));
        *n += 1;
        let json = serde_json::to_string(rejected).map_err(to_sql_error)?;
        counts.rejected += 1;
        let added = insert_rejected.execute(params![key, import_id, json])?;
        counts.rejected_added += added;
        if added > 0 {
            *contributed.entry(import_id).or_default() += added;
        }
    }
    forget_repeats(db, &import_of, &contributed)?;
    Ok(counts)
}

/// An export that added no row and covers no time the store's exports of its account did not
/// already cover (the same statement imported again) is not kept: the history's inputs would
/// otherwise grow by every file at every scheduled review.
fn forget_repeats(
    db: &Tx,
    imports: &HashMap<(Arc<str>, u16), i64>,
    contributed: &HashMap<i64, usize>,
) -> Result<(), rusqlite::Error> {
    let idle: std::collections::HashSet<i64> =
        imports.values().copied().filter(|id| !contributed.contains_key(id)).collect();
    if idle.is_empty() {
        return Ok(());
    }
    // Every stored export's account, side and coverage, read once (not once per idle export:
    // a folder of a thousand files re-read would be a million parses).
    let mut stored: Vec<(i64, InputReport)> = Vec::new();
    {
        let mut stmt = db.prepare("SELECT id, report FROM imports")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, json) = row?;
            if let Ok(report) = serde_json::from_str::<InputReport>(&json) {
                stored.push((id, report));
            }
        }
    }
    let mut by_account: HashMap<(&str, crate::model::Side), Vec<Covering>> = HashMap::new();
    for (id, report) in &stored {
        by_account.entry((report.account.as_str(), report.side)).or_default().push((*id, report.coverage));
    }
    let mut forgotten: std::collections::HashSet<i64> = std::collections::HashSet::new();
    for (id, report) in stored.iter().filter(|(id, _)| idle.contains(id)) {
        let others = by_account.get(&(report.account.as_str(), report.side)).map(Vec::as_slice).unwrap_or(&[]);
        let covered =
            others.iter().filter(|(other, _)| other != id && !forgotten.contains(other)).any(|(_, c)| {
                match (c, report.coverage) {
                    (Some(o), Some(r)) => o.from <= r.from && r.to <= o.to,
                    (_, None) => true,
                    (None, Some(_)) => false,
                }
            });
        if covered {
            db.execute("DELETE FROM imports WHERE id = ?1", [id])?;
            forgotten.insert(*id);
        }
    }
    Ok(())
}

/// A stored export's id and the period it covers.
type Covering = (i64, Option<crate::ingest::Coverage>);

/// Everything the store holds, as an audit's input: every export imported, each row once.
/// Exports of one file imported in several reviews (a statement re-exported under the same
/// name) become that file's exports 1, 2, … so that each keeps its own rows and coverage.
pub fn load(db: &rusqlite::Connection) -> Result<Ingested, rusqlite::Error> {
    let mut out = Ingested::default();
    let mut imports: Vec<(i64, u16, InputReport)> = Vec::new();
    {
        let mut stmt = db.prepare("SELECT id, part, report FROM imports ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u16>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (id, part, json) = row?;
            let report: InputReport = serde_json::from_str(&json).map_err(to_sql_error)?;
            imports.push((id, part, report));
        }
    }
    let mut per_path: HashMap<String, usize> = HashMap::new();
    imports.iter().for_each(|(_, _, r)| *per_path.entry(r.path.clone()).or_default() += 1);
    let mut next_part: HashMap<String, u16> = HashMap::new();
    let mut part_of: HashMap<i64, u16> = HashMap::new();
    let mut path_of: HashMap<i64, Arc<str>> = HashMap::new();
    for (id, part, mut report) in imports {
        let part = if per_path.get(&report.path).copied().unwrap_or(0) > 1 {
            let next = next_part.entry(report.path.clone()).or_insert(0);
            let assigned = *next;
            *next = next.saturating_add(1);
            report.part = Some(usize::from(assigned) + 1);
            assigned
        } else {
            part
        };
        part_of.insert(id, part);
        path_of.insert(id, Arc::from(report.path.as_str()));
        out.inputs.push(report);
    }
    let mut stmt = db.prepare("SELECT import_id, tx FROM rows ORDER BY time, rowid")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (import_id, json) = row?;
        let mut tx: Transaction = serde_json::from_str(&json).map_err(to_sql_error)?;
        tx.part = part_of.get(&import_id).copied().unwrap_or(0);
        if let Some(path) = path_of.get(&import_id) {
            tx.source.path = path.clone();
        }
        out.transactions.push(tx);
    }
    let mut stmt = db.prepare("SELECT row FROM rejected ORDER BY rowid")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    for row in rows {
        let rejected: Rejected = serde_json::from_str(&row?).map_err(to_sql_error)?;
        out.rejected.push(rejected);
    }
    Ok(out)
}

/// A stored value that no longer parses: the store is damaged or was edited by hand.
fn to_sql_error(e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(e))
}
