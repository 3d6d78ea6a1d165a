//! Subcommands, one file each.

pub mod check;
pub mod formats;
pub mod rules;
pub mod simulate;
