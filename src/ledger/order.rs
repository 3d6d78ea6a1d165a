//! Which export each row came from, and putting the ledger's rows in time order where they
//! were read: a permutation applied in place, as a second vector of a million rows would
//! double the ledger's memory.

use super::Overlap;
use crate::ingest::InputReport;
use crate::model::Transaction;
use std::collections::HashMap;

/// A row counted as a repeat: which overlap it goes in, the slot of the kept row it repeats,
/// and its place among the rows read.
pub(super) struct Dropped {
    pub overlap: usize,
    pub slot: usize,
    pub row: usize,
}

/// The exports (a file, and which export of the file) as small numbers: each row's, each
/// input's, and the first row of each.
pub(super) struct Exports {
    of_row: Vec<u32>,
    of_input: Vec<Option<u32>>,
    first_row: Vec<usize>,
}

impl Exports {
    pub fn of(rows: &[Transaction], inputs: &[InputReport]) -> Exports {
        let mut ids: HashMap<(&str, u16), u32> = HashMap::new();
        let mut first_row = Vec::new();
        let mut of_row = Vec::with_capacity(rows.len());
        // Rows come file by file, so the last export is looked up first.
        let mut last: Option<(&Transaction, u32)> = None;
        for (row, tx) in rows.iter().enumerate() {
            let id = match last {
                Some((prev, id))
                    if std::sync::Arc::ptr_eq(&prev.source.path, &tx.source.path) && prev.part == tx.part =>
                {
                    id
                }
                _ => {
                    let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                    let id = *ids.entry((&*tx.source.path, tx.part)).or_insert_with(|| {
                        first_row.push(row);
                        next
                    });
                    last = Some((tx, id));
                    id
                }
            };
            of_row.push(id);
        }
        let of_input = inputs.iter().map(|i| ids.get(&(i.path.as_str(), i.part_index())).copied()).collect();
        Exports { of_row, of_input, first_row }
    }

    pub fn of_row(&self, row: usize) -> u32 {
        self.of_row.get(row).copied().unwrap_or(u32::MAX)
    }

    /// Each export's first row, in the order of the exports' numbers.
    pub fn first_rows(&self) -> impl Iterator<Item = usize> + '_ {
        self.first_row.iter().copied()
    }

    /// How many of `rows` each input holds, input by input.
    pub fn tally(&self, rows: impl Iterator<Item = usize>) -> Vec<usize> {
        let mut per_export = vec![0usize; self.first_row.len()];
        for row in rows {
            if let Some(n) = per_export.get_mut(self.of_row(row) as usize) {
                *n += 1;
            }
        }
        self.of_input.iter().map(|e| e.and_then(|e| per_export.get(e as usize).copied()).unwrap_or_default()).collect()
    }
}

/// The kept rows in time order (ties in the order kept; overlaps' indices follow their rows)
/// and the overlaps with their dropped rows; a row neither kept nor dropped is let go.
pub(super) fn arrange(
    mut rows: Vec<Transaction>,
    kept: &[usize],
    dropped: &[Dropped],
    mut overlaps: Vec<Overlap>,
) -> (Vec<Transaction>, Vec<Overlap>) {
    let order = time_order(&rows, kept);
    let mut position = vec![0; kept.len()];
    for (new, &slot) in order.iter().enumerate() {
        if let Some(p) = position.get_mut(slot) {
            *p = new;
        }
    }
    // Where each row read goes: kept rows first in time order, then the dropped ones.
    const UNPLACED: usize = usize::MAX;
    let mut target = vec![UNPLACED; rows.len()];
    let places = order.iter().filter_map(|&slot| kept.get(slot)).chain(dropped.iter().map(|d| &d.row));
    for (place, &row) in places.enumerate() {
        if let Some(t) = target.get_mut(row) {
            *t = place;
        }
    }
    let placed = kept.len() + dropped.len();
    for (place, t) in (placed..).zip(target.iter_mut().filter(|t| **t == UNPLACED)) {
        *t = place;
    }
    permute(&mut rows, &mut target);
    rows.truncate(placed);
    let repeats = rows.split_off(kept.len().min(rows.len()));
    rows.shrink_to_fit();
    for (d, tx) in dropped.iter().zip(repeats) {
        if let Some(o) = overlaps.get_mut(d.overlap) {
            o.rows.push((position.get(d.slot).copied().unwrap_or(d.slot), tx));
        }
    }
    (rows, overlaps)
}

/// The slots of `kept` by the time of their rows, then their source (file, line); ties keep
/// their order. Sorted on small copied keys, not on the rows, which are large and scattered.
fn time_order(rows: &[Transaction], kept: &[usize]) -> Vec<usize> {
    // Files ranked by name, so a number compares as the name would.
    let mut paths: Vec<&str> = Vec::new();
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut last: Option<(&str, u32)> = None;
    let mut keys = Vec::with_capacity(kept.len());
    for (slot, tx) in kept.iter().filter_map(|&row| rows.get(row)).enumerate() {
        let path = &*tx.source.path;
        let id = match last {
            Some((p, id)) if std::ptr::eq(p, path) => id,
            _ => {
                let id = *ids.entry(path).or_insert_with(|| {
                    paths.push(path);
                    u32::try_from(paths.len() - 1).unwrap_or(u32::MAX)
                });
                last = Some((path, id));
                id
            }
        };
        keys.push((tx.time.at.naive_utc(), id, tx.source.line, slot));
    }
    let mut by_name: Vec<u32> = (0..u32::try_from(paths.len()).unwrap_or(u32::MAX)).collect();
    by_name.sort_unstable_by_key(|&id| paths.get(id as usize).copied());
    let mut rank = vec![0u32; paths.len()];
    for (r, &id) in by_name.iter().enumerate() {
        if let Some(slot) = rank.get_mut(id as usize) {
            *slot = u32::try_from(r).unwrap_or(u32::MAX);
        }
    }
    for key in &mut keys {
        key.1 = rank.get(key.1 as usize).copied().unwrap_or(key.1);
    }
    keys.sort_unstable();
    keys.into_iter().map(|k| k.3).collect()
}

/// Moves each row to its target place (`target` a permutation of the places), cycle by cycle.
fn permute(rows: &mut [Transaction], target: &mut [usize]) {
    for i in 0..rows.len() {
        while let Some(&t) = target.get(i) {
            if t == i || t >= rows.len() {
                break;
            }
            rows.swap(i, t);
            target.swap(i, t);
        }
    }
}
