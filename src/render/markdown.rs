//! `--format markdown`: the audit as a report fit for an email or an issue tracker — the
//! summary (inputs, counts, money at risk), then every finding with its evidence and advice —
//! and [`escape`], which every Markdown renderer applies to text from input.

use super::Style;
use super::table::severity_label;
use super::terminal::printable;
use crate::finding::{Finding, Lang, Severity};
use crate::ingest::InputReport;
use crate::model::format_amount;
use crate::report::Report;
use chrono::{DateTime, FixedOffset, NaiveTime};
use std::io::{self, Write};

/// Evidence rows listed per finding; the rest are counted (`--format json` lists them all),
/// so that a group of hundreds of failed attempts stays a readable mail.
const EVIDENCE_SHOWN: usize = 10;

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let zh = style.lang == Lang::Zh;
    let tr = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    let now = report.now.format("%Y-%m-%d %H:%M:%S %:z");
    writeln!(out, "# {} — {} {now}", tr("wallet-audit report", "wallet-audit 审计报告"), tr("as of", "截至"))?;
    writeln!(out)?;
    summary(report, zh, out)?;
    writeln!(out)?;
    writeln!(out, "## {}", tr("Inputs", "输入文件"))?;
    writeln!(out)?;
    inputs(&report.inputs, zh, out)?;
    writeln!(out)?;
    writeln!(out, "## {}", tr("Findings", "问题"))?;
    if report.findings.is_empty() {
        writeln!(out)?;
        return writeln!(out, "{}", tr("No findings.", "没有发现问题。"));
    }
    for f in &report.findings {
        finding(f, zh, out)?;
    }
    Ok(())
}

fn summary(report: &Report, zh: bool, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    let counts: Vec<String> = Severity::ALL_DESCENDING
        .iter()
        .map(|sev| {
            let (n, label) = (s.findings.get(*sev), severity_label(*sev, zh));
            if zh { format!("{label} {n}") } else { format!("{n} {label}") }
        })
        .collect();
    let risk: Vec<String> = s.at_risk.iter().map(|r| format!("{} {}", r.amount, escape(&r.currency))).collect();
    let risk = if risk.is_empty() { (if zh { "无" } else { "none" }).to_string() } else { risk.join(", ") };
    let t = &s.top_ups;
    if zh {
        writeln!(out, "**问题：{}** · 风险金额：**{risk}**", counts.join(" · "))?;
        writeln!(out)?;
        writeln!(
            out,
            "交易 {} 笔 · 充值 {} 次：成功 {}，失败 {}，处理中 {}",
            s.transactions, t.attempted, t.succeeded, t.failed, t.pending
        )?;
    } else {
        writeln!(out, "**Findings: {}** · Money at risk: **{risk}**", counts.join(" · "))?;
        writeln!(out)?;
        writeln!(
            out,
            "Transactions: {} · Top-ups: {} attempted, {} succeeded, {} failed, {} pending",
            s.transactions, t.attempted, t.succeeded, t.failed, t.pending
        )?;
    }
    // Where no statement vouches for a top-up, "no finding" means "not checked": say so.
    if let Some(text) = s.unchecked.text(zh) {
        writeln!(out)?;
        writeln!(out, "{text}{}", if zh { "。" } else { "." })?;
    }
    Ok(())
}

/// The inputs as a table; counts are right-aligned.
fn inputs(inputs: &[InputReport], zh: bool, out: &mut dyn Write) -> io::Result<()> {
    let header = if zh {
        "| 文件 | 格式 | 账户 | 覆盖期间 | 行数 | 交易笔数 | 重复行 | 无法读取 |"
    } else {
        "| input | format | account | coverage | rows | transactions | duplicates | rejected |"
    };
    writeln!(out, "{header}")?;
    writeln!(out, "|---|---|---|---|---:|---:|---:|---:|")?;
    for i in inputs {
        let part = i.part.map(|p| format!(" ({}{p})", if zh { "第 " } else { "part " })).unwrap_or_default();
        let coverage = i.coverage.map_or_else(
            || "-".to_string(),
            |c| format!("{} – {}", c.from.format("%Y-%m-%d"), c.to.format("%Y-%m-%d")),
        );
        writeln!(
            out,
            "| {}{part} | {} | {} | {coverage} | {} | {} | {} | {} |",
            escape(&i.path),
            escape(&i.format),
            escape(&i.account),
            i.rows,
            i.transactions,
            i.duplicates,
            i.rejected
        )?;
    }
    Ok(())
}

