//! What an audit runs with: the options `check` (and `review`) share, merged with the settings
//! file over the defaults (command line > file > default), checked before any input is read;
//! reading the inputs into the ledger; and the audit itself, from ledger to report.

mod file;
mod period;

pub(crate) use file::{Found, SizeSetting, Source, discover};

use crate::analysis::Analysis;
use crate::finding::{Finding, Lang, Severity};
use crate::ingest::aliases::AccountAliases;
use crate::ingest::files::{DEFAULT_MAX_INPUT_SIZE, parse_size, set_max_input_size};
use crate::ingest::{self, IngestOptions, Rejected, mapping::Mapping};
use crate::ledger::Ledger;
use crate::model::{CHINA_ZONE, Zone, parse_timestamp, parse_zone};
use crate::outcome::{Failure, exit, warn};
use crate::reconcile::{self, reconcile};
use crate::render::Style;
use crate::report::{self, Report, SortKey};
use crate::rules::{self, Context, Selection};
use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// `review`'s default for `stale_after`: data ending this many days before today is stale.
pub(crate) const DEFAULT_STALE_AFTER_DAYS: u32 = 45;

/// The audit options of `check` and `review` (`#[command(flatten)]`); paths, `-o` and
/// `--format` stay with each command. Options are `Option`s so that "not given" can fall back
/// to the settings file, then to the default ([`resolve`]).
#[derive(clap::Args, Debug, Default, Clone)]
pub(crate) struct AuditArgs {
    /// TOML settings, a key for every option [default: ./wallet-audit.toml, else
    /// $XDG_CONFIG_HOME/wallet-audit/config.toml]; see `wallet-audit config`
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// TOML description of a CSV layout no built-in format reads
    #[arg(long, value_name = "FILE")]
    pub(crate) mapping: Option<PathBuf>,
    /// Refuse an input file (or stdin) larger than this: bytes, or with K, M, G, T (1024-based),
    /// e.g. 512M, 2G [default: 1G]
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub(crate) max_input_size: Option<u64>,
    /// Language of titles, messages and advice [default: from LC_ALL, else LC_MESSAGES, else
    /// LANG: zh_* is zh, anything else en]
    #[arg(long, value_enum)]
    pub(crate) lang: Option<Lang>,
    /// Exit with 1 when a finding is at or above this severity [default: high]
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub(crate) fail_on: Option<Severity>,
    /// Always exit 0 when the audit ran (findings or not)
    #[arg(long)]
    pub(crate) exit_zero: bool,
    /// Only these codes, prefixes or slugs (comma-separated, e.g. R,F002,card-testing)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub(crate) select: Option<Vec<String>>,
    /// Skip these codes, prefixes or slugs; the most specific of --select/--ignore wins
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub(crate) ignore: Option<Vec<String>>,
    /// Only findings from this date on (YYYY-MM-DD, or e.g. 30d before now)
    #[arg(long, value_name = "WHEN")]
    pub(crate) since: Option<String>,
    /// Only findings up to this date (YYYY-MM-DD, inclusive)
    #[arg(long, value_name = "WHEN")]
    pub(crate) until: Option<String>,
    /// Zone for naive times in exports: an offset (+08:00) or an IANA name (Europe/Berlin,
    /// each time at the offset in force then) [default: +08:00]
    #[arg(long, value_name = "ZONE")]
    pub(crate) tz: Option<String>,
    /// Judge windows (refund, pending) against this time instead of the data's end
    #[arg(long, value_name = "TIME")]
    pub(crate) now: Option<String>,
    /// Colour severities in the table [default: auto]
    #[arg(long, value_enum)]
    pub(crate) color: Option<ColorChoice>,
    /// Show card numbers echoed from input in full (masked to the last four by default)
    #[arg(long)]
    pub(crate) show_pii: bool,
    /// Table width in columns (default: $COLUMNS, else the terminal's, else 160; at least 40)
    #[arg(long, value_name = "COLUMNS")]
    pub(crate) width: Option<u16>,
    /// Order of the findings [default: severity]
    #[arg(long, value_enum, value_name = "KEY")]
    pub(crate) sort: Option<SortKey>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ColorChoice::Auto => "auto",
            ColorChoice::Always => "always",
            ColorChoice::Never => "never",
        }
    }
}

