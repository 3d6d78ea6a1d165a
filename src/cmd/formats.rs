//! `wallet-audit formats [--sniff FILE]`: the supported formats, or which one claims a file.

use crate::ingest::files::read_input_file;
use crate::ingest::{ADAPTERS, IngestOptions, SourceText, mapping::Mapping, sniff};
use crate::model::CHINA_ZONE;
use crate::outcome::{Failure, exit, write_out};
use crate::render::terminal::printable;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Show which format claims this file, its encoding and header line
    #[arg(long, value_name = "FILE")]
    sniff: Option<PathBuf>,
    /// A mapping file to try as well
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8, Failure> {
    let mapping = args.mapping.as_deref().map(Mapping::load).transpose().map_err(Failure)?;
    let Some(path) = args.sniff else {
        write_out(|out| {
            for a in ADAPTERS {
                let line =
                    format!("{:<12} {:<9} {}", a.name(), format!("{:?}", a.side()).to_lowercase(), a.description());
                writeln!(out, "{}", printable(&line))?;
            }
            writeln!(out, "{:<12} {:<9} any CSV described by a TOML mapping file (--mapping FILE)", "mapping", "any")
        })?;
        return Ok(exit::CLEAN);
    };
    let bytes = read_input_file(&path).map_err(Failure)?;
    let src = SourceText::from_bytes(&path.display().to_string(), &bytes);
    let opts = IngestOptions { zone: CHINA_ZONE, mapping };
    match sniff(&src, &opts) {
        Some((adapter, header)) => {
            write_out(|out| {
                let line = format!(
                    "{}: {} ({} side), encoding {}, header on line {}",
                    src.path,
                    adapter.name(),
                    format!("{:?}", adapter.side()).to_lowercase(),
                    src.encoding,
                    header + 1
                );
                writeln!(out, "{}", printable(&line))
            })?;
            Ok(exit::CLEAN)
        }
        None => Err(Failure(format!(
            "{}: no format recognises this file; describe it with a mapping file (--mapping FILE)",
            src.path
        ))),
    }
}
