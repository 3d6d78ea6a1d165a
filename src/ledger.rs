//! The unified ledger: all inputs' transactions in time order, with rows repeated across
//! overlapping exports counted once.
//!
//! A million-row audit holds the rows once: duplicates are found by looking at the rows where
//! they were read (keys borrow them, `keys`), then the rows are moved into time order in place
//! (`order`), not copied into a second vector.

mod keys;
mod order;

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
/// The row's fingerprint, the one definition shared with finding ids and the history store;
/// the ledger compares the same parts without printing them (`keys::dedup`).
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
    /// amount and direction (`keys::loose`), one for one.
    pub fn build(ingested: Ingested) -> Ledger {
        let Ingested { mut inputs, transactions, rejected, warnings } = ingested;
        let exports = order::Exports::of(&transactions, &inputs);
        let Chosen { kept, dropped, overlaps } = choose(&transactions, &inputs, &exports);
        let kept_per_input = exports.tally(kept.iter().copied());
        let dropped_per_input = exports.tally(dropped.iter().map(|d| d.row));
        for ((input, kept), dropped) in inputs.iter_mut().zip(kept_per_input).zip(dropped_per_input) {
            input.transactions = kept;
            input.duplicates = dropped;
        }
        let (transactions, overlaps) = order::arrange(transactions, &kept, &dropped, overlaps);
        Ledger { transactions, inputs, rejected, overlaps, warnings }
    }

    /// The ledger of rows already deduplicated (the history store's): no row is taken for a
    /// repeat of another, as the store counted repeats when it imported them.
    pub fn assemble(ingested: Ingested) -> Ledger {
        let Ingested { mut inputs, transactions, rejected, warnings } = ingested;
        let exports = order::Exports::of(&transactions, &inputs);
        for (input, kept) in inputs.iter_mut().zip(exports.tally(0..transactions.len())) {
            input.transactions = kept;
        }
        let kept: Vec<usize> = (0..transactions.len()).collect();
        let (transactions, overlaps) = order::arrange(transactions, &kept, &[], Vec::new());
        Ledger { transactions, inputs, rejected, overlaps, warnings }
    }
}

/// Which rows the ledger keeps and which it drops as repeats, by their place among the rows
/// read: `kept[slot]` is the row kept in that slot (in reading order); the overlaps' `rows`
/// are still empty, `dropped` says what goes in them.
struct Chosen {
    kept: Vec<usize>,
    dropped: Vec<order::Dropped>,
    overlaps: Vec<Overlap>,
}

