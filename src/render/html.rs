//! `--format html`: one self-contained page — the summary (inputs, counts, money at risk), the
//! charts (`html_charts`, drawn by `svg`) and the audit table, sortable and filterable by a few
//! lines of inline script (`html.js`) — and [`escape`], which every text from input goes
//! through. Nothing is fetched: no external script, style, font or image, and a
//! Content-Security-Policy that allows only this page's own script and style (by hash), so a
//! text that escaped escaping still could not run or load anything.

use super::Style;
use super::html_charts;
pub use super::html_text::escape;
use super::html_text::{Words, moment};
use super::table::severity_label;
use crate::finding::{Finding, Lang, Severity};
use crate::model::format_amount;
use crate::report::Report;

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{self, Write};

const SCRIPT: &str = include_str!("html.js");
const STYLE: &str = include_str!("html.css");
/// Evidence rows listed per finding, as in the Markdown report; the rest are counted.
const EVIDENCE_SHOWN: usize = 10;

pub fn write(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let w = Words { zh: style.lang == Lang::Zh };
    let mut page = String::new();
    page.push_str(&head(w));
    page.push_str("<body><main>");
    page.push_str(&format!(
        "<h1>{}</h1><p class=\"sub\">wallet-audit {} · {} {}</p>",
        w.tr("Wallet audit report", "钱包审计报告"),
        escape(report.tool.version),
        w.tr("as of", "截至"),
        report.now.format("%Y-%m-%d %H:%M:%S %:z")
    ));
    page.push_str(&summary(report, w));
    page.push_str(&format!("<h2>{}</h2>", w.tr("Pictures", "图表")));
    page.push_str(&html_charts::charts(report, w));
    page.push_str(&format!("<h2 id=\"audit\">{}</h2>", w.tr("Findings", "问题")));
    page.push_str(&findings(&report.findings, w));
    page.push_str(&format!("<h2>{}</h2>", w.tr("Inputs", "输入文件")));
    page.push_str(&inputs(report, w));
    page.push_str(&format!(
        "<footer>{}</footer></main><script>{SCRIPT}</script></body></html>\n",
        w.tr(
            "Written by wallet-audit check --format html. This page loads nothing from the network.",
            "由 wallet-audit check --format html 生成。本页面不从网络加载任何内容。"
        )
    ));
    out.write_all(page.as_bytes())
}

fn head(w: Words) -> String {
    // Only the page's own style and script may apply: no other source of anything.
    let csp = format!(
        "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}'; img-src 'none'; form-action 'none'; base-uri 'none'",
        sha256_base64(STYLE),
        sha256_base64(SCRIPT)
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head>",
        w.tr("en", "zh-CN"),
        w.tr("wallet-audit report", "wallet-audit 审计报告")
    )
}

fn summary(report: &Report, w: Words) -> String {
    let s = &report.summary;
    let t = &s.top_ups;
    let risk: Vec<String> =
        s.at_risk.iter().map(|r| format!("{} {}", escape(&r.amount), escape(&r.currency))).collect();
    let (risk, none) =
        if risk.is_empty() { (w.tr("none", "无").to_string(), " none") } else { (risk.join("<br>"), "") };
    let pills: String = Severity::ALL_DESCENDING
        .iter()
        .map(|&sev| {
            format!("<span class=\"sev {}\">{} {}</span>", sev.as_str(), severity_label(sev, w.zh), s.findings.get(sev))
        })
        .collect();
    let total: usize = Severity::ALL_DESCENDING.iter().map(|&sev| s.findings.get(sev)).sum();
    let mut html = format!(
        "<section class=\"cards\">\
         <div class=\"card risk\"><div class=\"k\">{}</div><div class=\"v{none}\">{risk}</div></div>\
         <div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{total}</div><div class=\"pills\">{pills}</div></div>\
         <div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"k\">{}</div></div>\
         <div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"k\">{}</div></div>\
         </section>",
        w.tr("Money at risk", "风险金额"),
        w.tr("Findings", "问题"),
        w.tr("Top-ups attempted", "充值次数"),
        t.attempted,
        if w.zh {
            format!("成功 {}，失败 {}，处理中 {}，已取消 {}", t.succeeded, t.failed, t.pending, t.cancelled)
        } else {
            format!("{} succeeded, {} failed, {} pending, {} cancelled", t.succeeded, t.failed, t.pending, t.cancelled)
        },
        w.tr("Transactions read", "读取的交易"),
        s.transactions,
        match (report.inputs.len(), w.zh) {
            (n, true) => format!("来自 {n} 个输入"),
            (1, false) => "from 1 input".to_string(),
            (n, false) => format!("from {n} inputs"),
        },
    );
    if let Some(text) = s.unchecked.text(w.zh) {
        html.push_str(&format!("<p class=\"note\">{text}{}</p>", if w.zh { "。" } else { "." }));
    }
    if !s.not_run.is_empty() {
        let items: Vec<String> =
            s.not_run.iter().map(|n| format!("{} ({})", escape(n.code), escape(n.needs))).collect();
        html.push_str(&format!("<p class=\"note\">{}{}</p>", w.tr("Not run: ", "未运行："), items.join(", ")));
    }
    html
}

