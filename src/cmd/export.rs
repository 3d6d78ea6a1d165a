//! `wallet-audit export`: the stored ledger, every row once, as `normalize --format jsonl`
//! writes it: a backup of the user's statements that other tools can read.

use crate::cmd::review::StoreArgs;
use crate::cmd::settings::discover;
use crate::model::mask_card_numbers;
use crate::outcome::{Failure, exit, write_out};
use crate::render::ledger::{self, LedgerFormat, Normalized};
use crate::render::ledger_row;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Write to this file instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write card numbers echoed from input in full (masked to the last four by default)
    #[arg(long)]
    show_pii: bool,
    #[command(flatten)]
    store: StoreArgs,
    /// TOML settings file (for its `store`)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8, Failure> {
    let (settings, source) = discover(args.config.as_deref())?;
    let classifier = settings.classify.classifier().map_err(|e| source.named(e))?;
    let store = args.store.open_existing(args.config.as_deref())?;
    settings.accounts.validate().map_err(|e| source.named(e))?;
    let stored = store.ledger(&|rows| settings.accounts.apply(rows)).map_err(Failure)?;
    let mut inputs = stored.inputs.clone();
    if !args.show_pii {
        inputs.iter_mut().for_each(|i| i.account = mask_card_numbers(&i.account));
    }
    let normalized = Normalized { rows: ledger_row::rows(&stored, &classifier, args.show_pii), inputs };
    match &args.output {
        Some(path) => {
            let mut file =
                crate::outcome::create_private(path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            ledger::write(&normalized, LedgerFormat::Jsonl, &mut file)
                .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        }
        None => write_out(|out| ledger::write(&normalized, LedgerFormat::Jsonl, out))?,
    }
    Ok(exit::CLEAN)
}
