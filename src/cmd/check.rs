//! `wallet-audit check`: read the exports, reconcile, run the rules, print the audit.

use crate::analysis::Analysis;
use crate::finding::{Finding, Lang, Severity};
use crate::ingest::files::{DEFAULT_MAX_INPUT_SIZE, parse_size, read_settings, set_max_input_size};
use crate::ingest::{self, IngestOptions, Rejected, mapping::Mapping};
use crate::ledger::Ledger;
use crate::model::{CHINA_ZONE, parse_timestamp, parse_zone};
use crate::outcome::{Failure, exit, warn, write_out};
use crate::reconcile::{Settings, reconcile};
use crate::render::{Format, Style, render};
use crate::report;
use crate::rules::{self, Context, Selection};
use chrono::{DateTime, Duration, FixedOffset};
use serde::Deserialize;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders to audit ('-' reads stdin); folders are searched for .csv/.tsv/.txt
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// Output format [default: json for -o FILE.json, jsonl for -o FILE.jsonl, else table]
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the output to this file instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Refuse an input file (or stdin) larger than this: bytes, or with K, M, G, T (1024-based),
    /// e.g. 512M, 2G [default: 1G]
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_input_size: Option<u64>,
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
pub(crate) struct Config {
    pub(crate) timezone: Option<String>,
    pub(crate) reconcile: Settings,
    pub(crate) patterns: crate::analysis::Settings,
    /// `[classify.codes]`, `[classify.messages]`: the user's additions to the failure classifier.
    pub(crate) classify: crate::classify::ClassifyConfig,
    /// The cap on each input file: bytes, or a size such as `"512M"` (`--max-input-size`).
    pub(crate) max_input_size: Option<SizeSetting>,
    /// `[accounts]`: which card a statement is about when it names another number or none.
    pub(crate) accounts: crate::ingest::aliases::AccountAliases,
}

impl Config {
    /// The settings file named by `--config`, or the defaults; errors name the file.
    pub(crate) fn read(path: Option<&std::path::Path>) -> Result<Config, Failure> {
        let Some(path) = path else { return Ok(Config::default()) };
        let text = read_settings(path, "settings file").map_err(Failure)?;
        toml::from_str::<Config>(text.trim_start_matches('\u{feff}'))
            .map_err(|e| Failure(format!("{}: {e}", path.display())))
    }
}

/// A size in the config file: a number of bytes or text such as `"2G"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum SizeSetting {
    Bytes(u64),
    Text(String),
}

impl SizeSetting {
    pub(crate) fn bytes(&self) -> Result<u64, String> {
        match self {
            SizeSetting::Bytes(0) => Err("max_input_size: the limit must be above zero".into()),
            SizeSetting::Bytes(n) => Ok(*n),
            SizeSetting::Text(t) => parse_size(t).map_err(|e| format!("max_input_size: {e}")),
        }
    }
}

/// What `check` and `normalize` read, as their options name it.
pub(crate) struct Input<'a> {
    pub paths: &'a [std::path::PathBuf],
    pub mapping: Option<&'a std::path::Path>,
    pub max_input_size: Option<u64>,
    pub zone: chrono::FixedOffset,
}

/// Reads the inputs into the deduplicated ledger, the settings file's input cap and account
/// aliases applied and ingest warnings shown; nothing readable at all is an error.
pub(crate) fn read_ledger(
    input: &Input,
    cap: &Option<SizeSetting>,
    aliases: &crate::ingest::aliases::AccountAliases,
    in_config: &dyn Fn(String) -> Failure,
) -> Result<Ledger, Failure> {
    let max_input_size = match (input.max_input_size, cap) {
        (Some(bytes), _) => bytes,
        (None, Some(setting)) => setting.bytes().map_err(in_config)?,
        (None, None) => DEFAULT_MAX_INPUT_SIZE,
    };
    set_max_input_size(max_input_size);
    let mapping = input.mapping.map(Mapping::load).transpose()?;
    let mut ingested = ingest::load(input.paths, &IngestOptions { zone: input.zone, mapping })?;
    aliases.apply(&mut ingested);
    for warning in &ingested.warnings {
        warn(warning);
    }
    let ledger = Ledger::build(ingested);
    if ledger.transactions.is_empty() && !ledger.rejected.is_empty() {
        return Err(Failure(nothing_readable(&ledger.rejected)));
    }
    Ok(ledger)
}

