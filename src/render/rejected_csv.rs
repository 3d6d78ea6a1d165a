//! `normalize --rejected FILE`: the rows no adapter could read (D001's rows) as CSV,
//! `path,line,reason,raw`, formula-neutralised and card numbers masked unless `--show-pii`.

use super::formula::neutralise;
use super::ledger_csv::io_error;
use crate::ingest::Rejected;
use crate::model::mask_card_numbers;
use std::io::{self, Write};

pub const COLUMNS: [&str; 4] = ["path", "line", "reason", "raw"];

pub fn write(rejected: &[Rejected], show_pii: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut csv = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    csv.write_record(COLUMNS).map_err(io_error)?;
    let masked = |t: &str| if show_pii { t.to_string() } else { mask_card_numbers(t) };
    for r in rejected {
        let (reason, raw) = (masked(&r.reason), masked(&r.raw));
        let line = r.source.line.to_string();
        let record = [neutralise(&r.source.path), line.as_str().into(), neutralise(&reason), neutralise(&raw)];
        csv.write_record(record.iter().map(|c| c.as_bytes())).map_err(io_error)?;
    }
    csv.flush()
}
