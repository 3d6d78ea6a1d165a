//! `normalize --format parquet` (cargo feature `parquet`): the ledger as one Parquet file
//! through polars. Amounts (`amount`, `balance`, `fee`) are Decimal(38, s) columns, s the
//! largest scale in the column and at least 2: exact, never floats. `line` is UInt64; every
//! other column is text exactly as CSV and JSON write it (times RFC 3339 with the export's
//! offset, which a Parquet timestamp could not keep).

use super::ledger_row::{COLUMNS, Cell, LedgerRow};
use polars::prelude::*;
use polars_io::parquet::write::ParquetWriter;
use rust_decimal::Decimal;
use std::io::{self, Write};

/// How to read a decimal column's value from a row.
type DecimalOf = fn(&LedgerRow) -> Option<Decimal>;

/// The decimal columns and how to read each from a row.
const DECIMALS: [(&str, DecimalOf); 3] =
    [("amount", |r| Some(r.amount)), ("balance", |r| r.balance), ("fee", |r| r.fee)];

pub fn write(rows: &[LedgerRow], out: &mut dyn Write) -> io::Result<()> {
    let mut frame = frame(rows).map_err(polars_io_error)?;
    ParquetWriter::new(out).finish(&mut frame).map_err(polars_io_error)?;
    Ok(())
}

/// The rows as a frame of `COLUMNS`.
pub fn frame(rows: &[LedgerRow]) -> PolarsResult<DataFrame> {
    let cells: Vec<_> = rows.iter().map(LedgerRow::cells).collect();
    let mut columns = Vec::with_capacity(COLUMNS.len());
    for (index, name) in COLUMNS.iter().enumerate() {
        let column = if let Some((_, get)) = DECIMALS.iter().find(|(n, _)| n == name) {
            decimal(name, rows.iter().map(get).collect())?
        } else if *name == "line" {
            Column::new((*name).into(), rows.iter().map(|r| r.line as u64).collect::<Vec<u64>>())
        } else {
            let values: Vec<Option<&str>> = cells
                .iter()
                .map(|row| match row.get(index) {
                    Some(Cell::Text(t)) => Some(*t),
                    _ => None,
                })
                .collect();
            Column::new((*name).into(), values)
        };
        columns.push(column);
    }
    DataFrame::new(rows.len(), columns)
}

/// A Decimal(38, s) column: every value rescaled (exactly: only zeros are added) to the
/// column's largest scale, at least 2.
fn decimal(name: &str, values: Vec<Option<Decimal>>) -> PolarsResult<Column> {
    let scale = values.iter().flatten().map(Decimal::scale).max().unwrap_or(0).max(2);
    let mantissas = values.into_iter().map(|v| {
        v.map(|mut d| {
            d.rescale(scale);
            d.mantissa()
        })
    });
    let physical = Int128Chunked::from_iter_options(name.into(), mantissas);
    Ok(physical.into_decimal(38, scale as usize)?.into_series().into_column())
}

/// A polars error as an I/O error, keeping the kind of one that is I/O (a closed pipe).
fn polars_io_error(e: PolarsError) -> io::Error {
    match e {
        PolarsError::IO { error, .. } => io::Error::new(error.kind(), error.to_string()),
        other => io::Error::other(other.to_string()),
    }
}
