//! `wallet-audit review`: imports the inputs into the history store, audits the whole stored
//! history, and reports what is new, changed or resolved since the last review (DESIGN.md §8).

use crate::cmd::settings::{AuditArgs, Resolved, audit, discover, resolve};
use crate::finding::Finding;
use crate::history::{self, Store};
use crate::ledger::Ledger;
use crate::outcome::{Failure, exit, warn, write_out};
use crate::render::review::{self as render, ReviewFormat, ReviewView};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders of fresh exports to import first ('-' reads stdin); none: review the history as stored
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format [default: json for -o FILE.json, markdown for -o FILE.md, else table]
    #[arg(long, value_enum)]
    format: Option<ReviewFormat>,
    /// Write the review to this file instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    store: StoreArgs,
    /// Print nothing when nothing is new or changed (for cron, which mails any output)
    #[arg(short, long)]
    quiet: bool,
    /// Warn when the newest data ends more than this many days before today [default: 45]
    #[arg(long, value_name = "DAYS")]
    stale_after: Option<u32>,
    #[command(flatten)]
    audit: AuditArgs,
}

/// Where the history store is and how long to wait for it: shared by the store's commands.
#[derive(clap::Args, Debug, Clone)]
pub(crate) struct StoreArgs {
    /// The history store [default: `store` in the settings file, else $XDG_DATA_HOME/wallet-audit/history.sqlite3]
    #[arg(long, value_name = "FILE")]
    pub(crate) store: Option<PathBuf>,
    /// Wait this long for another review using the store before giving up
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub(crate) lock_timeout: u64,
}

impl StoreArgs {
    /// Opens the store: `--store`, else the settings file's `store`, else the default path.
    pub(crate) fn open(&self, settings_store: Option<&Path>) -> Result<Store, Failure> {
        let path = match (&self.store, settings_store) {
            (Some(path), _) => path.clone(),
            (None, Some(path)) => path.to_path_buf(),
            (None, None) => history::default_path().map_err(Failure)?,
        };
        Store::open(&path, Duration::from_secs(self.lock_timeout)).map_err(Failure)
    }

    /// Opens the store for the commands without audit options (`ack`, `history`, `export`):
    /// the settings file is discovered as for `review` (`--config`, `./wallet-audit.toml`, …).
    pub(crate) fn open_with_config(&self, config: Option<&Path>) -> Result<Store, Failure> {
        let (settings, source) = discover(config)?;
        let store = settings.store.as_ref().map(|p| source.folder().join(p));
        self.open(store.as_deref())
    }
}

pub fn run(args: Args) -> Result<u8, Failure> {
    let format = output_format(args.format, args.output.as_deref());
    let settings = resolve(&args.audit)?;
    if settings.since.is_some() || settings.until.is_some() {
        // A finding outside the period would look resolved: a review judges the whole history.
        return Err(Failure(
            "review judges the whole stored history: --since/--until are for check (e.g. `wallet-audit check --since 30d`)"
                .into(),
        ));
    }
    let batch = if args.paths.is_empty() { Ledger::default() } else { settings.read_ledger(&args.paths)? };
    let mut store = args.store.open(settings.store.as_deref())?;
    let inputs: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let reviewed = store.review(
        &batch,
        &inputs,
        |history| {
            if history.inputs.is_empty() {
                return Err(
                    "the history is empty: give the exports to import, e.g. `wallet-audit review ~/statements`".into(),
                );
            }
            audit(history, &settings).map_err(|Failure(e)| e)
        },
        |report| &report.findings,
        &|code| settings.selection.allows(code),
    )?;
    let stale_after = args.stale_after.unwrap_or(settings.stale_after);
    warn_if_stale(&reviewed.audit, stale_after);
    let view = ReviewView {
        report: &reviewed.audit,
        record: &reviewed.record,
        imported: &reviewed.imported,
        at: &reviewed.at,
        store: store.path(),
    };
    let news = view.news().count();
    if !(args.quiet && news == 0) {
        let style = settings.style(args.output.is_some());
        match &args.output {
            Some(path) => {
                let mut file = std::fs::File::create(path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
                render::write(&view, format, &style, &mut file)
                    .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            }
            None => write_out(|out| render::write(&view, format, &style, out))?,
        }
    }
    Ok(exit_code(&settings, view.news()))
}

/// 1 only when a new or changed finding is at or above `--fail-on`: a scheduler mails only
/// when something happened.
fn exit_code<'a>(settings: &Resolved, news: impl Iterator<Item = &'a Finding>) -> u8 {
    let news: Vec<&Finding> = news.collect();
    if news.is_empty() { exit::CLEAN } else { settings.exit_code(news) }
}

/// Warns (stderr) when the newest stored data ends more than `days` before today: the review
/// itself is judged against the data's own end, so it stays reproducible.
fn warn_if_stale(report: &crate::report::Report, days: u32) {
    let today = chrono::Utc::now();
    let newest = report.inputs.iter().filter_map(|i| i.coverage.map(|c| c.to)).max();
    let Some(newest) = newest else { return };
    let age = today.signed_duration_since(newest).num_days();
    if age > i64::from(days) {
        warn(&format!(
            "the newest data in the history ends on {}, {age} days ago (more than {days}): export fresh statements, \
             or findings about recent weeks cannot appear",
            newest.format("%Y-%m-%d")
        ));
    }
}

fn output_format(given: Option<ReviewFormat>, output: Option<&Path>) -> ReviewFormat {
    if let Some(format) = given {
        return format;
    }
    match output.and_then(Path::extension).and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("json") => ReviewFormat::Json,
        Some("md" | "markdown") => ReviewFormat::Markdown,
        _ => ReviewFormat::Table,
    }
}
