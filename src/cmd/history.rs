//! `wallet-audit history`: the past reviews of the store (when, what was imported, how many
//! findings of each status) and the acknowledgements in force.

use crate::cmd::review::StoreArgs;
use crate::history::Status;
use crate::outcome::{Failure, exit, for_terminal, write_out};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Print the reviews as JSON (one document)
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    store: StoreArgs,
    /// TOML settings file (for its `store`)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8, Failure> {
    let store = args.store.open_existing(args.config.as_deref())?;
    let reviews = store.reviews().map_err(Failure)?;
    let acks = store.acks().map_err(Failure)?;
    write_out(|out| {
        if args.json {
            let acks: Vec<serde_json::Value> =
                acks.iter().map(|a| serde_json::json!({"id": a.id, "note": a.note, "at": a.at})).collect();
            let doc = serde_json::json!({"store": store.path().display().to_string(), "reviews": reviews, "acknowledged": acks});
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            return writeln!(out);
        }
        writeln!(out, "Store: {}", for_terminal(&store.path().display().to_string()))?;
        if reviews.is_empty() {
            writeln!(out, "No reviews yet: `wallet-audit review PATH…` makes the first.")?;
        }
        for r in &reviews {
            let counts: Vec<String> = Status::ALL
                .iter()
                .map(|s| format!("{} {}", r.counts.get(s).copied().unwrap_or(0), s.as_str()))
                .collect();
            writeln!(
                out,
                "#{:<4} {}  {} exports, {} rows ({} new, {} already stored)  {}",
                r.id,
                r.at,
                r.imported.exports,
                r.imported.rows,
                r.imported.added,
                r.imported.already_stored,
                counts.join(" · ")
            )?;
        }
        if !acks.is_empty() {
            writeln!(out)?;
            writeln!(out, "Acknowledged:")?;
            for a in &acks {
                let note = a.note.as_deref().map(|n| format!(" — {}", for_terminal(n))).unwrap_or_default();
                writeln!(out, "  {}  since {}{note}", for_terminal(&a.id), a.at)?;
            }
        }
        Ok(())
    })?;
    Ok(exit::CLEAN)
}
