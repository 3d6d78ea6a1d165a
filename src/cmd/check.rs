//! `wallet-audit check`: read the exports, reconcile, run the rules, print the audit.

use crate::analysis::Analysis;
use crate::finding::{Finding, Lang, Severity};
use crate::ingest::{self, IngestOptions, mapping::Mapping};
use crate::ledger::Ledger;
use crate::model::{CHINA_ZONE, parse_timestamp, parse_zone};
use crate::outcome::{Failure, exit, write_out};
use crate::reconcile::{Settings, reconcile};
use crate::render::{Format, Style, render};
use crate::report;
use crate::rules::{self, Context, Selection};
use chrono::{DateTime, Duration, FixedOffset};
use serde::Deserialize;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders to audit ('-' reads stdin); folders are searched for .csv/.tsv/.txt
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write the output to this file instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Language of titles, messages and advice
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// Exit with 1 when a finding is at or above this severity
    #[arg(long, value_enum, default_value_t = Severity::High, value_name = "SEVERITY")]
    fail_on: Severity,
    /// Always exit 0 when the audit ran (findings or not)
    #[arg(long)]
    exit_zero: bool,
    /// Only these codes or prefixes (comma-separated, e.g. R,F002)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    select: Vec<String>,
    /// Skip these codes or prefixes; the most specific of --select/--ignore wins
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    ignore: Vec<String>,
    /// Only findings from this date on (YYYY-MM-DD, or e.g. 30d before now)
    #[arg(long, value_name = "WHEN")]
    since: Option<String>,
    /// Only findings up to this date (YYYY-MM-DD, inclusive)
    #[arg(long, value_name = "WHEN")]
    until: Option<String>,
    /// Zone for naive times in exports (default +08:00)
    #[arg(long, value_name = "OFFSET")]
    tz: Option<String>,
    /// Judge windows (refund, pending) against this time instead of the data's end
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// TOML settings: timezone, [reconcile] windows and tolerances, [patterns] peak hours, [classify] codes and messages
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// TOML description of a CSV layout no built-in format reads
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// Colour severities in the table
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Show card numbers echoed from input in full (masked to the last four by default)
    #[arg(long)]
    show_pii: bool,
    /// Table width in columns (default: the terminal's, else $COLUMNS, else 160)
    #[arg(long, value_name = "COLUMNS")]
    width: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The `--config` file.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Config {
    timezone: Option<String>,
    reconcile: Settings,
    patterns: crate::analysis::Settings,
    /// `[classify.codes]`, `[classify.messages]`: the user's additions to the failure classifier.
    classify: crate::classify::ClassifyConfig,
}

pub fn run(args: Args) -> Result<u8, Failure> {
    let config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            toml::from_str::<Config>(&text).map_err(|e| Failure(format!("{}: {e}", path.display())))?
        }
        None => Config::default(),
    };
    let zone = match args.tz.as_deref().or(config.timezone.as_deref()) {
        Some(tz) => parse_zone(tz)?,
        None => CHINA_ZONE,
    };
    let selection = Selection { select: args.select.clone(), ignore: args.ignore.clone() };
    let unknown = selection.unknown();
    if !unknown.is_empty() {
        return Err(Failure(format!(
            "--select/--ignore name no rule: {}; `wallet-audit rules` lists them",
            unknown.join(", ")
        )));
    }
    // Every setting is checked before any file is read; errors name the config file.
    let in_config = |e: String| {
        Failure(format!("{}: {e}", args.config.as_deref().unwrap_or(std::path::Path::new("settings")).display()))
    };
    let mut settings = config.reconcile;
    settings.validate().map_err(in_config)?;
    settings.classifier = config.classify.classifier().map_err(in_config)?;
    config.patterns.validate().map_err(in_config)?;
    let mapping = args.mapping.as_deref().map(Mapping::load).transpose()?;
    let ingested = ingest::load(&args.paths, &IngestOptions { zone, mapping })?;
    for warning in &ingested.warnings {
        eprintln!("wallet-audit: warning: {warning}");
    }
    let ledger = Ledger::build(ingested);
    let recon = reconcile(&ledger, &settings);
    let analysis = Analysis::new(&ledger, &recon, config.patterns)
        .map_err(|e| Failure(format!("cannot build the activity frame: {e}")))?;
    let now = match &args.now {
        // A date means the end of that day, as the data's own "now" is the end of coverage.
        Some(raw) => parse_timestamp(raw, zone).map_err(|e| Failure(format!("--now: {e}")))?.latest(),
        None => report::data_now(&ledger.inputs).ok_or_else(|| Failure("the inputs hold no dated rows".into()))?,
    };
    let ctx = Context {
        ledger: &ledger,
        recon: &recon,
        analysis: &analysis,
        settings: &settings,
        now,
        lang: args.lang,
        show_pii: args.show_pii,
    };
    let mut findings = rules::run(&ctx, &selection);
    let not_run = rules::not_run(&ctx, &selection);
    filter_period(&mut findings, args.since.as_deref(), args.until.as_deref(), now, zone)?;
    let report = report::build(&ledger, &recon, findings, not_run, now);

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => args.output.is_none() && std::io::stdout().is_terminal(),
    };
    let width = args.width.or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()));
    let width = width.or((!std::io::stdout().is_terminal() || args.output.is_some()).then_some(160));
    let style = Style { lang: args.lang, width, color };
    match &args.output {
        Some(path) => {
            let mut file = std::fs::File::create(path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            render(&report, args.format, &style, &mut file).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        }
        None => write_out(|out| render(&report, args.format, &style, out))?,
    }
    let failing = report.findings.iter().any(|f| f.severity >= args.fail_on);
    Ok(if failing && !args.exit_zero { exit::FINDINGS } else { exit::CLEAN })
}

/// Keeps findings that overlap `[since, until]`; findings without a time are kept.
fn filter_period(
    findings: &mut Vec<Finding>,
    since: Option<&str>,
    until: Option<&str>,
    now: DateTime<FixedOffset>,
    zone: FixedOffset,
) -> Result<(), Failure> {
    let bound = |raw: &str, end: bool| -> Result<DateTime<FixedOffset>, Failure> {
        if let Some(days) = raw.strip_suffix('d').and_then(|d| d.parse::<u32>().ok()) {
            return Duration::try_days(i64::from(days))
                .and_then(|d| now.checked_sub_signed(d))
                .ok_or_else(|| Failure(format!("--since/--until: {raw} reaches outside the calendar")));
        }
        let t = parse_timestamp(raw, zone).map_err(|e| Failure(format!("--since/--until: {e}")))?;
        Ok(if end { t.latest() } else { t.at })
    };
    let since = since.map(|s| bound(s, false)).transpose()?;
    let until = until.map(|u| bound(u, true)).transpose()?;
    findings.retain(|f| {
        let after = match (since, f.end.or(f.start)) {
            (Some(s), Some(e)) => e >= s,
            _ => true,
        };
        let before = match (until, f.start) {
            (Some(u), Some(s)) => s <= u,
            _ => true,
        };
        after && before
    });
    Ok(())
}
