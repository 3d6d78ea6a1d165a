//! `normalize --format jsonl`: one row object per line, the JSON document's rows, nothing else.

use super::ledger_row::LedgerRow;
use std::io::{self, Write};

pub fn write(rows: &[LedgerRow], out: &mut dyn Write) -> io::Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *out, row)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
