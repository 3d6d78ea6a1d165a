//! `wallet-audit check`: read the exports, reconcile, run the rules, print the audit.

use crate::cmd::settings::{AuditArgs, audit, resolve};
use crate::finding::Lang;
use crate::ledger::Ledger;
use crate::outcome::{Failure, write_out};
use crate::render::{Format, render};
use crate::report::Report;
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
    /// Print, instead of the report, a message about finding ID to paste into the wallet's or the
    /// bank's support chat (in --lang); ids are in `--format csv`'s first column
    #[arg(long, value_name = "ID", conflicts_with = "format")]
    ticket: Option<String>,
    #[command(flatten)]
    audit: AuditArgs,
}

pub fn run(args: Args) -> Result<u8, Failure> {
    crate::timings::start();
    let format = output_format(args.format, args.output.as_deref())?;
    let settings = resolve(&args.audit)?;
    let ledger = settings.read_ledger(&args.paths)?;
    let report = audit(&ledger, &settings)?;
    if let Some(id) = &args.ticket {
        return ticket(&report, &ledger, id, settings.lang, args.output.as_deref());
    }
    let style = settings.style(args.output.is_some());
    match &args.output {
        Some(path) => {
            let mut file = std::fs::File::create(path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            render(&report, format, &style, &mut file).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        }
        None => write_out(|out| render(&report, format, &style, out))?,
    }
    crate::timings::mark("render");
    Ok(settings.exit_code(&report.findings))
}

/// Writes the support ticket for finding `id` (exit 0: a message was asked for, not a verdict);
/// an id this audit does not have is an error (exit 2) naming it.
fn ticket(report: &Report, ledger: &Ledger, id: &str, lang: Lang, output: Option<&Path>) -> Result<u8, Failure> {
    let finding = crate::render::ticket::find(report, id).map_err(Failure)?;
    let write = |out: &mut dyn std::io::Write| crate::render::ticket::write(finding, ledger, lang, out);
    match output {
        Some(path) => {
            let mut file = std::fs::File::create(path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            write(&mut file).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        }
        None => write_out(write)?,
    }
    Ok(crate::outcome::exit::CLEAN)
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
