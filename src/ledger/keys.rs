//! The ledger's keys for a row repeated across exports, compared and hashed on the row's own
//! fields. Formatting `Transaction::fingerprint`'s string for every row of a million-row
//! audit and keeping it as a map key took most of the ledger's time and a good share of its
//! memory; these keys borrow the row and equate exactly the rows whose strings are equal.
//!
//! The strings join their parts with `|`. A part that could itself hold a `|` (an account, a
//! currency, a reference, a counterparty) or a counterparty that starts like a reference's
//! part (`ref:`) could make two different rows print the same string; such a row (none of a
//! real export's) keeps the string as its key, so it still equals whatever the string equals.
//! A row keyed by its fields never prints the same string as a row keyed by its string: the
//! parts of a clean row's string can be told apart, the other's cannot be read the same way.

use crate::model::{Side, Transaction};
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// The hasher of the ledger's maps: SipHash (std's default, proof against inputs chosen to
/// collide) took most of the ledger's time on a million rows; a row's own exports are no such
/// attack, and a collision costs a comparison, never a wrong answer.
pub(super) type Fast = BuildHasherDefault<FieldHasher>;

/// Multiply-rotate over 8-byte words (as rustc's FxHasher), then a full mix of the result, as
/// the map picks buckets by the low bits and tells rows apart in a bucket by the high ones.
#[derive(Default)]
pub(super) struct FieldHasher(u64);

impl FieldHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FieldHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word.iter_mut().zip(rest).for_each(|(w, b)| *w = *b);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        // MurmurHash3's finalizer: every bit of the state moves every bit of the hash.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// A key: the row's fields, or (for the rare row whose parts could run together) its string.
#[derive(PartialEq, Eq, Hash)]
pub(super) enum Key<T> {
    Fields(T),
    Text(Box<str>),
}

/// What `Transaction::fingerprint` prints, compared field by field: side, account, the instant
/// in whole seconds and its precision, amount at any scale, currency, direction, then the
/// reference, or without one the counterparty (none is empty), balance and status.
pub(super) struct SameRow<'a>(&'a Transaction);

/// What the loose key of a bank row prints: account, the day in the row's own zone, amount at
/// any scale, currency, direction.
pub(super) struct SameDay<'a>(&'a Transaction);

/// The ledger's dedup key of a row (`ledger::dedup_key`'s string, without building it).
pub(super) fn dedup(tx: &Transaction) -> Key<SameRow<'_>> {
    let ambiguous = |s: &str| s.contains('|');
    let clean = !ambiguous(&tx.account)
        && !ambiguous(&tx.money.currency)
        && match &tx.reference {
            Some(reference) => !ambiguous(reference),
            None => tx.counterparty.as_deref().is_none_or(|c| !ambiguous(c) && !c.starts_with("ref:")),
        };
    if clean { Key::Fields(SameRow(tx)) } else { Key::Text(tx.fingerprint().into()) }
}

/// A bank row's loose key (`None` for other sides): what two layouts of one statement print.
pub(super) fn loose(tx: &Transaction) -> Option<Key<SameDay<'_>>> {
    if tx.side != Side::Bank {
        return None;
    }
    if !tx.account.contains('|') && !tx.money.currency.contains('|') {
        return Some(Key::Fields(SameDay(tx)));
    }
    let text = format!("{}|{}|{}|{:?}", tx.account, tx.time.at.date_naive(), tx.money, tx.direction);
    Some(Key::Text(text.into()))
}

impl PartialEq for SameRow<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0, other.0);
        let detail = match (&a.reference, &b.reference) {
            (Some(x), Some(y)) => x == y,
            (None, None) => {
                a.counterparty.as_deref().unwrap_or("") == b.counterparty.as_deref().unwrap_or("")
                    && a.balance == b.balance
                    && a.status == b.status
            }
            _ => false,
        };
        // Decimal's equality is by value (`500 == 500.00`), as its printed form is normalized.
        a.side == b.side
            && a.account == b.account
            && a.time.at.timestamp() == b.time.at.timestamp()
            && a.time.precision == b.time.precision
            && a.money.amount == b.money.amount
            && a.money.currency == b.money.currency
            && a.direction == b.direction
            && detail
    }
}
impl Eq for SameRow<'_> {}

impl Hash for SameRow<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let t = self.0;
        t.side.hash(state);
        t.account.hash(state);
        t.time.at.timestamp().hash(state);
        t.time.precision.hash(state);
        // Decimal hashes its normalized value, agreeing with its equality.
        t.money.amount.hash(state);
        t.money.currency.hash(state);
        t.direction.hash(state);
        match &t.reference {
            Some(reference) => reference.hash(state),
            None => {
                t.counterparty.as_deref().unwrap_or("").hash(state);
                t.balance.hash(state);
                t.status.hash(state);
            }
        }
    }
}

impl PartialEq for SameDay<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0, other.0);
        a.account == b.account
            && a.time.at.date_naive() == b.time.at.date_naive()
            && a.money.amount == b.money.amount
            && a.money.currency == b.money.currency
            && a.direction == b.direction
    }
}
impl Eq for SameDay<'_> {}

impl Hash for SameDay<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let t = self.0;
        t.account.hash(state);
        t.time.at.date_naive().hash(state);
        t.money.amount.hash(state);
        t.money.currency.hash(state);
        t.direction.hash(state);
    }
}

#[cfg(test)]
mod tests;
