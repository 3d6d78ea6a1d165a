//! wallet-audit: reconcile wallet top-ups against bank statements and explain what went wrong.

pub mod ingest;
pub mod model;
pub mod reconcile;
