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
    let mut mantissas = Vec::with_capacity(values.len());
    for value in values {
        mantissas.push(match value {
            Some(mut d) => {
                let before = d;
                d.rescale(scale);
                // Amounts are read with at most 10 decimals and 16 digits before the point, so
                // this always holds; were it not to, the file must not hold a rounded value.
                polars_ensure!(d == before && d.scale() == scale, ComputeError: "{name}: {before} has no exact Decimal(38, {scale})");
                Some(d.mantissa())
            }
            None => None,
        });
    }
    let physical = Int128Chunked::from_slice_options(name.into(), &mantissas);
    Ok(physical.into_decimal(38, scale as usize)?.into_series().into_column())
}

/// A polars error as an I/O error, keeping the kind of one that is I/O (a closed pipe).
fn polars_io_error(e: PolarsError) -> io::Error {
    match e {
        PolarsError::IO { error, .. } => io::Error::new(error.kind(), error.to_string()),
        other => io::Error::other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, Kind, Precision, Side, Status};
    use std::str::FromStr;

    fn row(amount: &str, balance: Option<&str>) -> LedgerRow {
        let dec = |s: &str| Decimal::from_str(s).unwrap();
        LedgerRow {
            time: "2026-09-05T11:30:20+08:00".into(),
            time_precision: Precision::Second,
            account: "icbc:4321".into(),
            side: Side::Bank,
            kind: Kind::Payment,
            status: Status::Success,
            direction: Direction::Out,
            amount: dec(amount),
            currency: "CNY".into(),
            counterparty: Some("=HYPERLINK(1)".into()),
            method: None,
            reference: None,
            balance: balance.map(dec),
            cause: None,
            raw_error: None,
            format: "icbc-debit".into(),
            path: "a.csv".into(),
            line: 7,
            description: None,
            card: Some("4321".into()),
            merchant_reference: None,
            provider: None,
            fee: None,
            error_code: None,
            error_message: None,
            network: None,
            device: None,
            location: None,
            app_version: None,
        }
    }

    /// A column whose values have different scales takes the largest; every value stays exact,
    /// a negative balance too, and text is not neutralised (that is CSV's business).
    #[test]
    fn decimal_columns_take_the_largest_scale_and_stay_exact() {
        let frame = frame(&[row("500", Some("-1234.5")), row("0.125", None)]).unwrap();
        let amount = frame.column("amount").unwrap();
        assert_eq!(amount.dtype(), &DataType::Decimal(38, 3));
        assert_eq!(amount.get(0).unwrap(), AnyValue::Decimal(500_000, 38, 3));
        assert_eq!(amount.get(1).unwrap(), AnyValue::Decimal(125, 38, 3));
        let balance = frame.column("balance").unwrap();
        assert_eq!(balance.dtype(), &DataType::Decimal(38, 2));
        assert_eq!(balance.get(0).unwrap(), AnyValue::Decimal(-123_450, 38, 2));
        assert_eq!(balance.get(1).unwrap(), AnyValue::Null);
        assert_eq!(frame.column("fee").unwrap().dtype(), &DataType::Decimal(38, 2));
        assert_eq!(frame.column("line").unwrap().get(1).unwrap(), AnyValue::UInt64(7));
        assert_eq!(frame.column("counterparty").unwrap().get(0).unwrap(), AnyValue::String("=HYPERLINK(1)"));
        assert_eq!(frame.get_column_names().len(), COLUMNS.len());
    }
}
