//! `wallet-audit ack ID` and `unack ID`: quiet a finding in later reviews until it changes
//! (its amount grows, new rows join it), or withdraw that.

use crate::cmd::review::StoreArgs;
use crate::outcome::{Failure, exit};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct AckArgs {
    /// The finding's id, as the last review printed it (e.g. F001-5f2c0a9e)
    #[arg(value_name = "ID")]
    id: String,
    /// Why: kept with the acknowledgement
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    #[command(flatten)]
    store: StoreArgs,
    /// TOML settings file (for its `store`)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct UnackArgs {
    /// The acknowledged finding's id
    #[arg(value_name = "ID")]
    id: String,
    #[command(flatten)]
    store: StoreArgs,
    /// TOML settings file (for its `store`)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn ack(args: AckArgs) -> Result<u8, Failure> {
    let mut store = args.store.open_existing(args.config.as_deref())?;
    let finding = store.ack(args.id.trim(), args.note.as_deref()).map_err(Failure)?;
    eprintln!(
        "wallet-audit: acknowledged {} ({}); later reviews stay quiet about it until it changes",
        crate::outcome::for_terminal(&finding.id),
        crate::outcome::for_terminal(&finding.title)
    );
    Ok(exit::CLEAN)
}

pub fn unack(args: UnackArgs) -> Result<u8, Failure> {
    let mut store = args.store.open_existing(args.config.as_deref())?;
    store.unack(args.id.trim()).map_err(Failure)?;
    eprintln!("wallet-audit: {} is no longer acknowledged", crate::outcome::for_terminal(args.id.trim()));
    Ok(exit::CLEAN)
}
