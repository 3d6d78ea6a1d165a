//! `normalize --format csv`: the ledger as RFC 4180 CSV, header first, cells from input
//! formula-neutralised.

use super::formula::neutralise;
use super::ledger_row::{COLUMNS, Cell, LedgerRow};
use std::io::{self, Write};

pub fn write(rows: &[LedgerRow], out: &mut dyn Write) -> io::Result<()> {
    let mut csv = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    csv.write_record(COLUMNS).map_err(io_error)?;
    for row in rows {
        // Text from input may start like a formula; numbers the tool formats may not.
        let record = row.cells().map(|cell| match cell {
            Cell::Text(text) => neutralise(text).into_owned(),
            Cell::Number(number) => number,
            Cell::Empty => String::new(),
        });
        csv.write_record(&record).map_err(io_error)?;
    }
    csv.flush()
}

/// The I/O error inside a csv error keeps its kind, so that a closed pipe stays one.
pub fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}
