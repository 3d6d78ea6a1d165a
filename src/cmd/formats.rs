//! `wallet-audit formats [--sniff PATH]`: the supported formats, or which one claims each file
//! (of a folder) and why; for a file nobody claims, the closest format and what it misses.

use crate::ingest::files::{expand_paths, read_input_file, sources_from_bytes};
use crate::ingest::table::header_matches;
use crate::ingest::{Adapter, IngestOptions, SourceText, claims, closest, mapping::Mapping};
use crate::model::CHINA_ZONE;
use crate::outcome::{Failure, exit, write_out};
use crate::render::terminal::printable;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Show which format claims this file (or each file of this folder) and why: its
    /// encoding, header line and the header cells that identify it
    #[arg(long, value_name = "PATH")]
    sniff: Option<PathBuf>,
    /// A mapping file to try as well
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8, Failure> {
    let mapping = args.mapping.as_deref().map(Mapping::load).transpose().map_err(Failure)?;
    let Some(path) = args.sniff else {
        write_out(|out| {
            for a in crate::ingest::ADAPTERS.iter() {
                let side = format!("{:?}", a.side()).to_lowercase();
                writeln!(out, "{}", printable(&format!("{:<14} {:<9} {}", a.name(), side, a.description())))?;
            }
            writeln!(out, "{:<14} {:<9} any CSV described by a TOML mapping file (--mapping FILE)", "mapping", "any")
        })?;
        return Ok(exit::CLEAN);
    };
    let opts = IngestOptions { zone: CHINA_ZONE.into(), zone_given: false, mapping };
    if !path.is_dir() {
        let verdict = sniff_file(&path, &opts)?;
        if !verdict.claimed {
            return Err(Failure(verdict.text));
        }
        write_out(|out| writeln!(out, "{}", printable(&verdict.text)))?;
        return Ok(exit::CLEAN);
    }
    let (files, warnings) = expand_paths(std::slice::from_ref(&path)).map_err(|e| Failure(e.0))?;
    let mut unclaimed = 0;
    let mut lines = Vec::new();
    for file in &files {
        // One unreadable file in a folder is reported on its line; the others are still sniffed.
        let verdict = sniff_file(file, &opts).unwrap_or_else(|e| Verdict { claimed: false, text: e.0 });
        unclaimed += usize::from(!verdict.claimed);
        lines.push(verdict.text);
    }
    write_out(|out| lines.iter().try_for_each(|l| writeln!(out, "{}", printable(l))))?;
    for w in &warnings {
        eprintln!("wallet-audit: warning: {}", printable(w));
    }
    match (files.len(), unclaimed) {
        (0, _) => Err(Failure(format!("{}: no statement files found in the folder", path.display()))),
        (_, 0) => Ok(exit::CLEAN),
        // Some files are not recognised: what `check` would skip with a warning.
        _ => Ok(exit::FINDINGS),
    }
}

/// What sniffing says about one file; `text` may span several lines.
struct Verdict {
    claimed: bool,
    text: String,
}

fn sniff_file(path: &Path, opts: &IngestOptions) -> Result<Verdict, Failure> {
    let bytes = read_input_file(path).map_err(Failure)?;
    // A workbook is one source per sheet holding data: each sheet gets its verdict.
    let sources = sources_from_bytes(&path.display().to_string(), &bytes).map_err(Failure)?;
    let verdicts: Vec<Verdict> = sources.iter().map(|src| explain(src, opts)).collect();
    let claimed = verdicts.iter().all(|v| v.claimed);
    let text = verdicts.into_iter().map(|v| v.text).collect::<Vec<_>>().join("\n");
    Ok(Verdict { claimed, text })
}

/// Which format reads `src` and why, the others that claim it too, or the closest format.
fn explain(src: &SourceText, opts: &IngestOptions) -> Verdict {
    let found = claims(src);
    let lines: Vec<&str> = src.text.lines().collect();
    let built_in = found.first().map(|&(a, h)| (a as &dyn Adapter, h));
    let by_mapping = opts.mapping.as_ref().and_then(|m| Some((m as &dyn Adapter, m.sniff(src)?)));
    let Some((adapter, header)) = built_in.or(by_mapping) else {
        return Verdict { claimed: false, text: not_recognised(src) };
    };
    let side = format!("{:?}", adapter.side()).to_lowercase();
    let mut text = format!(
        "{}: {} ({side} side), encoding {}, header on line {}",
        src.path,
        adapter.name(),
        src.encoding,
        header + 1
    );
    let line = lines.get(header).copied().unwrap_or("");
    let signature = adapter.signatures().iter().find(|s| header_matches(line, s));
    match (adapter.identified_by(), signature) {
        (Some(content), _) => text.push_str(&format!("\n  identified by its content: {content}")),
        (None, Some(cells)) => text.push_str(&format!("\n  identified by the header cells {}", cells.join(", "))),
        (None, None) if built_in.is_none() => text.push_str("\n  identified by the --mapping file's columns"),
        // A header its format reads in a spelling of its own (`Paid Out (GBP)`, `（支出）`).
        (None, None) => text.push_str(&format!("\n  identified by its header line: {}", line.trim())),
    }
    for &(other, other_header) in found.iter().skip(1) {
        let why = if other_header != header {
            format!("its header on line {} comes later", other_header + 1)
        } else {
            format!(
                "{} is more specific ({} header cells against {})",
                adapter.name(),
                adapter.specificity(),
                other.specificity()
            )
        };
        text.push_str(&format!("\n  also claimed by {}, not chosen: {why}", other.name()));
    }
    Verdict { claimed: true, text }
}

fn not_recognised(src: &SourceText) -> String {
    let hint = "describe it with a mapping file (--mapping FILE)";
    match closest(src) {
        Some(c) => format!(
            "{}: no format recognises this file; closest is {} (line {} holds {} of its {} header cells; missing {}); {hint}",
            src.path,
            c.adapter.name(),
            c.line + 1,
            c.present,
            c.present + c.missing.len(),
            c.missing.join(", ")
        ),
        None => format!("{}: no format recognises this file; {hint}", src.path),
    }
}