pub fn run(args: Args) -> Result<u8, Failure> {
    let format = output_format(args.format, args.output.as_deref())?;
    let config = Config::read(args.config.as_deref())?;
    let zone = match args.tz.as_deref().or(config.timezone.as_deref()) {
        Some(tz) => parse_zone(tz)?,
        None => CHINA_ZONE,
    };
    let selection = Selection::parse(&args.select, &args.ignore).map_err(Failure)?;
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
    config.accounts.validate().map_err(in_config)?;
    let input =
        Input { paths: &args.paths, mapping: args.mapping.as_deref(), max_input_size: args.max_input_size, zone };
    let ledger = read_ledger(&input, &config.max_input_size, &config.accounts, &in_config)?;
    let recon = reconcile(&ledger, &settings);
    let analysis = Analysis::new(&ledger, &recon, config.patterns)
        .map_err(|e| Failure(format!("cannot build the activity frame: {e}")))?;
    let now = match &args.now {
        // A date means the end of that day, as the data's own "now" is the end of coverage.
        Some(raw) => parse_timestamp(raw, zone).map_err(|e| Failure(format!("--now: {e}")))?.latest(),
        None => report::data_now(&ledger.inputs).ok_or_else(|| {
            let paths: Vec<&str> = ledger.inputs.iter().map(|i| i.path.as_str()).collect();
            Failure(format!("{}: no dated rows to audit (only a header, preamble or footer)", paths.join(", ")))
        })?,
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
    let report = report::build(&ledger, &recon, findings, not_run, now, args.show_pii);

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
            render(&report, format, &style, &mut file).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        }
        None => write_out(|out| render(&report, format, &style, out))?,
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
    let since_at = since.map(|s| bound(s, false)).transpose()?;
    let until_at = until.map(|u| bound(u, true)).transpose()?;
    if since_at.zip(until_at).is_some_and(|(s, u)| s > u) {
        let (s, u) = (since.unwrap_or_default(), until.unwrap_or_default());
        return Err(Failure(format!("--since {s} is after --until {u}: the period is empty")));
    }
    let (since, until) = (since_at, until_at);
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

/// The output format: `--format`, else what `-o`'s extension says (`.json`, `.jsonl`), else the
/// table. CSV output does not exist yet: `-o FILE.csv` must not quietly write a text table.
fn output_format(given: Option<Format>, output: Option<&Path>) -> Result<Format, Failure> {
    if let Some(format) = given {
        return Ok(format);
    }
    let ext = output.and_then(Path::extension).and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => Ok(Format::Json),
        Some("jsonl" | "ndjson") => Ok(Format::Jsonl),
        Some("csv" | "tsv") => Err(Failure(format!(
            "{}: CSV output is not available yet; write JSON with --format json (or -o FILE.json), \
             one finding per line with --format jsonl, or the table into this file with --format table",
            output.map(Path::display).map(|p| p.to_string()).unwrap_or_default()
        ))),
        _ => Ok(Format::Table),
    }
}

/// How many unreadable rows an error lists before "and N more".
const REJECTED_SHOWN: usize = 5;

/// The error when every row of every input was rejected: the first reasons, with file and line.
pub(crate) fn nothing_readable(rejected: &[Rejected]) -> String {
    let mut lines = vec![format!(
        "no row of the inputs could be read ({} {} rejected):",
        rejected.len(),
        if rejected.len() == 1 { "row" } else { "rows" }
    )];
    for r in rejected.iter().take(REJECTED_SHOWN) {
        lines.push(format!("  {}:{}: {}", r.source.path, r.source.line, r.reason));
    }
    if rejected.len() > REJECTED_SHOWN {
        lines.push(format!("  and {} more", rejected.len() - REJECTED_SHOWN));
    }
    lines.join("\n")
}
