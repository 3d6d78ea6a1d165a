//! The audit table in the layout that fits the width: wide (seven columns), compact (evidence
//! and advice inside the finding's cell) or, when even that would split a token, a list of
//! blocks. A finding shows its first [`EVIDENCE_SHOWN`] evidence rows and "and N more".

use super::layout::{self, BOXED, Column, FirstColumn};
use super::wrap::{self, glued, wrap};
use super::{color, role, severity_label, short_path};
use crate::finding::Finding;
use crate::ingest::InputReport;
use crate::render::Style;
use crate::render::terminal::printable;

/// Evidence rows a finding shows in the table; `--format json` lists them all.
pub const EVIDENCE_SHOWN: usize = 5;

/// A finding's texts as the table shows them.
struct Shown {
    severity: &'static str,
    color: comfy_table::Color,
    code: &'static str,
    title: String,
    message: String,
    /// Each line glued: a date and its time never part.
    when: String,
    amount: String,
    evidence: Vec<String>,
    advice: Vec<String>,
}

fn shown(f: &Finding, inputs: &[InputReport], zh: bool) -> Shown {
    let when = glued(&match (f.start, f.end) {
        (Some(s), Some(e)) if e.date_naive() != s.date_naive() => format!("{} –\n{}", moment(s), moment(e)),
        (Some(s), _) => moment(s),
        _ => String::new(),
    });
    let mut evidence: Vec<String> = f
        .evidence
        .iter()
        .take(EVIDENCE_SHOWN)
        .map(|e| format!("{}:{} ({})", printable(short_path(&e.path, inputs)), e.line, printable(role(&e.role, zh))))
        .collect();
    if let Some(more) = f.evidence.len().checked_sub(EVIDENCE_SHOWN).filter(|n| *n > 0) {
        evidence.push(if zh {
            format!("另有 {more} 条（--format json 列出全部）")
        } else {
            format!("and {more} more (--format json lists all)")
        });
    }
    Shown {
        severity: severity_label(f.severity, zh),
        color: color(f.severity),
        code: f.code,
        title: printable(&f.title),
        message: printable(&f.message),
        when,
        amount: amount(f, zh),
        evidence,
        advice: f.advice.iter().map(|a| format!("• {}", printable(a))).collect(),
    }
}

/// The amount, and what it is: money at risk, or (F groups) what the failed top-ups tried to
/// move, which is not money lost.
fn amount(f: &Finding, zh: bool) -> String {
    let (Some(amount), Some(currency)) = (&f.amount, &f.currency) else { return String::new() };
    let shown = glued(&format!("{} {}", crate::model::format_amount(*amount), printable(currency)));
    let tr = |en: &str, cn: &str| glued(if zh { cn } else { en });
    match &f.at_risk {
        Some(risk) if risk.amount == *amount && risk.currency == *currency => {
            format!("{shown}\n{}", tr("at risk", "风险金额"))
        }
        Some(risk) => format!(
            "{shown}\n{} {}",
            tr("at risk", "风险金额"),
            glued(&format!("{} {}", crate::model::format_amount(risk.amount), printable(&risk.currency)))
        ),
        None if f.code.starts_with('F') => format!("{shown}\n{}", tr("attempted", "尝试金额")),
        None => shown,
    }
}

