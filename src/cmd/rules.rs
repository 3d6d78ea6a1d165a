//! `wallet-audit rules` and `wallet-audit rule CODE`: the rule table (as text or JSON) and one
//! rule's documentation, in English or Chinese.

mod zh;

use crate::cmd::settings::{discover, env_lang};
use crate::finding::{Lang, Severity};
use crate::outcome::{Failure, exit, warn, write_out};
use crate::render::terminal::printable;
use crate::rules::{RULES, Rule, by_code};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

#[derive(clap::Args)]
pub struct ListArgs {
    /// `table` for people, `json` (an array of {code, slug, severity, family, summary, doc})
    /// for scripts and editors
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
    /// Language of the summaries [default: the settings file's lang, else from LC_ALL, else
    /// LC_MESSAGES, else LANG: zh_* is zh, anything else en]
    #[arg(long, value_enum)]
    lang: Option<Lang>,
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// A finding code or its slug, e.g. R001 or debited-not-credited
    #[arg(value_name = "CODE")]
    code: String,
    /// Language of the documentation (the detailed text is in English only; zh gives the
    /// Chinese summary) [default: as for `rules`]
    #[arg(long, value_enum)]
    lang: Option<Lang>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

/// One rule as `rules --format json` writes it (README "Finding codes").
#[derive(Serialize)]
struct RuleEntry {
    code: &'static str,
    slug: &'static str,
    severity: Severity,
    family: &'static str,
    /// In the language asked for.
    summary: &'static str,
    /// The rule's documentation (English).
    doc: String,
}

pub fn list(args: ListArgs) -> Result<u8, Failure> {
    let lang = language(args.lang);
    match args.format {
        ListFormat::Json => {
            let entries: Vec<RuleEntry> = RULES
                .iter()
                .map(|rule| RuleEntry {
                    code: rule.code,
                    slug: rule.slug,
                    severity: rule.severity,
                    family: family(rule).0,
                    summary: summary(rule, lang),
                    doc: rule.doc(),
                })
                .collect();
            let json =
                serde_json::to_string_pretty(&entries).map_err(|e| Failure(format!("cannot write JSON: {e}")))?;
            write_out(|out| writeln!(out, "{json}"))?;
        }
        ListFormat::Table => write_out(|out| {
            for rule in RULES {
                let severity = severity_label(rule.severity, lang);
                // Padded by display width: a Chinese label takes two columns a character.
                let pad = " ".repeat(9usize.saturating_sub(severity.width()));
                let line = format!("{}  {:<30} {severity}{pad} {}", rule.code, rule.slug, summary(rule, lang));
                writeln!(out, "{}", printable(&line))?;
            }
            Ok(())
        })?,
    }
    Ok(exit::CLEAN)
}

pub fn show(args: ShowArgs) -> Result<u8, Failure> {
    let code = &args.code;
    let rule = by_code(code).ok_or_else(|| {
        Failure(format!("no rule {code:?} (a code such as R001 or a slug); `wallet-audit rules` lists them"))
    })?;
    let lang = language(args.lang);
    let doc = rule.doc();
    // The doc opens with "R001 slug: summary." — the title, printed once; the rest follows.
    let (title, body) = doc.split_once("\n\n").unwrap_or((&doc, ""));
    let (family_en, family_zh) = family(rule).1;
    let letter = rule.code.get(..1).unwrap_or_default();
    let text = match lang {
        Lang::En => format!(
            "{}\nDefault severity: {}. Family: {family_en} ({letter}).\n\n{}",
            title.replace('\n', " "),
            rule.severity,
            body
        ),
        Lang::Zh => format!(
            "{} {}：{}\n默认严重程度：{}（{}）。类别：{family_zh}（{letter}）。\n\n（本规则的详细说明暂无中文版，以下为英文原文。）\n\n{}",
            rule.code,
            rule.slug,
            summary(rule, lang),
            severity_label(rule.severity, lang),
            rule.severity,
            body
        ),
    };
    write_out(|out| writeln!(out, "{}", printable(text.trim_end())))?;
    Ok(exit::CLEAN)
}

/// `--lang`, else the settings file's `lang`, else the locale. A settings file that cannot be
/// read does not stop the rules from being listed: it is named in a warning.
fn language(given: Option<Lang>) -> Lang {
    if let Some(lang) = given {
        return lang;
    }
    match discover(None) {
        Ok((config, _)) => config.lang.unwrap_or_else(env_lang),
        Err(Failure(message)) => {
            warn(&format!("{message} (its lang is not used)"));
            env_lang()
        }
    }
}

fn summary(rule: &Rule, lang: Lang) -> &'static str {
    match lang {
        Lang::En => rule.summary,
        Lang::Zh => zh::summary(rule.code).unwrap_or(rule.summary),
    }
}

/// The family a code's letter names: its JSON token, and its name in English and Chinese.
fn family(rule: &Rule) -> (&'static str, (&'static str, &'static str)) {
    match rule.code.as_bytes().first() {
        Some(b'R') => ("reconciliation", ("reconciliation", "对账")),
        Some(b'F') => ("failure", ("failed top-ups by cause", "按原因归类的充值失败")),
        Some(b'P') => ("pattern", ("patterns", "规律")),
        Some(b'S') => ("suspicious", ("suspicious entries", "可疑交易")),
        _ => ("data-quality", ("data quality", "数据质量")),
    }
}

fn severity_label(severity: Severity, lang: Lang) -> &'static str {
    match (lang, severity) {
        (Lang::En, s) => s.as_str(),
        (Lang::Zh, Severity::Critical) => "严重",
        (Lang::Zh, Severity::High) => "高",
        (Lang::Zh, Severity::Medium) => "中",
        (Lang::Zh, Severity::Low) => "低",
        (Lang::Zh, Severity::Info) => "提示",
    }
}
