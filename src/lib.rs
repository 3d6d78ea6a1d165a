//! wallet-audit: reconcile wallet top-ups against bank statements and explain what went wrong.
//!
//! No panics by construction (issue 6): outside tests, the library may not `unwrap`, `expect`
//! or index and slice unchecked. The exceptions are the reconcile and rules stages, which index
//! the ledger's own vectors with positions they computed from those vectors (see the `allow` at
//! the top of each, with its reason); the pipeline fuzz target exercises them.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

pub mod analysis;
pub mod classify;
pub mod cli;
pub mod cmd;
pub mod finding;
pub mod history;
pub mod ingest;
pub mod institutions;
pub mod ledger;
pub mod model;
pub mod outcome;
pub mod quality;
pub mod reconcile;
pub mod render;
pub mod report;
pub mod rules;
pub mod simulate;
pub mod timings;
