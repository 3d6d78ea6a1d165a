//! The common model every adapter maps into: money, times, transactions and their sources.

mod money;
mod time;
mod transaction;

pub use money::{Money, parse_amount};
pub use time::{Precision, Timestamp, parse_timestamp, parse_timestamp_with};
pub use transaction::{Direction, FailureInfo, Kind, Side, SourceRef, Status, Transaction, last4_digits};
