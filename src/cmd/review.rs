//! `wallet-audit review`: imports the inputs into the history store, audits the whole stored
//! history, and reports what is new, changed or resolved since the last review (DESIGN.md §8).

use crate::cmd::settings::{AuditArgs, Input, Resolved, audit, discover, read_ledger, resolve};
use crate::finding::Finding;
use crate::history::{self, Plan, Store};
use crate::ingest::aliases::AccountAliases;
use crate::ingest::files::expand_paths;
use crate::ledger::Ledger;
use crate::outcome::{Failure, create_private, exit, warn, write_out};
use crate::render::review::{self as render, ReviewFormat, ReviewView};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders of fresh exports to import first ('-' reads stdin); none: review the history as stored
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format [default: from -o FILE's extension (.json, .jsonl, .csv, .md), else table]
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
    /// The store's path: `--store`, else the settings file's `store`, else the default path.
    fn path(&self, settings_store: Option<&Path>) -> Result<PathBuf, Failure> {
        Ok(match (&self.store, settings_store) {
            (Some(path), _) => path.clone(),
            (None, Some(path)) => path.to_path_buf(),
            (None, None) => history::default_path().map_err(Failure)?,
        })
    }

    /// Opens the store, creating it on the first review.
    pub(crate) fn open(&self, settings_store: Option<&Path>) -> Result<Store, Failure> {
        Store::open(&self.path(settings_store)?, Duration::from_secs(self.lock_timeout)).map_err(Failure)
    }

    /// Opens an existing store for the commands without audit options (`ack`, `history`,
    /// `export`); the settings file is discovered as for `review` (`--config`, `./wallet-audit.toml`, …).
    pub(crate) fn open_existing(&self, config: Option<&Path>) -> Result<Store, Failure> {
        let (settings, source) = discover(config)?;
        let store = settings.store.as_ref().map(|p| source.path(p));
        Store::open_existing(&self.path(store.as_deref())?, Duration::from_secs(self.lock_timeout)).map_err(Failure)
    }
}

pub fn run(args: Args) -> Result<u8, Failure> {
    let format = output_format(args.format, args.output.as_deref())?;
    let settings = resolve(&args.audit)?;
    if settings.since.is_some() || settings.until.is_some() {
        // A finding outside the period would look resolved: a review judges the whole history.
        return Err(Failure(
            "review judges the whole stored history: --since/--until are for check (e.g. `wallet-audit check --since 30d`)"
                .into(),
        ));
    }
    let batch = read_batch(&args.paths, &settings)?;
    let mut store = args.store.open(settings.store.as_deref())?;
    let store_path = store.path().to_path_buf();
    let inputs: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let plan = Plan {
        batch: &batch,
        inputs: &inputs,
        zone: settings.zone.to_string(),
        prepare: &|stored| settings.accounts.apply(stored),
        ran: &|code| settings.selection.allows(code),
    };
    let stale_after = args.stale_after.unwrap_or(settings.stale_after);
    let reviewed = store.review(
        &plan,
        |history| {
            if history.inputs.is_empty() {
                return Err(
                    "the history is empty: give the exports to import, e.g. `wallet-audit review ~/statements`".into(),
                );
            }
            audit(history, &settings).map_err(|Failure(e)| e)
        },
        |report| &report.findings,
        // Written before the review is committed: a report that cannot be written (a full
        // disk, a missing folder) leaves the store as it was, and the next review tells again.
        |reviewed| {
            warn_if_stale(&reviewed.audit, stale_after);
            let view = view(reviewed, &store_path);
            if args.quiet && view.news().next().is_none() {
                return Ok(());
            }
            let style = settings.style(args.output.is_some());
            match &args.output {
                Some(path) => {
                    let mut file = create_private(path).map_err(|e| format!("{}: {e}", path.display()))?;
                    render::write(&view, format, &style, &mut file).map_err(|e| format!("{}: {e}", path.display()))
                }
                None => write_out(|out| render::write(&view, format, &style, out)).map_err(|Failure(e)| e),
            }
        },
    )?;
    Ok(exit_code(&settings, view(&reviewed, &store_path).news()))
}

fn view<'a>(reviewed: &'a history::Reviewed<crate::report::Report>, store: &'a Path) -> ReviewView<'a> {
    ReviewView {
        report: &reviewed.audit,
        record: &reviewed.record,
        imported: &reviewed.imported,
        at: &reviewed.at,
        store,
    }
}

/// This review's exports as read, deduplicated between themselves, before account aliases
/// (the store keeps rows as their statements name them; the aliases in force are applied to
/// the whole history at every review). A folder with no statement files in it (the month's
/// files not exported yet, or moved away) is a review of the stored history alone.
fn read_batch(paths: &[PathBuf], settings: &Resolved) -> Result<Ledger, Failure> {
    if paths.is_empty() {
        return Ok(Ledger::default());
    }
    if let Ok((files, _)) = expand_paths(paths)
        && files.is_empty()
    {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        warn(&format!("no statement files in {}: reviewing the stored history only", shown.join(", ")));
        return Ok(Ledger::default());
    }
    let input = Input {
        paths,
        mapping: settings.mapping.as_deref(),
        max_input_size: Some(settings.max_input_size),
        zone: settings.zone,
        zone_given: settings.zone_given,
    };
    read_ledger(&input, &None, &AccountAliases::default(), &|e| settings.source.named(e))
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

/// `--format`, else what `-o`'s extension names, else the table; a name promising a format
/// `review` does not write (HTML) is refused rather than filled with a table.
fn output_format(given: Option<ReviewFormat>, output: Option<&Path>) -> Result<ReviewFormat, Failure> {
    if let Some(format) = given {
        return Ok(format);
    }
    Ok(match output.and_then(Path::extension).and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("json") => ReviewFormat::Json,
        Some("jsonl" | "ndjson") => ReviewFormat::Jsonl,
        Some("csv") => ReviewFormat::Csv,
        Some("md" | "markdown") => ReviewFormat::Markdown,
        Some(ext @ ("html" | "htm" | "tsv")) => {
            return Err(Failure(format!(
                "review does not write .{ext}: give --format table|json|jsonl|csv|markdown|concise \
                 (`wallet-audit check --format html` writes the audit of given files as HTML)"
            )));
        }
        _ => ReviewFormat::Table,
    })
}
