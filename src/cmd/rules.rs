//! `wallet-audit rules` and `wallet-audit rule CODE`: the rule table (as text or JSON) and one
//! rule's documentation, in English or Chinese.

mod zh;
mod zh_docs;

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
    /// Language of the summaries and docs [default: the settings file's lang, else from LC_ALL, else
    /// LC_MESSAGES, else LANG: zh_* is zh, anything else en]
    #[arg(long, value_enum)]
    lang: Option<Lang>,
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// A finding code or its slug, e.g. R001 or debited-not-credited
    #[arg(value_name = "CODE")]
    code: String,
    /// Language of the documentation [default: as for `rules`]
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
    /// The rule's documentation, in the language asked for (English where no translation exists).
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
                    doc: match lang {
                        Lang::Zh => zh_docs::doc(rule.code).map_or_else(|| rule.doc(), str::to_string),
                        Lang::En => rule.doc(),
                    },
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
    let zh_doc = match lang {
        Lang::Zh => zh_docs::doc(rule.code),
        Lang::En => None,
    };
    let text = doc_text(rule, lang, zh_doc);
    write_out(|out| writeln!(out, "{}", printable(text.trim_end())))?;
    Ok(exit::CLEAN)
}

/// What `rule CODE` prints: the title, the default severity and family, then the body; in
/// Chinese from `zh_doc` when there is one, else the Chinese summary over the English body.
fn doc_text(rule: &Rule, lang: Lang, zh_doc: Option<&str>) -> String {
    let doc = rule.doc();
    // The doc opens with "R001 slug: summary." — the title, printed once; the rest follows.
    let (title, body) = doc.split_once("\n\n").unwrap_or((&doc, ""));
    let (family_en, family_zh) = family(rule).1;
    let letter = rule.code.get(..1).unwrap_or_default();
    match lang {
        Lang::En => format!(
            "{}\nDefault severity: {}. Family: {family_en} ({letter}).\n\n{}",
            title.replace('\n', " "),
            rule.severity,
            body
        ),
        Lang::Zh => {
            let facts = format!(
                "默认严重程度：{}（{}）。类别：{family_zh}（{letter}）。",
                severity_label(rule.severity, lang),
                rule.severity
            );
            match zh_doc {
                // The Chinese doc opens with its own title paragraph, as the English one does.
                Some(zh_doc) => {
                    let (zh_title, zh_body) = zh_doc.split_once("\n\n").unwrap_or((zh_doc, ""));
                    format!("{}\n{facts}\n\n{zh_body}", zh_title.replace('\n', ""))
                }
                // No translation yet: the Chinese summary, then the English text, said to be English.
                None => format!(
                    "{} {}：{}\n{facts}\n\n（本规则的详细说明暂无中文版，以下为英文原文。）\n\n{body}",
                    rule.code,
                    rule.slug,
                    summary(rule, lang)
                ),
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::{Lang, doc_text};
    use crate::rules::by_code;

    #[test]
    fn a_rule_without_a_chinese_doc_shows_its_english_body_under_the_chinese_summary() {
        let Some(rule) = by_code("R002") else { panic!("no R002") };
        let text = doc_text(rule, Lang::Zh, None);
        assert!(text.starts_with("R002 duplicate-debit：同一笔充值被银行扣款不止一次\n默认严重程度："), "{text}");
        assert!(text.contains("以下为英文原文") && text.contains("\nAdvice: ask the wallet"), "{text}");
        let translated = doc_text(rule, Lang::Zh, super::zh_docs::doc("R002"));
        assert!(translated.contains("建议：") && !translated.contains("Advice:") && !translated.contains("英文原文"));
    }
}
