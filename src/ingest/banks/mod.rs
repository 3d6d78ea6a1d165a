//! Bank statements described as [`layout::BankLayout`] tables, one file per bank export.

pub mod heading;
pub mod layout;

pub mod ccb_debit;

// B1
pub mod abc_debit;
pub mod boc_credit;
pub mod boc_debit;
pub mod cmb_credit;
pub mod cmb_debit;
pub mod icbc_credit;
// end B1

use layout::BankLayout;

/// Every bank layout, in the order they are tried (after the adapters with their own code).
pub static LAYOUTS: &[&BankLayout] = &[
    &ccb_debit::LAYOUT,
    // B1
    &icbc_credit::LAYOUT,
    &cmb_debit::LAYOUT,
    &cmb_credit::LAYOUT,
    &boc_debit::LAYOUT,
    &boc_credit::LAYOUT,
    &abc_debit::LAYOUT,
    // end B1
];
