//! wallet-audit: reconcile wallet top-ups against bank statements and explain what went wrong.

pub mod analysis;
pub mod classify;
pub mod cli;
pub mod cmd;
pub mod finding;
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
