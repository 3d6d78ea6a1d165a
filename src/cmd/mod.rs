//! Subcommands, one file each.

pub mod check;
pub mod config;
pub mod formats;
pub mod normalize;
pub mod rules;
pub(crate) mod settings;
pub mod simulate;