fn inputs(report: &Report, w: Words) -> String {
    let header: [&str; 8] = if w.zh {
        ["文件", "格式", "账户", "覆盖期间", "行数", "交易笔数", "重复行", "无法读取"]
    } else {
        ["input", "format", "account", "coverage", "rows", "transactions", "duplicates", "rejected"]
    };
    let mut html = String::from("<table class=\"inputs\"><thead><tr>");
    for (k, h) in header.iter().enumerate() {
        html.push_str(&format!("<th{}>{h}</th>", if k >= 4 { " class=\"num\"" } else { "" }));
    }
    html.push_str("</tr></thead><tbody>");
    for i in &report.inputs {
        let part = i.part.map(|p| format!(" ({}{p})", w.tr("part ", "第 "))).unwrap_or_default();
        let coverage = i.coverage.map_or_else(
            || "-".to_string(),
            |c| format!("{} – {}", c.from.format("%Y-%m-%d"), c.to.format("%Y-%m-%d")),
        );
        html.push_str(&format!(
            "<tr><td>{}{part}</td><td>{}</td><td>{}</td><td>{coverage}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&i.path),
            escape(&i.format),
            escape(&i.account),
            i.rows,
            i.transactions,
            i.duplicates,
            i.rejected
        ));
    }
    html.push_str("</tbody></table>");
    html
}

/// The audit table: one row per finding, its message, evidence and advice folded under its
/// title; filters above it.
fn findings(findings: &[Finding], w: Words) -> String {
    if findings.is_empty() {
        return format!("<p>{}</p>", w.tr("No findings.", "没有发现问题。"));
    }
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        *codes.entry(f.code).or_default() += 1;
    }
    let mut html = format!(
        "<div class=\"filters\"><label>{} <select id=\"filter-severity\"><option value=\"\">{}</option>",
        w.tr("Severity", "严重程度"),
        w.tr("all", "全部")
    );
    for sev in Severity::ALL_DESCENDING {
        let n = findings.iter().filter(|f| f.severity == sev).count();
        if n > 0 {
            html.push_str(&format!("<option value=\"{}\">{} ({n})</option>", sev.as_str(), severity_label(sev, w.zh)));
        }
    }
    html.push_str(&format!(
        "</select></label><label>{} <select id=\"filter-code\"><option value=\"\">{}</option>",
        w.tr("Code", "代码"),
        w.tr("all", "全部")
    ));
    for (code, n) in &codes {
        html.push_str(&format!("<option value=\"{0}\">{0} ({n})</option>", escape(code)));
    }
    html.push_str(&format!(
        "</select></label><span>{} <b id=\"shown\">{}</b> / {}</span><span class=\"note\">{}</span></div>",
        w.tr("Showing", "显示"),
        findings.len(),
        findings.len(),
        w.tr("Click a column header to sort.", "点击表头排序。")
    ));
    let columns: [(&str, &str, bool); 8] = [
        (w.tr("severity", "严重程度"), "", true),
        (w.tr("code", "代码"), "code", false),
        (w.tr("finding", "问题"), "", false),
        (w.tr("when", "时间"), "when", true),
        (w.tr("account", "账户"), "", false),
        (w.tr("amount", "金额"), "num", true),
        (w.tr("at risk", "风险金额"), "num", true),
        (w.tr("id", "编号"), "id", false),
    ];
    html.push_str("<table id=\"findings\"><thead><tr>");
    for (name, class, numeric) in columns {
        let class = if class.is_empty() { String::new() } else { format!(" class=\"{class}\"") };
        let kind = if numeric { " data-type=\"number\"" } else { "" };
        html.push_str(&format!("<th{class}{kind}><button type=\"button\">{name}</button></th>"));
    }
    html.push_str("</tr></thead><tbody>");
    for (k, f) in findings.iter().enumerate() {
        html.push_str(&row(k, f, w));
    }
    html.push_str("</tbody></table>");
    html
}