/// One finding's section (`check`'s report and `review`'s digest share it).
pub(super) fn finding(f: &Finding, zh: bool, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "### {} · {} · {}", severity_label(f.severity, zh), escape(&f.id), escape(&f.title))?;
    writeln!(out)?;
    let label = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    let mut facts = Vec::new();
    match (f.start, f.end) {
        (Some(s), Some(e)) if e != s => {
            facts.push(format!("{}{} – {}", label("When: ", "时间："), moment(s), moment(e)))
        }
        (Some(s), _) => facts.push(format!("{}{}", label("When: ", "时间："), moment(s))),
        _ => {}
    }
    if let Some(account) = &f.account {
        facts.push(format!("{}{}", label("Account: ", "账户："), escape(account)));
    }
    if let (Some(amount), Some(currency)) = (f.amount, &f.currency) {
        facts.push(format!("{}{} {}", label("Amount: ", "金额："), format_amount(amount), escape(currency)));
    }
    if let Some(risk) = &f.at_risk {
        facts.push(format!(
            "{}{} {}",
            label("At risk: ", "风险金额："),
            format_amount(risk.amount),
            escape(&risk.currency)
        ));
    }
    if !facts.is_empty() {
        writeln!(out, "{}", facts.join(" · "))?;
        writeln!(out)?;
    }
    writeln!(out, "{}", escape(&f.message))?;
    writeln!(out)?;
    writeln!(out, "{}", label("Evidence:", "证据："))?;
    for e in f.evidence.iter().take(EVIDENCE_SHOWN) {
        let reference = e.reference.as_deref().map(|r| format!(", {}", escape(r))).unwrap_or_default();
        writeln!(
            out,
            "- {}:{} ({}{reference})",
            escape(&e.path),
            e.line,
            escape(crate::finding::role::phrase(&e.role, zh))
        )?;
    }
    let more = f.evidence.len().saturating_sub(EVIDENCE_SHOWN);
    if more > 0 {
        if zh {
            writeln!(out, "- ……另有 {more} 行（`--format json` 列出全部）")?;
        } else {
            writeln!(out, "- … and {more} more (`--format json` lists them all)")?;
        }
    }
    if !f.advice.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", label("Advice:", "建议："))?;
        for a in &f.advice {
            writeln!(out, "- {}", escape(a))?;
        }
    }
    Ok(())
}

/// A finding's time; midnight means a date-only row (bank statements), shown as a date.
fn moment(t: DateTime<FixedOffset>) -> String {
    if t.time() == NaiveTime::MIN { t.format("%Y-%m-%d").to_string() } else { t.format("%Y-%m-%d %H:%M").to_string() }
}

/// Text from input made inert: markdown's special characters escaped with a backslash, control
/// characters made visible, line breaks folded to spaces (a cell's newline must not start a
/// heading or a list), and a word that a mail client or GitHub would turn into a link
/// (`https://…`, `www.…`) shown as code, which nothing links.
pub(super) fn escape(text: &str) -> String {
    let text = printable(text).replace(['\n', '\r'], " ");
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.contains("://") || word.to_ascii_lowercase().starts_with("www.") {
            out.push_str(&code_span(word));
            continue;
        }
        for c in word.chars() {
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '(' | ')' | '#' | '|' | '!' | '~'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// `word` as a code span, its fence longer than any run of backticks inside it.
fn code_span(word: &str) -> String {
    let longest = word.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if word.starts_with('`') || word.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{word}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn text_from_input_cannot_become_markup() {
        assert_eq!(escape("[click](http://x.example)"), "`[click](http://x.example)`");
        assert_eq!(escape("pay at https://evil.example/p?x=1 now"), "pay at `https://evil.example/p?x=1` now");
        assert_eq!(escape("www.evil.example`x"), "``www.evil.example`x``");
        assert_eq!(escape("<img src=x> **bold** | cell"), "\\<img src=x\\> \\*\\*bold\\*\\* \\| cell");
        assert_eq!(escape("李四\n# heading\u{1b}[2J"), "李四 \\# heading\u{fffd}\\[2J");
    }
}
