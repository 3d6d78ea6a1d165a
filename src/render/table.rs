//! `--format table`: a short header (inputs, counts, money at risk) and the audit table.

use super::Style;
use super::terminal::printable;
use crate::finding::{Finding, Lang, Severity};
use crate::ingest::InputReport;
use crate::model::file_name;
use crate::report::Report;
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use std::io::{self, Write};

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let zh = style.lang == Lang::Zh;
    let tr = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    writeln!(
        out,
        "wallet-audit {} · {} {}",
        report.tool.version,
        tr("as of", "截至"),
        report.now.format("%Y-%m-%d %H:%M:%S %:z")
    )?;
    writeln!(out)?;
    writeln!(out, "{}", inputs_table(report, style, zh))?;
    writeln!(out)?;
    let s = &report.summary;
    let t = &s.top_ups;
    if zh {
        writeln!(
            out,
            "交易 {} 笔 · 充值 {} 次：成功 {}，失败 {}，处理中 {}",
            s.transactions, t.attempted, t.succeeded, t.failed, t.pending
        )?;
    } else {
        writeln!(
            out,
            "Transactions: {} · Top-ups: {} attempted, {} succeeded, {} failed, {} pending",
            s.transactions, t.attempted, t.succeeded, t.failed, t.pending
        )?;
    }
    let risk: Vec<String> = s.at_risk.iter().map(|r| format!("{} {}", r.amount, r.currency)).collect();
    let risk = if risk.is_empty() { tr("none", "无").to_string() } else { risk.join(", ") };
    writeln!(out, "{}{risk}", tr("Money at risk: ", "风险金额："))?;
    let u = &s.unchecked;
    if u.top_ups_without_statement + u.debits_outside_wallet_exports > 0 {
        if zh {
            writeln!(
                out,
                "未核对：{} 笔充值缺少对应银行卡的账单；{} 笔付给钱包的银行扣款不在钱包账单的覆盖期内",
                u.top_ups_without_statement, u.debits_outside_wallet_exports
            )?;
        } else {
            writeln!(
                out,
                "Not checked: {} top-ups not covered by any statement of their card; {} bank debits to wallets outside the periods of the wallet exports",
                u.top_ups_without_statement, u.debits_outside_wallet_exports
            )?;
        }
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
        writeln!(out, "{}{}", tr("Not run: ", "未运行："), items.join(tr(", ", "，")))?;
    }
    let counts: Vec<String> = Severity::ALL_DESCENDING
        .iter()
        .map(|sev| {
            let (n, label) = (s.findings.get(*sev), severity_label(*sev, zh));
            if zh { format!("{label} {n}") } else { format!("{n} {label}") }
        })
        .collect();
    writeln!(out, "{}{}", tr("Findings: ", "问题："), counts.join(" · "))?;
    writeln!(out)?;
    if report.findings.is_empty() {
        return writeln!(out, "{}", tr("No findings.", "没有发现问题。"));
    }
    writeln!(out, "{}", findings_table(&report.findings, &report.inputs, style, zh))
}

fn sized(mut table: Table, style: &Style) -> Table {
    table.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = style.width {
        table.set_width(width);
    }
    table
}

fn inputs_table(report: &Report, style: &Style, zh: bool) -> Table {
    let mut table = sized(Table::new(), style);
    table.load_style(presets::NOTHING);
    let header: [&str; 9] = if zh {
        ["文件", "格式", "账户", "编码", "覆盖期间", "行数", "交易笔数", "重复行", "无法读取"]
    } else {
        ["input", "format", "account", "encoding", "coverage", "rows", "transactions", "duplicates", "rejected"]
    };
    table.set_header(header);
    for i in &report.inputs {
        let coverage = i.coverage.map_or_else(
            || "-".to_string(),
            |c| format!("{} – {}", c.from.format("%Y-%m-%d"), c.to.format("%Y-%m-%d")),
        );
        table.add_row(vec![
            printable(&i.path),
            printable(&i.format),
            printable(&i.account),
            printable(&i.encoding),
            coverage,
            i.rows.to_string(),
            i.transactions.to_string(),
            i.duplicates.to_string(),
            i.rejected.to_string(),
        ]);
    }
    table
}