fn row(order: usize, f: &Finding, w: Words) -> String {
    let sev = f.severity.as_str();
    let when = match (f.start, f.end) {
        (Some(s), Some(e)) if e != s => format!("{} –<br>{}", moment(s), moment(e)),
        (Some(s), _) => moment(s),
        _ => String::new(),
    };
    let money = |amount: Option<rust_decimal::Decimal>, currency: Option<&str>| match amount {
        Some(a) => (a.to_string(), format!("{} {}", format_amount(a), escape(currency.unwrap_or("")))),
        None => (String::new(), String::new()),
    };
    let (amount_key, amount) = money(f.amount, f.currency.as_deref());
    let (risk_key, risk) = money(f.at_risk.as_ref().map(|m| m.amount), f.at_risk.as_ref().map(|m| m.currency.as_str()));
    let mut details = format!("<p class=\"msg\">{}</p><div class=\"ev\">", escape(&f.message));
    for e in f.evidence.iter().take(EVIDENCE_SHOWN) {
        let reference = e.reference.as_deref().map(|r| format!(", {}", escape(r))).unwrap_or_default();
        details.push_str(&format!(
            "{}:{} ({}{reference})<br>",
            escape(&e.path),
            e.line,
            escape(crate::finding::role::phrase(&e.role, w.zh))
        ));
    }
    let more = f.evidence.len().saturating_sub(EVIDENCE_SHOWN);
    if more > 0 {
        details.push_str(&if w.zh {
            format!("……另有 {more} 行（--format json 列出全部）")
        } else {
            format!("… and {more} more (--format json lists them all)")
        });
    }
    details.push_str("</div>");
    if !f.advice.is_empty() {
        details.push_str("<ul>");
        for a in &f.advice {
            details.push_str(&format!("<li>{}</li>", escape(a)));
        }
        details.push_str("</ul>");
    }
    let rank = Severity::ALL_DESCENDING.iter().rev().position(|s| *s == f.severity).unwrap_or(0);
    format!(
        "<tr data-order=\"{order}\" data-severity=\"{sev}\" data-code=\"{code}\">\
         <td data-sort=\"{rank}\"><span class=\"sev {sev}\">{label}</span></td>\
         <td class=\"code\">{code}</td>\
         <td data-sort=\"{title}\"><details><summary>{title}</summary>{details}</details></td>\
         <td class=\"when\" data-sort=\"{start}\">{when}</td>\
         <td>{account}</td>\
         <td class=\"num\" data-sort=\"{amount_key}\">{amount}</td>\
         <td class=\"num\" data-sort=\"{risk_key}\">{risk}</td>\
         <td class=\"id\">{id}</td></tr>",
        code = escape(f.code),
        label = severity_label(f.severity, w.zh),
        title = escape(&f.title),
        start = f.start.map(|s| s.timestamp().to_string()).unwrap_or_default(),
        account = escape(f.account.as_deref().unwrap_or("")),
        id = escape(&f.id),
    )
}

/// The CSP source hash of `text`: its SHA-256 in standard base64.
fn sha256_base64(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::new();
    for chunk in digest.chunks(3) {
        let b = [chunk.first().copied(), chunk.get(1).copied(), chunk.get(2).copied()];
        let n =
            (u32::from(b[0].unwrap_or(0)) << 16) | (u32::from(b[1].unwrap_or(0)) << 8) | u32::from(b[2].unwrap_or(0));
        for (k, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            let present = k == 0 || b.get(k - 1).is_some_and(|x| x.is_some());
            let c = if present { ALPHABET.get(((n >> shift) & 63) as usize).copied().unwrap_or(b'=') } else { b'=' };
            out.push(char::from(c));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, sha256_base64};

    #[test]
    fn text_from_input_cannot_become_markup() {
        assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(escape("\" onmouseover='x' a=&b"), "&quot; onmouseover=&#39;x&#39; a=&amp;b");
        assert_eq!(escape("李四\u{1b}[2J\u{202e}"), "李四\u{fffd}[2J\u{fffd}");
        assert_eq!(escape("plain 100.00 CNY"), "plain 100.00 CNY");
    }

    #[test]
    fn csp_hashes_are_base64_sha256() {
        // printf 'abc' | openssl dgst -sha256 -binary | base64
        assert_eq!(sha256_base64("abc"), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
        assert_eq!(sha256_base64("").len(), 44);
    }
}