/// Everything an audit runs with, every setting checked.
pub(crate) struct Resolved {
    pub(crate) zone: Zone,
    /// Whether `zone` is the user's (`--tz` or `timezone`), not the built-in default.
    pub(crate) zone_given: bool,
    pub(crate) lang: Lang,
    pub(crate) fail_on: Severity,
    pub(crate) exit_zero: bool,
    pub(crate) selection: Selection,
    /// `--since` / `--until` as given; they are judged against the audit's "now".
    pub(crate) since: Option<String>,
    pub(crate) until: Option<String>,
    /// `--now`; `None` is the end of the data's coverage.
    pub(crate) now: Option<DateTime<FixedOffset>>,
    /// `[reconcile]`, with the classifier built from `[classify]`.
    pub(crate) reconcile: reconcile::Settings,
    pub(crate) patterns: crate::analysis::Settings,
    pub(crate) accounts: AccountAliases,
    /// `[severity]`: upper-case code → the severity its findings are reported at.
    pub(crate) severity: BTreeMap<String, Severity>,
    pub(crate) show_pii: bool,
    pub(crate) color: ColorChoice,
    /// `--width` or `width`; `None` leaves it to [`Resolved::style`].
    pub(crate) width: Option<u16>,
    /// `--sort` or `sort`.
    pub(crate) sort: SortKey,
    pub(crate) max_input_size: u64,
    /// `--mapping` (relative to the current directory) or `mapping` (relative to the file's folder).
    pub(crate) mapping: Option<PathBuf>,
    /// `store`, relative to the settings file's folder; `None` when the file has none.
    pub(crate) store: Option<PathBuf>,
    pub(crate) stale_after: u32,
    /// Where the settings came from.
    pub(crate) source: Source,
}

/// The language the environment asks for: the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
/// that is set (and not empty), as POSIX orders them; `zh…` (`zh_CN.UTF-8`, `zh_TW`) is
/// Chinese, anything else English. `--lang` and the settings file's `lang` win over it.
pub(crate) fn env_lang() -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|v| std::env::var(v).ok().filter(|l| !l.is_empty()));
    if locale.is_some_and(|l| l.starts_with("zh")) { Lang::Zh } else { Lang::En }
}

