//! `review --format markdown`: a digest fit for an email — the counts, then each new, changed
//! and resolved finding with its evidence and advice. Text from input is escaped, so a
//! counterparty's name cannot become a link, markup or HTML in the reader's mail client.

use super::Style;
use super::markdown::escape;
use super::review_view::ReviewView;
use super::table::severity_label;
use crate::finding::Lang;
use crate::history::Status;
use std::io::{self, Write};

pub fn write(view: &ReviewView, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let zh = style.lang == Lang::Zh;
    let tr = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    let date = view.at.get(..10).unwrap_or(view.at);
    writeln!(out, "# wallet-audit review #{} — {date}", view.record.id)?;
    writeln!(out)?;
    let counts = view.counts_text(zh);
    writeln!(out, "**{}** ({} {})", counts, tr("data as of", "数据截至"), view.report.now.format("%Y-%m-%d"))?;
    writeln!(out)?;
    let i = view.imported;
    if zh {
        writeln!(out, "导入 {} 份导出、{} 行：新增 {}，已在库中 {}。", i.exports, i.rows, i.added, i.already_stored)?;
    } else {
        writeln!(
            out,
            "Imported {} exports, {} rows: {} new, {} already stored.",
            i.exports, i.rows, i.added, i.already_stored
        )?;
    }
    for (status, heading) in [(Status::New, tr("New", "新问题")), (Status::Changed, tr("Changed", "有变化"))] {
        let findings = view.with_status(status);
        if findings.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "## {heading}")?;
        for f in &findings {
            super::markdown::finding(f, zh, out)?;
        }
    }
    if !view.record.resolved.is_empty() {
        writeln!(out)?;
        writeln!(out, "## {}", tr("Resolved", "已解决"))?;
        writeln!(out)?;
        for r in &view.record.resolved {
            writeln!(out, "- {} ({}) {}", escape(&r.id), severity_label(r.severity, zh), escape(&r.title))?;
        }
    }
    let open = view.with_status(Status::Open);
    if !open.is_empty() {
        writeln!(out)?;
        writeln!(out, "## {}", tr("Still open", "仍未解决"))?;
        writeln!(out)?;
        for f in &open {
            writeln!(out, "- {} ({}) {}", escape(&f.id), severity_label(f.severity, zh), escape(&f.title))?;
        }
    }
    if view.news().next().is_none() && view.record.resolved.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", tr("Nothing new since the last review.", "自上次检查以来没有新情况。"))?;
    }
    Ok(())
}
