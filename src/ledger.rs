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
        let mut kept: Vec<Transaction> = Vec::with_capacity(transactions.len());
        // key → indices in `kept`, with the file each came from.
        let mut seen: HashMap<String, Vec<(usize, std::sync::Arc<str>)>> = HashMap::new();
        // key → how many of the current file's rows already claimed an earlier occurrence.
        let mut overlaps: Vec<Overlap> = Vec::new();
        let mut claimed: HashMap<(String, std::sync::Arc<str>), usize> = HashMap::new();
        for tx in transactions {
            let key = dedup_key(&tx);
            let earlier: Vec<(usize, std::sync::Arc<str>)> = seen
                .get(&key)
                .map(|v| v.iter().filter(|(_, p)| *p != tx.source.path).cloned().collect())
                .unwrap_or_default();
            let used = claimed.entry((key.clone(), tx.source.path.clone())).or_insert(0);
            if let Some((index, path)) = earlier.get(*used).cloned() {
                *used += 1;
                let mut dropped = tx;
                if settled(&dropped) && !settled(&kept[index]) {
                    std::mem::swap(&mut kept[index], &mut dropped);
                    if let Some(entry) = seen.get_mut(&key).and_then(|v| v.iter_mut().find(|(i, _)| *i == index)) {
                        entry.1 = kept[index].source.path.clone();
                    }
                }
                let earlier_path = if dropped.source.path == path { kept[index].source.path.clone() } else { path };
                record_overlap(&mut overlaps, &earlier_path, &dropped, index);
                continue;
            }
            seen.entry(key).or_default().push((kept.len(), tx.source.path.clone()));
            kept.push(tx);
        }
        for input in &mut inputs {
            input.transactions = kept.iter().filter(|t| *t.source.path == *input.path).count();
            input.duplicates =
                overlaps.iter().flat_map(|o| &o.rows).filter(|(_, t)| *t.source.path == *input.path).count();
        }
        let mut order: Vec<usize> = (0..kept.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&kept[a], &kept[b]);
            (x.time.at, &x.source).cmp(&(y.time.at, &y.source))
        });
        let mut position = vec![0; kept.len()];
        for (new, &old) in order.iter().enumerate() {
            position[old] = new;
        }
        for overlap in &mut overlaps {
            for row in &mut overlap.rows {
                row.0 = position[row.0];
            }
        }
        let mut slots: Vec<Option<Transaction>> = kept.into_iter().map(Some).collect();
        let transactions = order.iter().filter_map(|&i| slots[i].take()).collect();
        Ledger { transactions, inputs, rejected, overlaps, warnings }
    }
}

fn record_overlap(overlaps: &mut Vec<Overlap>, earlier: &str, dup: &Transaction, kept: usize) {
    let later = dup.source.path.to_string();
    match overlaps.iter_mut().find(|o| o.earlier == earlier && o.later == later) {
        Some(o) => o.rows.push((kept, dup.clone())),
        None => overlaps.push(Overlap { earlier: earlier.to_string(), later, rows: vec![(kept, dup.clone())] }),
    }
}