/// The file name alone when no other input shares it: the inputs list above gives full paths.
fn short_path<'a>(path: &'a str, inputs: &[InputReport]) -> &'a str {
    let shared = inputs.iter().filter(|i| file_name(&i.path) == file_name(path)).count() > 1;
    if shared { path } else { file_name(path) }
}

/// Below this width the seven columns are too narrow to read: evidence and advice move into
/// the finding's cell, and when and amount share one.
const COMPACT_BELOW: u16 = 120;

/// The audit table of `findings`; evidence paths are shortened against `inputs`.
pub(super) fn findings_table(findings: &[Finding], inputs: &[InputReport], style: &Style, zh: bool) -> Table {
    let mut table = sized(Table::new(), style);
    table.load_style(presets::UTF8_FULL);
    if style.color {
        table.enforce_styling();
    }
    let compact = table.width().is_some_and(|w| w < COMPACT_BELOW);
    let header: &[&str] = match (compact, zh) {
        (false, false) => &["severity", "code", "finding", "when", "amount", "evidence", "advice"],
        (false, true) => &["级别", "代码", "问题", "时间", "金额", "证据", "建议"],
        (true, false) => &["severity", "finding", "when / amount"],
        (true, true) => &["级别", "问题", "时间 / 金额"],
    };
    table.set_header(header.to_vec());
    for f in findings {
        let mut severity = Cell::new(severity_label(f.severity, zh));
        if style.color {
            severity = severity.fg(color(f.severity));
        }
        let when = match (f.start, f.end) {
            (Some(s), Some(e)) if e.date_naive() != s.date_naive() => format!("{} –\n{}", moment(s), moment(e)),
            (Some(s), _) => moment(s),
            _ => String::new(),
        };
        let amount = match (&f.amount, &f.currency) {
            (Some(a), Some(c)) => format!("{} {}", crate::model::format_amount(*a), printable(c)),
            _ => String::new(),
        };
        let evidence: Vec<String> = f
            .evidence
            .iter()
            .map(|e| {
                format!("{}:{} ({})", printable(short_path(&e.path, inputs)), e.line, printable(role(&e.role, zh)))
            })
            .collect();
        let advice: Vec<String> = f.advice.iter().map(|a| format!("• {}", printable(a))).collect();
        let finding = format!("{}\n{}", printable(&f.title), printable(&f.message));
        if compact {
            let (evidence_label, advice_label) = if zh { ("证据：", "建议：") } else { ("Evidence:", "Advice:") };
            table.add_row(vec![
                severity.add_attribute(comfy_table::Attribute::Bold),
                Cell::new(format!(
                    "{} {finding}\n\n{evidence_label}\n{}\n\n{advice_label}\n{}",
                    f.code,
                    evidence.join("\n"),
                    advice.join("\n")
                )),
                Cell::new(format!("{when}\n{amount}")),
            ]);
        } else {
            table.add_row(vec![
                severity,
                Cell::new(f.code),
                Cell::new(finding),
                Cell::new(when),
                Cell::new(amount),
                Cell::new(evidence.join("\n")),
                Cell::new(advice.join("\n")),
            ]);
        }
    }
    table
}

/// A finding's time; midnight means a date-only row (bank statements), shown as a date.
fn moment(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    if t.time() == chrono::NaiveTime::MIN {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// Evidence roles are stable kebab-case tokens in JSON (`finding::role`); the table shows
/// their words in the report's language, and a token this build does not know as it is.
fn role(role: &str, zh: bool) -> &str {
    let Some((en, zh_words)) = crate::finding::role::words(role) else { return role };
    if zh { zh_words } else { en }
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