/// Takes the rows in reading order, each kept or counted as a repeat of a kept one (`build`).
fn choose(rows: &[Transaction], inputs: &[InputReport], exports: &order::Exports) -> Chosen {
    // Each export's name in messages (a file may hold thousands of rows).
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
    // Each export's format: one account's statement in two layouts is matched loosely.
    let formats: HashMap<(&str, u16), &str> =
        inputs.iter().map(|i| ((i.path.as_str(), i.part_index()), i.format.as_str())).collect();
    let (label_of, format_of): (Vec<String>, Vec<&str>) = exports
        .first_rows()
        .map(|row| {
            let tx = rows.get(row);
            let key = tx.map_or(("", 0), |t| (&*t.source.path, t.part));
            let label = labels.get(&key).cloned().unwrap_or_else(|| key.0.to_string());
            (label, formats.get(&key).copied().unwrap_or_default())
        })
        .unzip();
    let export_of = |row: usize| exports.of_row(row);
    let mut kept: Vec<usize> = Vec::with_capacity(rows.len());
    let mut dropped: Vec<order::Dropped> = Vec::new();
    let mut overlaps: Vec<Overlap> = Vec::new();
    // (kept row's export, dropped row's export) → index in `overlaps`; labels → the same.
    let mut pair_index: HashMap<(u32, u32), usize> = HashMap::new();
    let mut overlap_index: HashMap<(String, String), usize> = HashMap::new();
    // key → slots in `kept`, with the export each came from (see `Seen`).
    // Sized for every row at once: growing rehashes every key, each a look at its row.
    let mut seen: HashMap<keys::Key<keys::SameRow>, Seen, keys::Fast> =
        HashMap::with_capacity_and_hasher(rows.len(), keys::Fast::default());
    let bank_rows = rows.iter().filter(|t| t.side == crate::model::Side::Bank).count();
    let mut loose: HashMap<keys::Key<keys::SameDay>, Vec<Layout>, keys::Fast> =
        HashMap::with_capacity_and_hasher(bank_rows, keys::Fast::default());
    for (row, tx) in rows.iter().enumerate() {
        let o = export_of(row);
        let format = format_of.get(o as usize).copied().unwrap_or_default();
        let key = keys::dedup(tx);
        let mut state = seen.get_mut(&key);
        // How many of this export's rows already claimed an earlier occurrence of the key.
        let exact = state.as_deref().and_then(|s| s.rows().filter(|r| r.1 != o).nth(s.claimed(o)).map(|r| r.0));
        let layouts = keys::loose(tx).map(|k| loose.entry(k).or_default());
        let slot = match (exact, layouts) {
            (Some(slot), _) => {
                if let Some(s) = state.as_deref_mut() {
                    s.claim(o);
                }
                slot
            }
            (None, Some(layouts)) if layouts.iter().any(|l| l.format != format && !l.claimed) => {
                let Some(other) = layouts.iter_mut().find(|l| l.format != format && !l.claimed) else { continue };
                other.claimed = true;
                other.slot
            }
            (None, layouts) => {
                match state {
                    Some(s) => s.push((kept.len(), o)),
                    None => {
                        seen.insert(key, Seen::new((kept.len(), o)));
                    }
                }
                if let Some(layouts) = layouts {
                    layouts.push(Layout { slot: kept.len(), format, claimed: false });
                }
                kept.push(row);
                continue;
            }
        };
        let Some(kept_row) = kept.get_mut(slot) else { continue };
        let mut dropped_row = row;
        let swap = |k: usize| rows.get(k).is_some_and(|t| !settled(t));
        if exact.is_some() && settled(tx) && swap(*kept_row) {
            std::mem::swap(kept_row, &mut dropped_row);
            if let Some(entry) = state.and_then(|s| s.rows_mut().find(|r| r.0 == slot)) {
                entry.1 = o;
            }
        }
        // `earlier` names the export whose row is kept.
        let pair = (export_of(*kept_row), export_of(dropped_row));
        let at = *pair_index.entry(pair).or_insert_with(|| {
            let label = |e: u32| label_of.get(e as usize).cloned().unwrap_or_default();
            let (earlier, later) = (label(pair.0), label(pair.1));
            *overlap_index.entry((earlier.clone(), later.clone())).or_insert_with(|| {
                overlaps.push(Overlap { earlier, later, rows: Vec::new() });
                overlaps.len() - 1
            })
        });
        dropped.push(order::Dropped { overlap: at, slot, row: dropped_row });
    }
    Chosen { kept, dropped, overlaps }
}

/// The slots kept under one dedup key (slot in `kept`, export), and per export how many of
/// its rows were counted as repeats of another export's: an export's second identical row
/// repeats the other export's second, not its first (one statement may list a row twice).
/// Nearly every key has one row and no repeat: that one is held inline.
struct Seen {
    first: (usize, u32),
    more: Option<Box<More>>,
}

#[derive(Default)]
struct More {
    rows: Vec<(usize, u32)>,
    claimed: Vec<(u32, usize)>,
}

impl Seen {
    fn new(first: (usize, u32)) -> Seen {
        Seen { first, more: None }
    }

    fn rows(&self) -> impl Iterator<Item = &(usize, u32)> {
        std::iter::once(&self.first).chain(self.more.iter().flat_map(|m| &m.rows))
    }

    fn rows_mut(&mut self) -> impl Iterator<Item = &mut (usize, u32)> {
        std::iter::once(&mut self.first).chain(self.more.iter_mut().flat_map(|m| &mut m.rows))
    }

    fn push(&mut self, row: (usize, u32)) {
        self.more.get_or_insert_default().rows.push(row);
    }

    fn claimed(&self, export: u32) -> usize {
        self.more.as_ref().and_then(|m| m.claimed.iter().find(|c| c.0 == export)).map_or(0, |c| c.1)
    }

    fn claim(&mut self, export: u32) {
        let claimed = &mut self.more.get_or_insert_default().claimed;
        match claimed.iter_mut().find(|c| c.0 == export) {
            Some(c) => c.1 += 1,
            None => claimed.push((export, 1)),
        }
    }
}

/// A bank row kept, as another layout of its statement may print it again: the export's
/// format, and whether a row of another layout was already counted as its repeat.
struct Layout<'a> {
    slot: usize,
    format: &'a str,
    claimed: bool,
}
