//! Grows a pass's greedy pairing to a maximum one with Kuhn's augmenting paths.

use super::Pass;
use chrono::Duration;

/// Grows the greedy pairing to a maximum one (Kuhn's augmenting paths over this pass's pairs):
/// a Friday top-up posted on Monday must not lose its debit to Monday's top-up, whose own
/// debit posts on Tuesday. `unpaired` are the claims the greedy pairing left without a row.
///
/// Rows a failed search visited stay visited until a search succeeds: a failed search changes
/// no pair, so from those rows no alternating path reaches a free row, and a later search
/// would only walk them again to fail the same way (on thousands of equal amounts, every
/// unpaired claim walked the whole pass). The pairs found are those of the plain algorithm.
/// A claim's rows are listed (nearest first) only when a search reaches it.
///
/// Returns the rows it listed, by claim, with their distances (the rivals are found in them).
pub(super) fn augment(
    pass: &Pass,
    unpaired: &[usize],
    assigned: &mut [Option<usize>],
    owner: &mut [Option<usize>],
) -> Vec<Option<Vec<(Duration, usize)>>> {
    let mut lists = Lists { pass, rows: vec![None; assigned.len()] };
    let mut visited = Visited { seen: vec![false; owner.len()], touched: Vec::new() };
    for &c in unpaired {
        if lists.row(c, 0).is_some() && try_assign(c, &mut lists, assigned, owner, &mut visited) {
            visited.clear();
        }
    }
    lists.rows
}

/// Each claim's rows in the pass, nearest first, listed the first time they are asked for
/// (by claim: a search asks at every step).
struct Lists<'a, 'p> {
    pass: &'p Pass<'a>,
    rows: Vec<Option<Vec<(Duration, usize)>>>,
}

impl Lists<'_, '_> {
    /// Claim `c`'s row number `k` (nearest first), if it has that many.
    fn row(&mut self, c: usize, k: usize) -> Option<usize> {
        let pass = self.pass;
        let rows = self.rows.get_mut(c)?.get_or_insert_with(|| pass.all_rows(c));
        rows.get(k).map(|r| r.1)
    }
}

/// The rows an augmenting-path search has visited, cleared in the time it took to visit them.
struct Visited {
    seen: Vec<bool>,
    touched: Vec<usize>,
}

impl Visited {
    /// Marks row `i`; whether it was new.
    fn insert(&mut self, i: usize) -> bool {
        match self.seen.get_mut(i) {
            Some(seen) if !*seen => {
                *seen = true;
                self.touched.push(i);
                true
            }
            _ => false,
        }
    }

    fn clear(&mut self) {
        for i in self.touched.drain(..) {
            if let Some(seen) = self.seen.get_mut(i) {
                *seen = false;
            }
        }
    }
}

/// One augmenting-path search from claim `c`, depth first in each claim's row order (nearest
/// row first), with an explicit stack: a path can be thousands of pairs long.
fn try_assign(
    c: usize,
    lists: &mut Lists,
    assigned: &mut [Option<usize>],
    owner: &mut [Option<usize>],
    visited: &mut Visited,
) -> bool {
    // (claim, index of the next of its rows to try); the row a frame went through is the one
    // before its index.
    let mut stack: Vec<(usize, usize)> = vec![(c, 0)];
    while let Some(&(claim, next)) = stack.last() {
        let Some(i) = lists.row(claim, next) else {
            stack.pop();
            continue;
        };
        if let Some(top) = stack.last_mut() {
            top.1 += 1;
        }
        if !visited.insert(i) {
            continue;
        }
        if let Some(other) = owner.get(i).copied().flatten() {
            stack.push((other, 0));
            continue;
        }
        // A free row: each claim on the path takes the row it went through.
        for &(claim, next) in stack.iter().rev() {
            let Some(row) = lists.row(claim, next - 1) else { continue };
            if let (Some(slot), Some(row_owner)) = (assigned.get_mut(claim), owner.get_mut(row)) {
                *slot = Some(row);
                *row_owner = Some(claim);
            }
        }
        return true;
    }
    false
}
