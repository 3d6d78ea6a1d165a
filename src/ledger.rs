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
/// The row's fingerprint, the one definition shared with finding ids and the history store.
pub fn dedup_key(tx: &Transaction) -> String {
    tx.fingerprint()
}

/// A later export may show a pending row settled; the settled one is kept.
fn settled(tx: &Transaction) -> bool {
    tx.status != crate::model::Status::Pending
}

impl Ledger {
    /// Builds the ledger: files are taken in the order given; a row seen in an earlier file
    /// of the same account is counted as a duplicate of it, occurrence by occurrence (two
    /// identical rows in one file stay two rows). A bank row that matches no row exactly is a
    /// repeat of a row of the same account in an export of another format with the same day,
    /// amount and direction (`loose_key`), one for one.
    pub fn build(ingested: Ingested) -> Ledger {
        let Ingested { mut inputs, transactions, rejected, warnings } = ingested;
        // Each export's name in messages, looked up by origin (a file may hold thousands).
        let labels: HashMap<(&str, u16), String> = inputs
            .iter()
            .map(|i| {
                let label = match i.part {
                    Some(n) => format!("{} (export {n})", i.path),
                    None => i.path.clone(),
                };
                ((i.path.as_str(), i.part_index()), label)
            })
            .collect();
        let label = |tx: &Transaction| {
            labels.get(&(&*tx.source.path, tx.part)).cloned().unwrap_or_else(|| tx.source.path.to_string())
        };
        // Each export's format: one account's statement in two layouts is matched loosely.
        let formats: HashMap<(&str, u16), &str> =
            inputs.iter().map(|i| ((i.path.as_str(), i.part_index()), i.format.as_str())).collect();
        let mut loose: HashMap<String, Vec<Layout>> = HashMap::new();
        // (earlier, later) → index in `overlaps`.
        let mut overlap_index: HashMap<(String, String), usize> = HashMap::new();
        let mut kept: Vec<Transaction> = Vec::with_capacity(transactions.len());
        // key → indices in `kept`, with the export each came from (see `Seen`).
        let mut seen: HashMap<String, Seen> = HashMap::new();
        let mut overlaps: Vec<Overlap> = Vec::new();
        // Exports as small numbers: rows come file by file, so the last one is looked up first.
        let mut exports: HashMap<Origin, u32> = HashMap::new();
        let mut last: Option<(Origin, u32)> = None;
        for tx in transactions {
            let o = match &last {
                Some((origin, id)) if std::sync::Arc::ptr_eq(&origin.0, &tx.source.path) && origin.1 == tx.part => *id,
                _ => {
                    let next = u32::try_from(exports.len()).unwrap_or(u32::MAX);
                    let id = *exports.entry(origin(&tx)).or_insert(next);
                    last = Some((origin(&tx), id));
                    id
                }
            };
            let state = seen.entry(dedup_key(&tx)).or_default();
            // How many of this export's rows already claimed an earlier occurrence of the key.
            let used = state.claimed.iter().find(|c| c.0 == o).map_or(0, |c| c.1);
            let format = formats.get(&(&*tx.source.path, tx.part)).copied().unwrap_or_default();
            let exact = state.rows.iter().filter(|r| r.1 != o).nth(used).map(|r| r.0);
            let layouts = loose_key(&tx).map(|k| loose.entry(k).or_default());
            let index = match (exact, layouts) {
                (Some(index), _) => {
                    match state.claimed.iter_mut().find(|c| c.0 == o) {
                        Some(c) => c.1 += 1,
                        None => state.claimed.push((o, 1)),
                    }
                    index
                }
                (None, Some(layouts)) if layouts.iter().any(|l| l.format != format && !l.claimed) => {
                    let Some(other) = layouts.iter_mut().find(|l| l.format != format && !l.claimed) else { continue };
                    other.claimed = true;
                    other.index
                }
                (None, layouts) => {
                    state.rows.push((kept.len(), o));
                    if let Some(layouts) = layouts {
                        layouts.push(Layout { index: kept.len(), format, claimed: false });
                    }
                    kept.push(tx);
                    continue;
                }
            };
            let Some(slot) = kept.get_mut(index) else { continue };
            let mut dropped = tx;
            if exact.is_some() && settled(&dropped) && !settled(slot) {
                std::mem::swap(slot, &mut dropped);
                if let Some(entry) = state.rows.iter_mut().find(|r| r.0 == index) {
                    entry.1 = o;
                }
            }
            // `earlier` names the export whose row is kept.
            let earlier_label = label(slot);
            let later_label = label(&dropped);
            let at = *overlap_index.entry((earlier_label.clone(), later_label.clone())).or_insert_with(|| {
                overlaps.push(Overlap { earlier: earlier_label, later: later_label, rows: Vec::new() });
                overlaps.len() - 1
            });
            if let Some(o) = overlaps.get_mut(at) {
                o.rows.push((index, dropped));
            }
        }
        let mut dropped: HashMap<Origin, usize> = HashMap::new();
        overlaps.iter().flat_map(|o| &o.rows).for_each(|(_, t)| *dropped.entry(origin(t)).or_default() += 1);
        for input in &mut inputs {
            input.duplicates = dropped.get(&input_origin(input)).copied().unwrap_or_default();
        }
        Ledger::ordered(inputs, kept, rejected, overlaps, warnings)
    }

