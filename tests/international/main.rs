//! International formats (issue 11): Apple Card, Google Wallet, PayPal, Revolut, Wise, OFX/QFX,
//! CAMT.053 and MT940, each on fixtures in its real layout with invented values
//! (tests/fixtures/ingest/international), and households that mix currencies. One test binary
//! for all of them (each links the whole crate): one module per group of formats.

mod cards;
mod currencies;
mod household;
mod mt940;
mod ofx_camt;
mod paypal_revolut;
mod zones;
