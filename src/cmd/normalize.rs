//! `wallet-audit normalize`: the unified, deduplicated ledger (ingest → ledger, as `check` reads
//! it) written as CSV, JSON, JSONL or Parquet for other tools; no reconciliation, no findings.

use crate::cmd::settings::{Input, discover, read_ledger};
use crate::ingest::files::parse_size;
use crate::ledger::Ledger;
use crate::model::{CHINA_ZONE, mask_card_numbers, parse_zone};
use crate::outcome::{Failure, exit, for_terminal, write_out};
use crate::render::ledger::{self, LedgerFormat, Normalized, PARQUET_BUILT};
use crate::render::{ledger_row, rejected_csv};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders to read ('-' reads stdin); folders are searched for .csv/.tsv/.txt/.xls/.xlsx
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// Output format [default: from -o FILE's extension (.csv, .json, .jsonl, .parquet), else csv]
    #[arg(long, value_enum)]
    format: Option<LedgerFormat>,
    /// Write the ledger to this file instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write the rows that could not be read (path,line,reason,raw) to this CSV file
    #[arg(long, value_name = "FILE")]
    rejected: Option<PathBuf>,
    /// Refuse an input file (or stdin) larger than this: bytes, or with K, M, G, T (1024-based) [default: 1G]
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_input_size: Option<u64>,
    /// Zone for naive times in exports: an offset (+08:00) or an IANA name (Europe/Berlin,
    /// each time at the offset in force then) [default: +08:00]
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    /// TOML settings (as for check): timezone, [accounts], [classify], max_input_size
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// TOML description of a CSV layout no built-in format reads
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// Write card numbers echoed from input in full (masked to the last four by default)
    #[arg(long)]
    show_pii: bool,
}

/// `normalize --help`'s examples.
pub const EXAMPLES: &str = "Examples:
  wallet-audit normalize ~/Downloads/ -o ledger.csv        for a spreadsheet (formulas neutralised)
  wallet-audit normalize samples/ --format jsonl | jq .    one row per line
  wallet-audit normalize samples/ -o ledger.parquet        for a notebook (exact decimals)
  wallet-audit normalize samples/ --format json --rejected unreadable.csv";

pub fn run(args: Args) -> Result<u8, Failure> {
    let format = output_format(args.format, args.output.as_deref())?;
    if format == LedgerFormat::Parquet && !PARQUET_BUILT {
        return Err(Failure(
            "this wallet-audit was built without Parquet support (cargo feature `parquet`); \
             write csv, json or jsonl, or rebuild with default features"
                .into(),
        ));
    }
    if format == LedgerFormat::Parquet && args.output.is_none() && std::io::stdout().is_terminal() {
        return Err(Failure(
            "Parquet is binary and is not written to a terminal: give -o FILE.parquet, or redirect stdout".into(),
        ));
    }
    // Found as `check` finds it (`--config`, `./wallet-audit.toml`, the XDG config file).
    let (config, source) = discover(args.config.as_deref())?;
    let in_config = |e: String| source.named(e);
    // The whole file is checked, as `check` checks it: one settings file serves both commands.
    config.reconcile.validate().map_err(in_config)?;
    config.patterns.validate().map_err(in_config)?;
    config.accounts.validate().map_err(in_config)?;
    let classifier = config.classify.classifier().map_err(in_config)?;
    let given = args.tz.as_deref().or(config.timezone.as_deref());
    let zone = match given {
        Some(tz) => parse_zone(tz)?,
        None => CHINA_ZONE.into(),
    };
    let mapping = args.mapping.clone().or_else(|| config.mapping.as_ref().map(|m| source.path(m)));
    let (mapping, max_input_size, zone_given) = (mapping.as_deref(), args.max_input_size, given.is_some());
    let input = Input { paths: &args.paths, mapping, max_input_size, zone, zone_given };
    let ledger = read_ledger(&input, &config.max_input_size, &config.accounts, &in_config)?;
    let mut inputs = ledger.inputs.clone();
    if !args.show_pii {
        inputs.iter_mut().for_each(|i| i.account = mask_card_numbers(&i.account));
    }
    let normalized = Normalized { rows: ledger_row::rows(&ledger, &classifier, args.show_pii), inputs };
    if let Some(path) = &args.rejected {
        write_file(path, |out| rejected_csv::write(&ledger.rejected, args.show_pii, out))?;
    }
    match &args.output {
        Some(path) => write_file(path, |out| ledger::write(&normalized, format, out))?,
        None => write_out(|out| {
            let mut buffered = std::io::BufWriter::new(out);
            ledger::write(&normalized, format, &mut buffered)?;
            buffered.flush()
        })?,
    }
    eprintln!("{}", for_terminal(&summary(&ledger, normalized.rows.len())));
    Ok(exit::CLEAN)
}

/// Writes a file through a buffer; errors name the file.
fn write_file(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Failure> {
    let named = |e: std::io::Error| Failure(format!("{}: {e}", path.display()));
    let file = std::fs::File::create(path).map_err(named)?;
    let mut out = std::io::BufWriter::new(file);
    write(&mut out).and_then(|()| out.flush()).map_err(named)
}

/// `normalize: 385 rows from 6 inputs (15 duplicates, 1 unreadable row: see wallet-audit check)`.
fn summary(ledger: &Ledger, rows: usize) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let duplicates: usize = ledger.inputs.iter().map(|i| i.duplicates).sum();
    let mut notes = vec![plural(duplicates, "duplicate", "duplicates")];
    if !ledger.rejected.is_empty() {
        notes.push(format!(
            "{}: see wallet-audit check",
            plural(ledger.rejected.len(), "unreadable row", "unreadable rows")
        ));
    }
    format!(
        "normalize: {} from {} ({})",
        plural(rows, "row", "rows"),
        plural(ledger.inputs.len(), "input", "inputs"),
        notes.join(", ")
    )
}

/// `--format`, else what `-o`'s extension names, else CSV; an extension no format has is an
/// error rather than a guess.
fn output_format(given: Option<LedgerFormat>, output: Option<&Path>) -> Result<LedgerFormat, Failure> {
    if let Some(format) = given {
        return Ok(format);
    }
    let Some(path) = output else { return Ok(LedgerFormat::Csv) };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    LedgerFormat::from_extension(ext).ok_or_else(|| {
        Failure(format!(
            "{}: cannot tell the format from the file name; name it .csv, .json, .jsonl or .parquet, or give --format",
            path.display()
        ))
    })
}
