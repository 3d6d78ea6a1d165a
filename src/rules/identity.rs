//! Finding identity (DESIGN.md §7): the keys a finding's id is hashed from, taken from what the
//! finding is about (rows, top-ups, a group's scope and first member) and never from where it
//! was read: no file name, path, line, input order or member count.

use super::Context;
use crate::finding::Finding;
use crate::model::Transaction;
use crate::reconcile::TopUp;
use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;

/// A row's identity: its provider reference when it has one (the attempt log and the wallet's
/// statement give a top-up the same order number, and a pending row keeps it once settled),
/// else its content fingerprint.
pub fn row(tx: &Transaction) -> String {
    match tx.reference.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(reference) => format!("ref|{reference}"),
        None => tx.fingerprint(),
    }
}

/// A top-up's identity: that of its first row (the attempt log's, else the wallet's), so the
/// top-up keeps it when the other source is added or its status moves on.
pub fn top_up(ctx: &Context, t: &TopUp) -> Option<String> {
    ctx.tx(t.rows().next()?).map(row)
}

/// The keys of a finding about one top-up (R001–R007: at most one of each code per top-up).
pub fn top_up_keys(ctx: &Context, t: &TopUp) -> Option<Vec<String>> {
    Some(vec![top_up(ctx, t)?])
}

/// The earliest of `members` (time, then identity: never the order files were given in).
fn earliest(members: impl IntoIterator<Item = (DateTime<FixedOffset>, String)>) -> Option<String> {
    members.into_iter().min().map(|(_, key)| key)
}

/// The identity of the earliest top-up of a group.
pub fn first_top_up(ctx: &Context, group: &[&TopUp]) -> Option<String> {
    earliest(group.iter().filter_map(|t| Some((t.time.at, top_up(ctx, t)?))))
}

/// The keys of a group of top-ups (F and P findings, DESIGN.md §7): what the group is about
/// (cause, funding method, wallet, network type …) and its earliest member, so that a group
/// gaining members keeps its id.
pub fn top_up_group(ctx: &Context, about: &[&str], group: &[&TopUp]) -> Option<Vec<String>> {
    let first = first_top_up(ctx, group)?;
    Some(about.iter().map(|a| a.to_string()).chain([first]).collect())
}

/// The same for a group of statement rows (S001, S004, S007, D004).
pub fn row_group(ctx: &Context, about: &[&str], rows: &[usize]) -> Option<Vec<String>> {
    let first = earliest(ctx.txs(rows.iter().copied()).map(|tx| (tx.time.at, row(tx))))?;
    Some(about.iter().map(|a| a.to_string()).chain([first]).collect())
}

/// Gives findings that share an id (two identical rows of one export, each the subject of a
/// finding) ids of their own: the n-th repeat's id is derived from the shared id and n, so
/// the set of ids does not depend on the order the findings came in.
pub fn make_unique(findings: &mut [Finding]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for f in findings.iter_mut() {
        let n = seen.entry(f.id.clone()).or_insert(0);
        if *n > 0 {
            let keys = [f.id.clone(), format!("repeat {n}")];
            f.identify(&keys);
        }
        *n += 1;
    }
}
