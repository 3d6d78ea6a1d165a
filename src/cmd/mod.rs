//! Subcommands, one file each.

pub mod check;
pub mod formats;
pub mod normalize;
pub mod rules;
pub mod simulate;
