//! Bank statements described as [`layout::BankLayout`] tables, one file per bank export.

pub mod layout;
