//! Reconciliation: attempts ⇄ wallet top-ups ⇄ bank debits ⇄ refunds, one-to-one.

pub mod provider;
