//! The unified ledger: all inputs' transactions in time order, with rows repeated across
//! overlapping exports counted once.

use crate::ingest::{Ingested, InputReport, Rejected};
use crate::model::Transaction;
use std::collections::HashMap;

/// Rows of `later` that were already read from `earlier` (same account).
#[derive(Debug, Clone)]
pub struct Overlap {
    pub earlier: String,
    pub later: String,
    /// (kept transaction index in the ledger, the dropped duplicate row).
    pub rows: Vec<(usize, Transaction)>,
}

#[derive(Debug, Default)]
pub struct Ledger {
    pub transactions: Vec<Transaction>,
    pub inputs: Vec<InputReport>,
    pub rejected: Vec<Rejected>,
    pub overlaps: Vec<Overlap>,
    pub warnings: Vec<String>,
}

/// What makes two rows in different exports the same row: the same instant, amount and
/// direction, and the same provider reference (rows with different references are never the
/// same row; a row's status may have moved on between exports). Without a reference: the
/// same counterparty, balance and status (descriptions differ between export layouts).
fn dedup_key(tx: &Transaction) -> String {
    let detail = match &tx.reference {
        Some(reference) => format!("ref:{reference}"),
        None => format!("{}|{:?}|{:?}", tx.counterparty.as_deref().unwrap_or(""), tx.balance, tx.status),
    };
    format!(
        "{:?}|{}|{}|{:?}|{}|{:?}|{detail}",
        tx.side,
        tx.account,
        tx.time.at.timestamp(),
        tx.time.precision,
        tx.money,
        tx.direction,
    )
}

/// A later export may show a pending row settled; the settled one is kept.
fn settled(tx: &Transaction) -> bool {
    tx.status != crate::model::Status::Pending
}

impl Ledger {
    /// Builds the ledger: files are taken in the order given; a row seen in an earlier file
    /// of the same account is counted as a duplicate of it, occurrence by occurrence (two
    /// identical rows in one file stay two rows).
    pub fn build(ingested: Ingested) -> Ledger {
        let Ingested { mut inputs, transactions, rejected, warnings } = ingested;
        let label = |tx: &Transaction| export_label(&inputs, tx);
        let mut kept: Vec<Transaction> = Vec::with_capacity(transactions.len());
        // key → indices in `kept`, with the export each came from.
        let mut seen: HashMap<String, Vec<(usize, Origin)>> = HashMap::new();
        let mut overlaps: Vec<Overlap> = Vec::new();
        // (key, export) → how many of that export's rows already claimed an earlier occurrence.
        let mut claimed: HashMap<(String, Origin), usize> = HashMap::new();
        for tx in transactions {
            let key = dedup_key(&tx);
            let origin = origin(&tx);
            let earlier: Vec<(usize, Origin)> =
                seen.get(&key).map(|v| v.iter().filter(|(_, o)| *o != origin).cloned().collect()).unwrap_or_default();
            let used = claimed.entry((key.clone(), origin.clone())).or_insert(0);
            let Some((index, _)) = earlier.get(*used).cloned() else {
                seen.entry(key).or_default().push((kept.len(), origin));
                kept.push(tx);
                continue;
            };
            *used += 1;
            let Some(slot) = kept.get_mut(index) else { continue };
            let mut dropped = tx;
            if settled(&dropped) && !settled(slot) {
                std::mem::swap(slot, &mut dropped);
                if let Some(entry) = seen.get_mut(&key).and_then(|v| v.iter_mut().find(|(i, _)| *i == index)) {
                    entry.1 = origin;
                }
            }
            // `earlier` names the export whose row is kept.
            let earlier_label = label(slot);
            record_overlap(&mut overlaps, &earlier_label, &label(&dropped), &dropped, index);
        }
        for input in &mut inputs {
            input.transactions = kept.iter().filter(|t| input.holds(t)).count();
            input.duplicates = overlaps.iter().flat_map(|o| &o.rows).filter(|(_, t)| input.holds(t)).count();
        }
        let mut order: Vec<usize> = (0..kept.len()).collect();
        order.sort_by(|&a, &b| {
            let key = |i: usize| kept.get(i).map(|t| (t.time.at, &t.source));
            key(a).cmp(&key(b))
        });
        let mut position = vec![0; kept.len()];
        for (new, &old) in order.iter().enumerate() {
            if let Some(slot) = position.get_mut(old) {
                *slot = new;
            }
        }
        for overlap in &mut overlaps {
            for row in &mut overlap.rows {
                row.0 = position.get(row.0).copied().unwrap_or(row.0);
            }
        }
        let mut slots: Vec<Option<Transaction>> = kept.into_iter().map(Some).collect();
        let transactions = order.iter().filter_map(|&i| slots.get_mut(i).and_then(Option::take)).collect();
        Ledger { transactions, inputs, rejected, overlaps, warnings }
    }
}

/// Which export a row came from: its file, and which export of the file.
type Origin = (std::sync::Arc<str>, u16);

fn origin(tx: &Transaction) -> Origin {
    (tx.source.path.clone(), tx.part)
}

/// The export as messages name it: the path, with the export's number when the file holds several.
fn export_label(inputs: &[InputReport], tx: &Transaction) -> String {
    match inputs.iter().find(|i| i.holds(tx)).and_then(|i| i.part) {
        Some(part) => format!("{} (export {part})", tx.source.path),
        None => tx.source.path.to_string(),
    }
}

fn record_overlap(overlaps: &mut Vec<Overlap>, earlier: &str, later: &str, dup: &Transaction, kept: usize) {
    match overlaps.iter_mut().find(|o| o.earlier == earlier && o.later == later) {
        Some(o) => o.rows.push((kept, dup.clone())),
        None => overlaps.push(Overlap {
            earlier: earlier.to_string(),
            later: later.to_string(),
            rows: vec![(kept, dup.clone())],
        }),
    }
}
