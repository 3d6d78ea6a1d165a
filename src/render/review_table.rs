//! `review --format table`: what happened since the last review (new and changed findings in
//! the audit table, each with its id for `ack`; resolved ones listed), and the counts.

use super::Style;
use super::review_view::{ReviewView, status_label};
use super::table::{findings_table, severity_label};
use super::terminal::printable;
use crate::finding::{Finding, Lang};
use crate::history::Status;
use std::io::{self, Write};

pub fn write(view: &ReviewView, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let zh = style.lang == Lang::Zh;
    let tr = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    writeln!(
        out,
        "wallet-audit review #{} · {} · {} {}",
        view.record.id,
        view.at,
        tr("data as of", "数据截至"),
        view.report.now.format("%Y-%m-%d %H:%M:%S %:z")
    )?;
    writeln!(out, "{}{}", tr("Store: ", "历史库："), printable(&view.store.display().to_string()))?;
    let i = view.imported;
    if zh {
        writeln!(
            out,
            "导入：{} 份导出，{} 行：新增 {}，已在库中 {}，状态更新 {}，重复 {}，无法读取 {}",
            i.exports, i.rows, i.added, i.already_stored, i.updated, i.duplicates, i.rejected
        )?;
    } else {
        writeln!(
            out,
            "Imported: {} exports, {} rows: {} new, {} already stored, {} updated, {} repeated, {} unreadable",
            i.exports, i.rows, i.added, i.already_stored, i.updated, i.duplicates, i.rejected
        )?;
    }
    let counts = view.counts_text(zh);
    writeln!(out, "{}{}", tr("Findings: ", "问题："), counts)?;
    writeln!(out)?;
    let news: Vec<Finding> =
        view.judged().filter(|(_, s)| s.is_news()).map(|(f, s)| labelled(f.clone(), s, zh)).collect();
    if news.is_empty() {
        writeln!(
            out,
            "{}",
            tr("Nothing new or changed since the last review.", "自上次检查以来没有新的或变化的问题。")
        )?;
    } else {
        writeln!(out, "{}", findings_table(&news, &view.report.inputs, style, zh))?;
    }
    if !view.record.resolved.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", tr("Resolved since the last review:", "自上次检查以来已解决："))?;
        for r in &view.record.resolved {
            writeln!(out, "  {}  {}  {}", printable(&r.id), severity_label(r.severity, zh), printable(&r.title))?;
        }
    }
    // Open findings one line each, so that `ack` (which takes one off this list) and `unack`
    // (which puts it back) show; acknowledged ones are only counted.
    let open = view.with_status(Status::Open);
    if !open.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", tr("Still open:", "仍未解决："))?;
        for f in &open {
            writeln!(out, "  {}  {}  {}", printable(&f.id), severity_label(f.severity, zh), printable(&f.title))?;
        }
    }
    let acked = view.count(Status::Acknowledged);
    writeln!(out)?;
    if zh {
        writeln!(
            out,
            "已确认 {acked} 项。--format json 列出全部问题及其状态；wallet-audit ack ID 确认某项，使其不再出现在这里。"
        )?;
    } else {
        writeln!(
            out,
            "Acknowledged: {acked}. --format json lists every finding with its status; `wallet-audit ack ID` takes one off these lists until it changes."
        )?;
    }
    Ok(())
}

/// The finding's title led by its status and id, so that `ack ID` can be typed from the table.
fn labelled(mut f: Finding, status: Status, zh: bool) -> Finding {
    f.title = format!("[{}] {}\n{}", status_label(status, zh), f.id, f.title);
    f
}
