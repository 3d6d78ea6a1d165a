//! `wallet-audit check`: read the exports, reconcile, run the rules, print the audit.

use crate::cmd::settings::{AuditArgs, audit, resolve};
use crate::outcome::{Failure, write_out};
use crate::render::{Format, render};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders to audit ('-' reads stdin); folders are searched for .csv/.tsv/.txt;
    /// none is the current folder
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format [default: from -o FILE's extension (.json, .jsonl, .csv, .md, .html), else table]
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the output to this file instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    audit: AuditArgs,
}

pub fn run(args: Args) -> Result<u8, Failure> {
    let format = output_format(args.format, args.output.as_deref())?;
    let settings = resolve(&args.audit)?;
    let ledger = settings.read_ledger(&args.paths)?;
    let report = audit(&ledger, &settings)?;
    let style = settings.style(args.output.is_some());
    match &args.output {
        Some(path) => {
            let mut file = std::fs::File::create(path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            render(&report, format, &style, &mut file).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        }
        None => write_out(|out| render(&report, format, &style, out))?,
    }
    Ok(settings.exit_code(&report.findings))
}

/// The output format: `--format`, else what `-o`'s extension says (`.json`, `.jsonl`/`.ndjson`,
/// `.csv`, `.md`/`.markdown`, `.html`/`.htm`), else the table (`.txt` and any other name). `.tsv`
/// is refused: comma-separated rows in a file named for tabs would be read wrongly, and a table in
/// it too.
fn output_format(given: Option<Format>, output: Option<&Path>) -> Result<Format, Failure> {
    if let Some(format) = given {
        return Ok(format);
    }
    let ext = output.and_then(Path::extension).and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => Ok(Format::Json),
        Some("jsonl" | "ndjson") => Ok(Format::Jsonl),
        Some("csv") => Ok(Format::Csv),
        Some("md" | "markdown") => Ok(Format::Markdown),
        Some("html" | "htm") => Ok(Format::Html),
        Some("tsv") => Err(Failure(format!(
            "{}: tab-separated output is not available; write CSV with -o FILE.csv (or --format csv)",
            output.map(Path::display).map(|p| p.to_string()).unwrap_or_default()
        ))),
        _ => Ok(Format::Table),
    }
}