/// A finding's time; midnight means a date-only row (bank statements), shown as a date.
fn moment(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    if t.time() == chrono::NaiveTime::MIN {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// The audit table of `findings` at the style's width; evidence paths are shortened against
/// `inputs`. Lines never exceed the width, and no token wider than the width is split.
pub fn render(findings: &[Finding], inputs: &[InputReport], style: &Style, zh: bool) -> String {
    let width = usize::from(style.width.unwrap_or(80));
    let shown: Vec<Shown> = findings.iter().map(|f| shown(f, inputs, zh)).collect();
    // A token the list cannot hold whole is cut in every layout: it does not choose one.
    let limit = width.saturating_sub(4);
    let first = |rows: &[Shown], bold: bool| FirstColumn { colors: rows.iter().map(|r| Some(r.color)).collect(), bold };
    for (columns, bold) in [(wide(&shown, zh), false), (compact(&shown, zh), true)] {
        let room = width.saturating_sub((BOXED.overhead)(columns.len()));
        if let Some(widths) = layout::allocate(&columns, room, limit) {
            let first = style.color.then(|| first(&shown, bold));
            return layout::draw(&columns, &widths, &BOXED, first.as_ref());
        }
    }
    list(&shown, width, style.color, zh)
}

fn wide(rows: &[Shown], zh: bool) -> Vec<Column> {
    let headers: [&str; 7] = if zh {
        ["级别", "代码", "问题", "时间", "金额", "证据", "建议"]
    } else {
        ["severity", "code", "finding", "when", "amount", "evidence", "advice"]
    };
    let floors = [0, 0, 24, 0, 0, 20, 24];
    let mut columns: Vec<Column> = headers.iter().zip(floors).map(|(h, floor)| Column::new(h, floor)).collect();
    for r in rows {
        let cells = [
            glued(r.severity),
            r.code.to_string(),
            format!("{}\n{}", r.title, r.message),
            r.when.clone(),
            r.amount.clone(),
            r.evidence.join("\n"),
            r.advice.join("\n"),
        ];
        for (column, cell) in columns.iter_mut().zip(cells) {
            column.cells.push(cell);
        }
    }
    columns
}

fn compact(rows: &[Shown], zh: bool) -> Vec<Column> {
    let (headers, evidence_label, advice_label) = if zh {
        (["级别", "问题", "时间 / 金额"], "证据：", "建议：")
    } else {
        (["severity", "finding", "when / amount"], "Evidence:", "Advice:")
    };
    let mut columns: Vec<Column> = headers.iter().zip([0, 36, 0]).map(|(h, floor)| Column::new(h, floor)).collect();
    for r in rows {
        let indented = |lines: &[String]| lines.iter().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n");
        let finding = format!(
            "{} {}\n{}\n\n{evidence_label}\n{}\n\n{advice_label}\n{}",
            r.code,
            r.title,
            r.message,
            indented(&r.evidence),
            r.advice.join("\n")
        );
        let when = [r.when.as_str(), r.amount.as_str()].iter().filter(|t| !t.is_empty()).copied().collect::<Vec<_>>();
        for (column, cell) in columns.iter_mut().zip([glued(r.severity), finding, when.join("\n")]) {
            column.cells.push(cell);
        }
    }
    columns
}

/// Narrower than any table: one block per finding under a rule naming its severity and code.
fn list(rows: &[Shown], width: usize, color: bool, zh: bool) -> String {
    let (evidence_label, advice_label) = if zh { ("证据：", "建议：") } else { ("Evidence:", "Advice:") };
    let mut out: Vec<String> = Vec::new();
    for r in rows {
        let label = format!("── {} · {} ", r.severity, r.code);
        let rule = "─".repeat(width.saturating_sub(wrap::width(&label)));
        let label = wrap::cut(&label, width);
        out.push(if color {
            format!("\u{1b}[1;{}m{label}\u{1b}[0m{rule}", sgr(r.color))
        } else {
            format!("{label}{rule}")
        });
        out.extend(wrap(&r.title, width));
        let facts: Vec<String> =
            [r.when.replace('\n', " "), r.amount.replace('\n', " ")].into_iter().filter(|t| !t.is_empty()).collect();
        if !facts.is_empty() {
            out.extend(wrap(&facts.join(" · "), width));
        }
        out.extend(wrap(&r.message, width));
        out.push(evidence_label.to_string());
        for e in &r.evidence {
            out.extend(wrap(&format!("  {e}"), width));
        }
        out.push(advice_label.to_string());
        for a in &r.advice {
            out.extend(wrap(&format!("  {a}"), width));
        }
        out.push(String::new());
    }
    out.pop();
    out.join("\n")
}

/// The SGR colour code of a comfy-table colour (the list draws its own escapes).
fn sgr(c: comfy_table::Color) -> u8 {
    use comfy_table::Color::*;
    match c {
        Magenta => 35,
        Red => 31,
        Yellow => 33,
        Cyan => 36,
        _ => 37,
    }
}
