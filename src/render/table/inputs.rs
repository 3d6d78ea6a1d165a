//! The header's inputs: a table with one row per input when its paths and values fit whole
//! side by side, else one short block per input (path, then what was read from it).

use super::layout::{self, Column, PLAIN};
use super::wrap::{self, glued, wrap};
use crate::ingest::InputReport;
use crate::render::terminal::printable;

pub fn render(inputs: &[InputReport], width: usize, zh: bool) -> String {
    let header: [&str; 9] = if zh {
        ["文件", "格式", "账户", "编码", "覆盖期间", "行数", "交易笔数", "重复行", "无法读取"]
    } else {
        ["input", "format", "account", "encoding", "coverage", "rows", "transactions", "duplicates", "rejected"]
    };
    // Only the coverage may take two lines (after its dash).
    let mut columns: Vec<Column> = header
        .iter()
        .enumerate()
        .map(|(i, h)| match i {
            4 => Column::new(h, 0),
            5.. => Column::new(h, 0).whole().right(),
            _ => Column::new(h, 0).whole(),
        })
        .collect();
    for i in inputs {
        let cells = [
            printable(&i.path),
            printable(&i.format),
            printable(&i.account),
            printable(&i.encoding),
            coverage(i),
            i.rows.to_string(),
            i.transactions.to_string(),
            i.duplicates.to_string(),
            i.rejected.to_string(),
        ];
        for (column, cell) in columns.iter_mut().zip(cells) {
            column.cells.push(cell);
        }
    }
    let room = width.saturating_sub((PLAIN.overhead)(columns.len()));
    // A path the list could show whole must be whole in the table too.
    match layout::allocate(&columns, room, width.saturating_sub(1)) {
        Some(widths) => layout::draw(&columns, &widths, &PLAIN, None),
        None => list(inputs, width, zh),
    }
}

/// `2026-09-01 – 2026-10-31`, which may break only after the dash.
fn coverage(i: &InputReport) -> String {
    i.coverage.map_or_else(
        || "-".to_string(),
        |c| format!("{} {}", glued(&format!("{} –", c.from.format("%Y-%m-%d"))), c.to.format("%Y-%m-%d")),
    )
}

/// One block per input: the path (its end kept when it is too long), then the rest.
fn list(inputs: &[InputReport], width: usize, zh: bool) -> String {
    let mut out = vec![if zh { "输入文件：" } else { "Inputs:" }.to_string()];
    for i in inputs {
        out.push(format!(" {}", tail(&printable(&i.path), width.saturating_sub(1))));
        let facts = [printable(&i.format), printable(&i.account), printable(&i.encoding), coverage(i)];
        out.extend(wrap(&format!("   {}", facts.join(" · ")), width));
        let counts = if zh {
            format!(
                "   共 {} 行：交易 {} 笔，重复 {} 行，无法读取 {} 行",
                i.rows, i.transactions, i.duplicates, i.rejected
            )
        } else {
            format!(
                "   {} rows: {} transactions, {} duplicates, {} rejected",
                i.rows, i.transactions, i.duplicates, i.rejected
            )
        };
        out.extend(wrap(&counts, width));
    }
    out.join("\n")
}

/// `text` cut to `room` columns from the left ("…/icbc.csv"): a path's end names the file.
fn tail(text: &str, room: usize) -> String {
    if wrap::width(text) <= room {
        return text.to_string();
    }
    let reversed: String = text.chars().rev().collect();
    let cut = wrap::cut(&reversed, room);
    let kept: String = cut.trim_end_matches('…').chars().rev().collect();
    format!("…{kept}")
}