/// Discovers and reads the settings file, checks every setting (before any input is read)
/// and merges the file with the options: an option given wins, then the file, then the default.
pub(crate) fn resolve(args: &AuditArgs) -> Result<Resolved, Failure> {
    let (config, source) = discover(args.config.as_deref())?;
    let in_config = |e: String| source.named(e);
    let zone = match (&args.tz, &config.timezone) {
        (Some(tz), _) => parse_zone(tz)?,
        (None, Some(tz)) => parse_zone(tz).map_err(|e| in_config(format!("timezone: {e}")))?,
        (None, None) => CHINA_ZONE.into(),
    };
    let zone_given = args.tz.is_some() || config.timezone.is_some();
    // The file's lists are checked as it is read; what fails here is the command line's.
    let select = args.select.as_ref().or(config.select.as_ref()).cloned().unwrap_or_default();
    let ignore = args.ignore.as_ref().or(config.ignore.as_ref()).cloned().unwrap_or_default();
    let selection = Selection::parse(&select, &ignore).map_err(Failure)?;
    let unknown = selection.unknown();
    if !unknown.is_empty() {
        return Err(Failure(format!(
            "--select/--ignore name no rule: {}; `wallet-audit rules` lists them",
            unknown.join(", ")
        )));
    }
    let mut settings = config.reconcile;
    settings.validate().map_err(in_config)?;
    settings.classifier = config.classify.classifier().map_err(in_config)?;
    config.patterns.validate().map_err(in_config)?;
    config.accounts.validate().map_err(in_config)?;
    let max_input_size = match (args.max_input_size, &config.max_input_size) {
        (Some(bytes), _) => bytes,
        (None, Some(setting)) => setting.bytes().map_err(in_config)?,
        (None, None) => DEFAULT_MAX_INPUT_SIZE,
    };
    // A date means the end of that day, as the data's own "now" is the end of coverage.
    let now = args
        .now
        .as_deref()
        .map(|raw| parse_timestamp(raw, zone).map(|t| t.latest()).map_err(|e| Failure(format!("--now: {e}"))))
        .transpose()?;
    let relative = |p: &PathBuf| source.path(p);
    Ok(Resolved {
        zone,
        zone_given,
        lang: args.lang.or(config.lang).unwrap_or_else(env_lang),
        fail_on: args.fail_on.or(config.fail_on).unwrap_or(Severity::High),
        exit_zero: args.exit_zero || config.exit_zero.unwrap_or(false),
        selection,
        since: args.since.clone(),
        until: args.until.clone(),
        now,
        reconcile: settings,
        patterns: config.patterns,
        accounts: config.accounts,
        // Keys are codes or slugs (checked as the file is read).
        severity: config
            .severity
            .into_iter()
            .filter_map(|(key, s)| Some((rules::by_code(&key)?.code.to_string(), s)))
            .collect(),
        show_pii: args.show_pii || config.show_pii.unwrap_or(false),
        color: args.color.or(config.color).unwrap_or_default(),
        width: args.width.or(config.width),
        sort: args.sort.or(config.sort).unwrap_or_default(),
        max_input_size,
        mapping: args.mapping.clone().or_else(|| config.mapping.as_ref().map(relative)),
        store: config.store.as_ref().map(relative),
        stale_after: config.stale_after.unwrap_or(DEFAULT_STALE_AFTER_DAYS),
        source,
    })
}

impl Resolved {
    /// Reads the inputs as these settings say (zone, mapping, input cap, account aliases).
    pub(crate) fn read_ledger(&self, paths: &[PathBuf]) -> Result<Ledger, Failure> {
        let input = Input {
            paths,
            mapping: self.mapping.as_deref(),
            max_input_size: Some(self.max_input_size),
            zone: self.zone,
            zone_given: self.zone_given,
        };
        read_ledger(&input, &None, &self.accounts, &|e| self.source.named(e))
    }

    /// How the table looks (README "What you see"). Colour: `--color always` or `never`; `auto`
    /// is none when `NO_COLOR` is set and not empty, colour when `CLICOLOR_FORCE` is set and
    /// not `0` (into a pipe or file too), else colour only on a terminal (not with `-o`) unless
    /// `CLICOLOR=0` or `TERM=dumb`. Width: `--width` or `width`, else `$COLUMNS`, else the
    /// terminal's own, else 160 into a pipe or file (80 on a terminal that reports no size, as
    /// some report 0×0); under 40 columns the table cannot keep its words whole, so less is
    /// read as 40, with a note when the option or the file said less.
    pub(crate) fn style(&self, to_file: bool) -> Style {
        const MIN_WIDTH: u16 = 40;
        let terminal = !to_file && std::io::stdout().is_terminal();
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if env("NO_COLOR").is_some() => false,
            ColorChoice::Auto if env("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
            ColorChoice::Auto => {
                terminal && env("CLICOLOR").is_none_or(|v| v != "0") && env("TERM").is_none_or(|v| v != "dumb")
            }
        };
        let columns = env("COLUMNS").and_then(|c| c.trim().parse::<u16>().ok()).filter(|c| *c > 0);
        let width = match self.width {
            Some(given) if given < MIN_WIDTH => {
                warn(&format!("a width of {given} columns is too narrow for the table; using {MIN_WIDTH}"));
                MIN_WIDTH
            }
            Some(given) => given,
            None => columns
                .or_else(|| terminal.then(terminal_size::terminal_size).flatten().map(|(w, _)| w.0).filter(|w| *w > 0))
                .unwrap_or(if terminal { 80 } else { 160 }),
        };
        Style { lang: self.lang, width: Some(width.max(MIN_WIDTH)), color }
    }

