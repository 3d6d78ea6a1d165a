//! `normalize --format json`: one document, `{"schema_version", "tool", "inputs", "rows"}`,
//! one row object per line inside `rows` so that the file stays readable and greppable.

use super::ledger_row::Normalized;
use crate::report::Tool;
use serde::Serialize;
use std::io::{self, Write};

/// The ledger document's own version, counted apart from the audit report's.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Head<'a> {
    schema_version: u32,
    tool: Tool,
    inputs: &'a [crate::ingest::InputReport],
}

pub fn write(ledger: &Normalized, out: &mut dyn Write) -> io::Result<()> {
    let head = Head {
        schema_version: SCHEMA_VERSION,
        tool: Tool { name: "wallet-audit", version: env!("CARGO_PKG_VERSION") },
        inputs: &ledger.inputs,
    };
    // The head's fields, then `rows`: serialised apart so that rows need not be copied.
    let head = serde_json::to_string(&head)?;
    let open = head.strip_suffix('}').unwrap_or(&head);
    write!(out, "{open},\"rows\":[")?;
    for (i, row) in ledger.rows.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, row)?;
    }
    out.write_all(if ledger.rows.is_empty() { b"]}\n" } else { b"\n]}\n" })
}
