//! Bank statements described as [`layout::BankLayout`] tables, one file per bank export.

pub mod heading;
pub mod layout;

pub mod ccb_debit;

use layout::BankLayout;

/// Every bank layout, in the order they are tried (after the adapters with their own code).
pub static LAYOUTS: &[&BankLayout] = &[&ccb_debit::LAYOUT];