    /// The exit code for these findings: 1 when one is at or above `fail_on` (unless `exit_zero`).
    pub(crate) fn exit_code<'a>(&self, findings: impl IntoIterator<Item = &'a Finding>) -> u8 {
        let failing = findings.into_iter().any(|f| f.severity >= self.fail_on);
        if failing && !self.exit_zero { exit::FINDINGS } else { exit::CLEAN }
    }
}

/// The audit of a ledger: reconciliation, analysis, the selected rules, the `[severity]`
/// overrides, the `--since`/`--until` period, and the report.
pub(crate) fn audit(ledger: &Ledger, r: &Resolved) -> Result<Report, Failure> {
    let recon = reconcile(ledger, &r.reconcile);
    crate::timings::mark("reconcile");
    let analysis = Analysis::new(ledger, &recon, r.patterns.clone())
        .map_err(|e| Failure(format!("cannot build the activity frame: {e}")))?;
    crate::timings::mark("analysis");
    let now = match r.now {
        Some(now) => now,
        None => report::data_now(&ledger.inputs).ok_or_else(|| {
            let paths: Vec<&str> = ledger.inputs.iter().map(|i| i.path.as_str()).collect();
            Failure(format!("{}: no dated rows to audit (only a header, preamble or footer)", paths.join(", ")))
        })?,
    };
    let ctx = Context {
        ledger,
        recon: &recon,
        analysis: &analysis,
        settings: &r.reconcile,
        now,
        lang: r.lang,
        show_pii: r.show_pii,
    };
    let mut findings = rules::run(&ctx, &r.selection);
    crate::timings::mark("rules");
    // Before the report counts and sorts them: the override is the severity, for --fail-on too.
    for f in &mut findings {
        if let Some(severity) = r.severity.get(f.code) {
            f.severity = *severity;
        }
    }
    let not_run = rules::not_run(&ctx, &r.selection);
    period::filter_period(&mut findings, r.since.as_deref(), r.until.as_deref(), now, r.zone)?;
    let mut report = report::build(ledger, &recon, findings, not_run, now, r.show_pii);
    report::sort_by(&mut report.findings, r.sort);
    crate::timings::mark("report");
    // Checked by `resolve`; the header marks these hours in its histogram of failures.
    let peaks = r.patterns.peak_minutes().unwrap_or_default();
    report.summary.failures.mark_peaks(&r.patterns.peak_hours, &peaks);
    Ok(report)
}

/// What `check` and `normalize` read, as their options name it.
pub(crate) struct Input<'a> {
    pub paths: &'a [PathBuf],
    pub mapping: Option<&'a Path>,
    pub max_input_size: Option<u64>,
    pub zone: Zone,
    /// Whether `zone` is the user's (`--tz` or `timezone`), not the built-in default.
    pub zone_given: bool,
}

/// Reads the inputs into the deduplicated ledger, the settings file's input cap and account
/// aliases applied and ingest warnings shown; nothing readable at all is an error.
pub(crate) fn read_ledger(
    input: &Input,
    cap: &Option<SizeSetting>,
    aliases: &AccountAliases,
    in_config: &dyn Fn(String) -> Failure,
) -> Result<Ledger, Failure> {
    let max_input_size = match (input.max_input_size, cap) {
        (Some(bytes), _) => bytes,
        (None, Some(setting)) => setting.bytes().map_err(in_config)?,
        (None, None) => DEFAULT_MAX_INPUT_SIZE,
    };
    set_max_input_size(max_input_size);
    let mapping = input.mapping.map(Mapping::load).transpose()?;
    let mut ingested =
        ingest::load(input.paths, &IngestOptions { zone: input.zone, zone_given: input.zone_given, mapping })?;
    crate::timings::mark("read");
    aliases.apply(&mut ingested);
    for warning in &ingested.warnings {
        warn(warning);
    }
    let ledger = Ledger::build(ingested);
    crate::timings::mark("ledger");
    if ledger.transactions.is_empty() && !ledger.rejected.is_empty() {
        return Err(Failure(nothing_readable(&ledger.rejected)));
    }
    Ok(ledger)
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
