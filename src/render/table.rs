//! `--format table`: a short header (inputs, counts, money at risk, failed top-ups by cause
//! and by hour) and the audit table, laid out for the width (README "What you see").

mod failures;
mod findings;
mod inputs;
mod layout;
mod wrap;

use super::Style;
use super::terminal::unicode_locale;
use crate::finding::{Finding, Lang, Severity};
use crate::ingest::InputReport;
use crate::model::file_name;
use crate::report::Report;
use comfy_table::Color;
use std::fmt;
use std::io::{self, Write};

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let zh = style.lang == Lang::Zh;
    let width = usize::from(style.width.unwrap_or(80));
    let tr = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    // Each header line wraps at the width, its continuation indented.
    let line = |out: &mut dyn Write, text: &str| -> io::Result<()> {
        wrap::hanging(text, width, 2).iter().try_for_each(|l| writeln!(out, "{l}"))
    };
    line(
        out,
        &format!(
            "wallet-audit {} · {} {}",
            report.tool.version,
            tr("as of", "截至"),
            wrap::glued(&report.now.format("%Y-%m-%d %H:%M:%S %:z").to_string())
        ),
    )?;
    writeln!(out)?;
    writeln!(out, "{}", inputs::render(&report.inputs, width, zh))?;
    writeln!(out)?;
    let s = &report.summary;
    let t = &s.top_ups;
    if zh {
        line(
            out,
            &format!(
                "交易 {} 笔 · 充值 {} 次：成功 {}，失败 {}，处理中 {}",
                s.transactions, t.attempted, t.succeeded, t.failed, t.pending
            ),
        )?;
    } else {
        line(
            out,
            &format!(
                "Transactions: {} · Top-ups: {} attempted, {} succeeded, {} failed, {} pending",
                s.transactions, t.attempted, t.succeeded, t.failed, t.pending
            ),
        )?;
    }
    let risk: Vec<String> = s.at_risk.iter().map(|r| format!("{} {}", r.amount, r.currency)).collect();
    let risk = if risk.is_empty() { tr("none", "无").to_string() } else { risk.join(", ") };
    line(out, &format!("{}{risk}", tr("Money at risk: ", "风险金额：")))?;
    if let Some(text) = s.unchecked.text(zh) {
        line(out, &text)?;
    }
    if !s.not_run.is_empty() {
        // One entry per reason: `S001, S002, S003 (no account has 30 outgoing rows …)`.
        let mut items: Vec<(Vec<&str>, &str)> = Vec::new();
        for n in &s.not_run {
            match items.iter_mut().find(|(_, needs)| *needs == n.needs) {
                Some((codes, _)) => codes.push(n.code),
                None => items.push((vec![n.code], n.needs)),
            }
        }
        let items: Vec<String> =
            items.iter().map(|(codes, needs)| format!("{} ({})", codes.join(", "), needs_text(needs, zh))).collect();
        line(out, &format!("{}{}", tr("Not run: ", "未运行："), items.join(tr(", ", "，"))))?;
    }
    let counts: Vec<String> = Severity::ALL_DESCENDING
        .iter()
        .map(|sev| {
            let (n, label) = (s.findings.get(*sev), severity_label(*sev, zh));
            if zh { format!("{label} {n}") } else { format!("{n} {label}") }
        })
        .collect();
    line(out, &format!("{}{}", tr("Findings: ", "问题："), counts.join(" · ")))?;
    let pictures = failures::render(&s.failures, width, unicode_locale(), zh);
    if !pictures.is_empty() {
        writeln!(out)?;
        for l in pictures {
            writeln!(out, "{l}")?;
        }
    }
    writeln!(out)?;
    if report.findings.is_empty() {
        return writeln!(out, "{}", tr("No findings.", "没有发现问题。"));
    }
    writeln!(out, "{}", findings_table(&report.findings, &report.inputs, style, zh))
}

/// The file name alone when no other input shares it: the inputs list above gives full paths.
fn short_path<'a>(path: &'a str, inputs: &[InputReport]) -> &'a str {
    let shared = inputs.iter().filter(|i| file_name(&i.path) == file_name(path)).count() > 1;
    if shared { path } else { file_name(path) }
}

/// The audit table of `findings` (also `review`'s), laid out for the style's width.
pub(super) fn findings_table(
    findings: &[Finding],
    inputs: &[InputReport],
    style: &Style,
    zh: bool,
) -> impl fmt::Display {
    findings::render(findings, inputs, style, zh)
}

/// Evidence roles are stable kebab-case tokens in JSON (`finding::role`); the table shows
/// their words in the report's language, and a token this build does not know as it is.
fn role(role: &str, zh: bool) -> &str {
    crate::finding::role::phrase(role, zh)
}

pub(super) fn severity_label(s: Severity, zh: bool) -> &'static str {
    if !zh {
        return s.as_str();
    }
    match s {
        Severity::Critical => "严重",
        Severity::High => "高",
        Severity::Medium => "中",
        Severity::Low => "低",
        Severity::Info => "提示",
    }
}

fn color(s: Severity) -> Color {
    match s {
        Severity::Critical => Color::Magenta,
        Severity::High => Color::Red,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Cyan,
        Severity::Info => Color::Grey,
    }
}

/// What a rule that did not run needed, as the header says it.
fn needs_text(needs: &str, zh: bool) -> &'static str {
    match (needs, zh) {
        ("timed-attempts", false) => "no top-up attempts with a time of day",
        ("timed-attempts", true) => "没有带时间的充值记录",
        ("app-version", false) => "no app_version in the attempt log",
        ("app-version", true) => "充值记录没有 app_version 列",
        ("network", false) => "no network in the attempt log",
        ("network", true) => "充值记录没有 network 列",
        ("device-or-location", false) => "no device or location recorded",
        ("device-or-location", true) => "没有设备或地点信息",
        ("account-history", false) => "no account has 30 outgoing rows to learn its habits from",
        ("account-history", true) => "没有哪个账户有足够的支出记录（30 笔）可供比较",
        (_, false) => "not enough data",
        (_, true) => "数据不足",
    }
}
