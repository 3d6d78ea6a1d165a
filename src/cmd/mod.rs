//! Subcommands, one file each.

pub mod ack;
pub mod check;
pub mod completions;
pub mod config;
pub mod export;
pub mod formats;
pub mod history;
pub mod man;
pub mod normalize;
pub mod review;
pub mod rules;
pub(crate) mod settings;
pub mod simulate;
