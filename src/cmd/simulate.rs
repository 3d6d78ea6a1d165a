//! `wallet-audit simulate`: writes a synthetic household's exports and their ground truth.

use crate::outcome::{Failure, exit};
use crate::simulate::{Options, run as simulate};
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(after_help = "Writes into DIR: an Alipay export (GBK), two WeChat Pay bills that overlap, two ICBC
statements that leave a gap, attempts.csv, and truth.json (every planted incident with its
code, rows as file and line, and window; plus clean look-alikes that must stay quiet).

Examples:
  wallet-audit simulate --out /tmp/sim                      90 days, every code planted
  wallet-audit simulate --seed 7 --days 365 --scale 300 --out /tmp/big   about a million rows
  wallet-audit simulate --ordinary --out /tmp/quiet         ordinary life only: no incidents")]
pub struct Args {
    /// Seed of the random draws: the same seed writes the same files, byte for byte
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Days of activity
    #[arg(long, default_value_t = 90)]
    days: u32,
    /// Multiplier on the ordinary daily volume (incidents keep their count)
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Folder to write the exports and truth.json into
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Ordinary life only: no incidents, one export per source
    #[arg(long)]
    ordinary: bool,
}

pub fn run(args: Args) -> Result<u8, Failure> {
    let Args { seed, days, scale, out, ordinary } = args;
    let summary = simulate(&Options { seed, days, scale, out: out.clone(), ordinary }).map_err(Failure)?;
    for (name, rows) in &summary.files {
        eprintln!("{}: {rows} rows", out.join(name).display());
    }
    eprintln!("{}: {} rows in all, {} incidents (truth.json)", out.display(), summary.rows, summary.incidents);
    Ok(exit::CLEAN)
}
