//! Findings that know each other: after every rule has run, findings about the same rows point
//! at each other by id (`related`), and say so in their advice. Two findings are related when
//! they cite a row in common (an F007 timeout that is also R001; P001 and the F007 groups it
//! aggregates; S006 and P005), or when a D003 balance gap on a statement spans the time of an
//! R004 top-up of that card whose debit it hides.

use crate::finding::{Finding, Lang};
use std::collections::{BTreeSet, HashMap};

pub fn link(findings: &mut [Finding], lang: Lang) {
    let mut by_row: HashMap<(&str, usize), Vec<usize>> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        for e in &f.evidence {
            by_row.entry((e.path.as_str(), e.line)).or_default().push(i);
        }
    }
    let mut related: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); findings.len()];
    for sharing in by_row.values() {
        for &a in sharing {
            if let Some(r) = related.get_mut(a) {
                r.extend(sharing.iter().copied().filter(|&b| b != a));
            }
        }
    }
    for (gap, f) in findings.iter().enumerate().filter(|(_, f)| f.code == "D003") {
        for (top_up, r) in findings.iter().enumerate().filter(|(_, r)| r.code == "R004") {
            let inside = matches!((f.start, f.end, r.start), (Some(s), Some(e), Some(t)) if s <= t && t <= e);
            if inside && f.account.is_some() && f.account == r.account {
                if let Some(g) = related.get_mut(gap) {
                    g.insert(top_up);
                }
                if let Some(t) = related.get_mut(top_up) {
                    t.insert(gap);
                }
            }
        }
    }
    let ids: Vec<String> = findings.iter().map(|f| f.id.clone()).collect();
    for (f, others) in findings.iter_mut().zip(related) {
        f.related = others.iter().filter_map(|&o| ids.get(o).cloned()).collect();
        f.related.sort();
        if !f.related.is_empty() {
            let list = f.related.join(", ");
            f.advice.push(lang.pick(
                format!("See also {list}: findings about the same rows."),
                format!("另见 {list}：涉及相同记录的发现。"),
            ));
        }
    }
}
