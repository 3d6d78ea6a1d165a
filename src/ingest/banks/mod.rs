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

// B2
pub mod bocom_credit;
pub mod bocom_debit;
pub mod cgb_credit;
pub mod citic_credit;
pub mod hsbc_hk_credit;
pub mod hsbc_hk_debit;
pub mod spdb_debit;
// end B2

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
    // B2
    &bocom_debit::LAYOUT,
    &bocom_debit::NETBANK,
    &bocom_credit::LAYOUT,
    &cgb_credit::LAYOUT,
    &citic_credit::LAYOUT,
    &spdb_debit::LAYOUT,
    &hsbc_hk_debit::LAYOUT,
    &hsbc_hk_credit::LAYOUT,
    // end B2
];
