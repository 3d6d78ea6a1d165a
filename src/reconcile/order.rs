//! Which of two bank rows came first when their times cannot tell: date-only rows of one day,
//! or rows stamped the same second.
//!
//! The running balance decides first: the row whose balance before it is the other's balance
//! after it came later (within the day's chain of balances, or pairwise when the day's rows
//! do not chain into one sequence). Else the statement's file order: newest first when the
//! statement's own dated rows run backwards down the file, or, when its dates cannot tell,
//! for the formats that list the newest row first (ICBC); oldest first otherwise.

use crate::ledger::Ledger;
use crate::model::{Direction, Side, Transaction};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::HashMap;

/// Formats whose exports list the newest row first.
const NEWEST_FIRST_FORMATS: &[&str] = &["icbc-debit"];

/// The balance before a row: its balance after, less what it brought in.
pub fn balance_before(tx: &Transaction) -> Option<Decimal> {
    let balance = tx.balance?;
    Some(match tx.direction {
        Direction::In => balance.checked_sub(tx.money.amount)?,
        Direction::Out => balance.checked_add(tx.money.amount)?,
        Direction::Neutral => balance,
    })
}

/// The time order of the ledger's bank rows, ties broken as the module says.
pub struct RowOrder {
    /// Per file: whether it lists the newest row first.
    newest_first: HashMap<String, bool>,
    /// Bank rows of one account and currency stamped the same moment, in ledger order.
    moments: HashMap<(String, String, i64), Vec<usize>>,
}

impl RowOrder {
    pub fn new(ledger: &Ledger) -> Self {
        let txs = &ledger.transactions;
        let mut by_file: HashMap<&str, Vec<&Transaction>> = HashMap::new();
        let mut moments: HashMap<(String, String, i64), Vec<usize>> = HashMap::new();
        for (i, tx) in txs.iter().enumerate().filter(|(_, t)| t.side == Side::Bank) {
            by_file.entry(&tx.source.path).or_default().push(tx);
            let key = (tx.account.clone(), tx.money.currency.clone(), tx.time.at.timestamp());
            moments.entry(key).or_default().push(i);
        }
        let mut newest_first = HashMap::new();
        for (path, mut rows) in by_file {
            rows.sort_by_key(|t| t.source.line);
            let (mut forward, mut backward) = (0usize, 0usize);
            for (x, y) in rows.iter().zip(rows.iter().skip(1)) {
                match x.time.at.cmp(&y.time.at) {
                    Ordering::Less => forward += 1,
                    Ordering::Greater => backward += 1,
                    Ordering::Equal => {}
                }
            }
            let by_format =
                || ledger.inputs.iter().any(|i| i.path == path && NEWEST_FIRST_FORMATS.contains(&i.format.as_str()));
            let newest = match backward.cmp(&forward) {
                Ordering::Greater => true,
                Ordering::Less => false,
                Ordering::Equal => by_format(),
            };
            newest_first.insert(path.to_string(), newest);
        }
        RowOrder { newest_first, moments }
    }

    /// How bank row `a` stands to bank row `b` in time: `Less` when `a` came first.
    pub fn cmp(&self, txs: &[Transaction], a: usize, b: usize) -> Ordering {
        let (Some(x), Some(y)) = (txs.get(a), txs.get(b)) else { return a.cmp(&b) };
        if a == b {
            return Ordering::Equal;
        }
        if x.time.at != y.time.at {
            return x.time.at.cmp(&y.time.at);
        }
        if let Some(order) = self.by_balance(txs, a, b).filter(|_| x.account == y.account) {
            return order;
        }
        if x.source.path == y.source.path {
            let by_line = x.source.line.cmp(&y.source.line);
            return if self.newest_first.get(&*x.source.path).copied().unwrap_or(false) {
                by_line.reverse()
            } else {
                by_line
            };
        }
        a.cmp(&b)
    }

    /// The order of two rows of one moment by the running balance, when it tells.
    fn by_balance(&self, txs: &[Transaction], a: usize, b: usize) -> Option<Ordering> {
        let (x, y) = (txs.get(a)?, txs.get(b)?);
        let key = (x.account.clone(), x.money.currency.clone(), x.time.at.timestamp());
        if let Some(chain) = self.moments.get(&key).and_then(|rows| chain(txs, rows)) {
            let at = |i: usize| chain.iter().position(|&r| r == i);
            if let (Some(pa), Some(pb)) = (at(a), at(b)) {
                return Some(pa.cmp(&pb));
            }
        }
        let follows = |later: &Transaction, earlier: &Transaction| {
            let before = balance_before(later);
            before.is_some() && before == earlier.balance
        };
        match (follows(x, y), follows(y, x)) {
            (true, false) => Some(Ordering::Greater),
            (false, true) => Some(Ordering::Less),
            _ => None,
        }
    }
}

/// Rows of one moment in the order their balances chain (each row's balance before is the
/// previous row's balance after), when they form exactly one such sequence.
fn chain(txs: &[Transaction], rows: &[usize]) -> Option<Vec<usize>> {
    let rows: Vec<(usize, &Transaction)> = rows.iter().map(|&i| Some((i, txs.get(i)?))).collect::<Option<_>>()?;
    if rows.len() < 2 || rows.iter().any(|(_, r)| r.balance.is_none()) {
        return None;
    }
    let next = |(i, r): (usize, &Transaction)| -> Option<(usize, &Transaction)> {
        let mut after = rows.iter().copied().filter(|&(j, s)| j != i && balance_before(s) == r.balance);
        let first = after.next()?;
        after.next().is_none().then_some(first)
    };
    let is_next = |(j, s): (usize, &Transaction)| rows.iter().any(|&(i, r)| i != j && balance_before(s) == r.balance);
    let [start] = rows.iter().copied().filter(|&x| !is_next(x)).collect::<Vec<_>>().try_into().ok()?;
    let mut out = vec![start.0];
    let mut last = start;
    while out.len() < rows.len() {
        let n = next(last)?;
        if out.contains(&n.0) {
            return None;
        }
        out.push(n.0);
        last = n;
    }
    Some(out)
}