    /// The ledger of rows already deduplicated (the history store's): no row is taken for a
    /// repeat of another, as the store counted repeats when it imported them.
    pub fn assemble(ingested: Ingested) -> Ledger {
        let Ingested { inputs, transactions, rejected, warnings } = ingested;
        Ledger::ordered(inputs, transactions, rejected, Vec::new(), warnings)
    }

    /// Counts each input's kept and dropped rows and puts the rows in time order (overlaps'
    /// indices follow their rows).
    fn ordered(
        mut inputs: Vec<InputReport>,
        kept: Vec<Transaction>,
        rejected: Vec<Rejected>,
        mut overlaps: Vec<Overlap>,
        warnings: Vec<String>,
    ) -> Ledger {
        // Counted by origin in one pass, not input by input over every row.
        let mut counts: HashMap<Origin, usize> = HashMap::new();
        kept.iter().for_each(|t| *counts.entry(origin(t)).or_default() += 1);
        for input in &mut inputs {
            input.transactions = counts.get(&input_origin(input)).copied().unwrap_or_default();
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

/// The rows kept under one dedup key (index in `kept`, export), and per export how many of its
/// rows were counted as repeats of another export's: an export's second identical row repeats
/// the other export's second, not its first (one statement may list a row twice).
#[derive(Default)]
struct Seen {
    rows: Vec<(usize, u32)>,
    claimed: Vec<(u32, usize)>,
}

/// A bank row kept, as another layout of its statement may print it again: the export's
/// format, and whether a row of another layout was already counted as its repeat.
struct Layout<'a> {
    index: usize,
    format: &'a str,
    claimed: bool,
}

/// What two layouts of one account's statement both print of a row (Apple Card's CSV and its
/// OFX: one writes a day and no reference, the other a time and a FITID): the account, the
/// day, the amount and the direction. Rows of the same layout are matched exactly, never so.
fn loose_key(tx: &Transaction) -> Option<String> {
    (tx.side == crate::model::Side::Bank)
        .then(|| format!("{}|{}|{}|{:?}", tx.account, tx.time.at.date_naive(), tx.money, tx.direction))
}

fn origin(tx: &Transaction) -> Origin {
    (tx.source.path.clone(), tx.part)
}

fn input_origin(input: &InputReport) -> Origin {
    let part = input.part_index();
    (std::sync::Arc::from(input.path.as_str()), part)
}
