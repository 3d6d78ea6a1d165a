//! The common model every adapter maps into: money, times, transactions and their sources.

mod account;
mod cause;
mod money;
mod pii;
mod time;
mod transaction;

pub use account::Account;
pub use cause::Cause;
pub use money::{Money, format_amount, parse_amount};
pub use pii::mask_card_numbers;
pub use time::{CHINA_ZONE, Precision, Timestamp, Zone, parse_timestamp, parse_timestamp_with, parse_zone};
pub use transaction::{Direction, FailureInfo, Kind, Side, SourceRef, Status, Transaction, file_name, last4_digits};
