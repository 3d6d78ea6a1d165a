//! `check --ticket ID`: one finding as a message to paste into the wallet's or the bank's support
//! chat, in `--lang`: whom it is for, what happened, when, how much, the card's last four digits,
//! every reference and raw error message of its rows, and what is asked of them. Plain text;
//! everything read from input is masked to a card's last four digits (always: the message goes
//! to a third party, who needs no more) and has its control characters made harmless.

use super::terminal::printable;
use super::ticket_words::{Ask, Facts, PartySide, ask_sentence, opening};
use crate::finding::{Cause, Finding, Lang, role};
use crate::institutions::{bank_name, bank_of, display_name, hotline, is_bank_code, support_channel};
use crate::ledger::Ledger;
use crate::model::{Account, Side, Transaction, last4_digits, mask_card_numbers};
use crate::report::Report;
use std::collections::HashMap;
use std::io::{self, Write};

/// Records listed one per line; a larger group ends with how many more there are (its
/// references are all listed above the records whatever their number).
const MAX_RECORDS: usize = 20;

/// The finding `id` names (case and surrounding blanks aside), or an error naming it that lists
/// the ids of the same code and says where ids are shown.
pub fn find<'a>(report: &'a Report, id: &str) -> Result<&'a Finding, String> {
    let wanted = id.trim();
    if let Some(f) = report.findings.iter().find(|f| f.id.eq_ignore_ascii_case(wanted)) {
        return match ask_for(f) {
            Some(_) => Ok(f),
            None => Err(format!(
                "{}: a {} finding is about the exported files themselves, not something support can act on",
                f.id, f.code
            )),
        };
    }
    let code = wanted.split('-').next().unwrap_or_default();
    let same: Vec<&str> =
        report.findings.iter().filter(|f| f.code.eq_ignore_ascii_case(code)).map(|f| f.id.as_str()).collect();
    let near = match same.as_slice() {
        [] => String::new(),
        ids => format!(" (this audit's {} findings: {})", ids.len(), ids.join(", ")),
    };
    Err(format!(
        "--ticket {}: no finding with this id in this audit{near}; `--format csv` lists every finding's id in its first column, `--format json` as \"id\"",
        printable(wanted)
    ))
}

/// Writes the ticket for `f`, whose rows are looked up in `ledger` by file and line.
pub fn write(f: &Finding, ledger: &Ledger, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let Some(ask) = ask_for(f) else { return Ok(()) };
    let by_place: HashMap<(&str, usize), &Transaction> =
        ledger.transactions.iter().rev().map(|tx| ((&*tx.source.path, tx.source.line), tx)).collect();
    let rows: Vec<Option<&Transaction>> =
        f.evidence.iter().map(|e| by_place.get(&(e.path.as_str(), e.line)).copied()).collect();
    let txs: Vec<&Transaction> = rows.iter().flatten().copied().collect();
    let t = |en: &str, zh: &str| lang.pick(en, zh).to_string();

    let party = match ask.side() {
        PartySide::Bank => Party::Bank(bank_code(f, &txs)),
        PartySide::Wallet => Party::Wallet(provider(&txs)),
        PartySide::Account if f.account.as_deref().is_some_and(on_bank) => Party::Bank(bank_code(f, &txs)),
        PartySide::Account => Party::Wallet(provider(&txs).or_else(|| f.account.clone())),
    };
    let last4 = card_last4(f, &txs);
    let method = txs.iter().find_map(|tx| tx.method.as_deref()).map(clean);
    let attempts = f
        .evidence
        .iter()
        .filter(|e| e.role == role::ATTEMPT.as_str() || e.role == role::FAILED_ATTEMPT.as_str())
        .count();
    let facts = Facts {
        lang,
        wallet: wallet_name(provider(&txs).as_deref(), lang),
        account: match &party {
            Party::Bank(_) => card_phrase(last4.as_deref(), lang),
            Party::Wallet(p) => t("my ", "我的") + &wallet_name(p.as_deref(), lang) + &t(" account", "账户"),
        },
        card: card_phrase(last4.as_deref(), lang),
        amount: f
            .amount
            .map(|a| format!("{a} {}", f.currency.as_deref().map(clean).unwrap_or_default()).trim().to_string()),
        when: when(f, &txs),
        attempts: attempts.max(1),
        rows: f.evidence.len(),
        title: clean(&f.title),
        code: f.code,
    };

    writeln!(out, "{}", party.address(lang))?;
    writeln!(out)?;
    writeln!(out, "{}", t("Hello,", "您好！"))?;
    writeln!(out)?;
    writeln!(out, "{}", opening(ask, &facts))?;
    writeln!(out)?;
    writeln!(out, "{}", t("Details:", "详细信息："))?;
    let zone = f.start.map(|s| lang.pick(format!(" (UTC{})", s.format("%:z")), format!("（UTC{}）", s.format("%:z"))));
    let zone = zone.unwrap_or_default();
    writeln!(out, "- {}{}{zone}", t("Time: ", "时间："), facts.when)?;
    if let Some(amount) = &facts.amount {
        let n = facts.attempts;
        let group =
            if n > 1 { lang.pick(format!(" in {n} attempts"), format!("（共 {n} 笔）")) } else { String::new() };
        writeln!(out, "- {}{amount}{group}", t("Amount: ", "金额："))?;
    }
    if let Some(d) = &last4 {
        let label = match &method {
            Some(m) => lang.pick(format!("ending {d} ({m})"), format!("尾号 {d}（{m}）")),
            None => lang.pick(format!("ending {d}"), format!("尾号 {d}")),
        };
        writeln!(out, "- {}{label}", t("Card: ", "银行卡："))?;
    }
    let errors = error_messages(&txs, lang);
    let none = t("none recorded", "无记录");
    let listed = if errors.is_empty() { none.clone() } else { errors.join(lang.pick("; ", "；")) };
    writeln!(out, "- {}{listed}", t("Error messages: ", "错误信息："))?;
    let mut references: Vec<String> = Vec::new();
    for r in f.evidence.iter().filter_map(|e| e.reference.as_deref()).map(clean) {
        if !references.contains(&r) {
            references.push(r);
        }
    }
    let listed = if references.is_empty() { none } else { references.join(", ") };
    writeln!(out, "- {}{listed}", t("References: ", "交易单号："))?;
    writeln!(out, "- {}", t("Records:", "相关记录："))?;
    let records: Vec<String> = f
        .evidence
        .iter()
        .zip(&rows)
        .filter_map(|(e, tx)| record(&e.role, *tx, e.reference.as_deref(), ask, lang))
        .collect();
    for (i, line) in records.iter().take(MAX_RECORDS).enumerate() {
        writeln!(out, "  {}. {line}", i + 1)?;
    }
    if records.len() > MAX_RECORDS {
        let more = records.len() - MAX_RECORDS;
        writeln!(out, "  {}", lang.pick(format!("… and {more} more"), format!("……另有 {more} 条")))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", ask_sentence(ask, &facts))?;
    writeln!(
        out,
        "{}",
        t("Please reply with a case number so that I can follow up. Thank you.", "请告知受理编号，以便我跟进。谢谢！")
    )?;
    Ok(())
}

/// What is asked, by code and cause; `None` for findings about the exports themselves
/// (unreadable rows, rows repeated across exports): nobody outside can help with those.
fn ask_for(f: &Finding) -> Option<Ask> {
    let by_cause = |none: Ask| match f.cause {
        Some(Cause::CardLocked) => Ask::Unblock,
        Some(Cause::CardExpired) => Ask::Replace,
        Some(Cause::BankLimit) => Ask::RaiseLimit,
        Some(Cause::CardBinding) => Ask::Relink,
        Some(Cause::IdentityVerification) => Ask::Verification,
        Some(Cause::RiskDeclined) => Ask::ReviewRisk,
        Some(Cause::InsufficientFunds) => Ask::ConfirmBalance,
        Some(Cause::Network | Cause::WalletSystem) => Ask::ConfirmNoCharge,
        Some(Cause::Unknown) => Ask::Explain,
        None => none,
    };
    Some(match f.code {
        "R001" => Ask::TraceAndCredit,
        "R002" => Ask::RefundDuplicate,
        "R003" => Ask::Dispute,
        "R004" => Ask::ConfirmFunding,
        "R005" => Ask::Refund,
        "R006" => Ask::FinalStatus,
        "R007" if f.at_risk.is_some() => Ask::RefundDifference,
        "D001" | "D004" => return None,
        "P003" => by_cause(Ask::CardFailing),
        "P002" | "P004" => Ask::ConfirmNoCharge,
        c if c.starts_with('D') => Ask::FullStatement,
        c if c.starts_with('S') => Ask::Suspicious,
        _ => by_cause(Ask::Explain),
    })
}

enum Party {
    /// The provider (`wechat`, or a mapping's own name), when known.
    Wallet(Option<String>),
    Bank(Option<String>),
}

impl Party {
    /// `To: WeChat Pay customer service (95017)` / `致：微信支付客服（95017）`.
    fn address(&self, lang: Lang) -> String {
        let (name, phone) = match self {
            Party::Wallet(Some(p)) => (clean(display_name(p, lang == Lang::Zh)), hotline(p)),
            Party::Bank(Some(b)) => (bank_name(b, lang == Lang::Zh), hotline(b)),
            Party::Wallet(None) => (lang.pick("the wallet's", "钱包").to_string(), None),
            Party::Bank(None) => (lang.pick("the issuing bank's", "发卡行").to_string(), None),
        };
        let code = match self {
            Party::Wallet(p) | Party::Bank(p) => p.as_deref(),
        };
        if let (None, Some((en, zh))) = (phone, code.and_then(support_channel)) {
            return lang.pick(format!("To: {en}"), format!("致：{zh}"));
        }
        match (lang, phone) {
            (Lang::En, Some(p)) => format!("To: {name} customer service ({p})"),
            (Lang::En, None) => format!("To: {name} customer service"),
            (Lang::Zh, Some(p)) => format!("致：{name}客服（{p}）"),
            (Lang::Zh, None) => format!("致：{name}客服"),
        }
    }
}

/// Whether an account label is a bank's statement (`icbc:4321`), not a wallet's.
fn on_bank(account: &str) -> bool {
    is_bank_code(Account::parse(account).institution)
}

/// The bank: the finding's account (`icbc:4321`), else a bank row's, else the bank a funding
/// method or the account names (`工商银行(4321)`).
fn bank_code(f: &Finding, txs: &[&Transaction]) -> Option<String> {
    let account = f.account.as_deref().filter(|a| on_bank(a));
    let bank_row = || txs.iter().find(|tx| tx.side == Side::Bank && on_bank(&tx.account)).map(|tx| tx.account.as_str());
    if let Some(a) = account.or_else(bank_row) {
        return Some(Account::parse(a).institution.to_string());
    }
    let named = txs.iter().filter_map(|tx| tx.method.as_deref()).chain(f.account.as_deref());
    named.filter_map(bank_of).next().map(str::to_string)
}

/// The wallet: a wallet or attempt row's provider first (a bank row names it only as a
/// counterparty), else any row's.
fn provider(txs: &[&Transaction]) -> Option<String> {
    let own = txs.iter().filter(|tx| tx.side != Side::Bank).find_map(|tx| tx.provider.clone());
    own.or_else(|| txs.iter().find_map(|tx| tx.provider.clone()))
}

fn wallet_name(provider: Option<&str>, lang: Lang) -> String {
    match provider {
        Some(p) => clean(display_name(p, lang == Lang::Zh)),
        None => lang.pick("the wallet", "钱包").to_string(),
    }
}

/// The card's last four digits: the finding's account (`icbc:4321`), else a row's card, else
/// the digits of a funding method.
fn card_last4(f: &Finding, txs: &[&Transaction]) -> Option<String> {
    let digits = |d: &str| d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit());
    if let Some(d) = f.account.as_deref().and_then(|a| Account::parse(a).card).filter(|d| digits(d)) {
        return Some(d.to_string());
    }
    let card = txs.iter().filter_map(|tx| tx.card_last4.as_deref()).find(|d| digits(d));
    card.map(str::to_string).or_else(|| txs.iter().filter_map(|tx| tx.method.as_deref()).find_map(last4_digits))
}

fn card_phrase(last4: Option<&str>, lang: Lang) -> String {
    match last4 {
        Some(d) => lang.pick(format!("my card ending {d}"), format!("尾号 {d} 的银行卡")),
        None => lang.pick("my card", "我的银行卡").to_string(),
    }
}

/// `2026-09-18 21:05`, or `first – last`: each end as its row states it (a date alone for a
/// date-only bank row).
fn when(f: &Finding, txs: &[&Transaction]) -> String {
    let show = |at: chrono::DateTime<chrono::FixedOffset>| {
        txs.iter()
            .find(|tx| tx.time.at == at)
            .map_or_else(|| at.format("%Y-%m-%d %H:%M").to_string(), |tx| tx.time.display())
    };
    match (f.start, f.end) {
        (Some(s), Some(e)) if show(s) != show(e) => format!("{} – {}", show(s), show(e)),
        (Some(s), _) => show(s),
        (None, _) => String::from("-"),
    }
}

/// Each distinct raw error of the rows: `"网络超时" (code 504)`.
fn error_messages(txs: &[&Transaction], lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for failure in txs.iter().filter_map(|tx| tx.failure.as_ref()) {
        let message = failure.message.as_deref().map(clean).filter(|m| !m.trim().is_empty());
        let code = failure.code.as_deref().map(clean).filter(|c| !c.trim().is_empty());
        let text = match (message, code, lang) {
            (Some(m), Some(c), Lang::En) => format!("\"{m}\" (code {c})"),
            (Some(m), Some(c), Lang::Zh) => format!("“{m}”（代码 {c}）"),
            (Some(m), None, Lang::En) => format!("\"{m}\""),
            (Some(m), None, Lang::Zh) => format!("“{m}”"),
            (None, Some(c), Lang::En) => format!("code {c}"),
            (None, Some(c), Lang::Zh) => format!("代码 {c}"),
            (None, None, _) => continue,
        };
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// One record: `bank debit: 2026-09-18, 500.00 CNY, reference TX1` (counterparty, balance,
/// device and place where they help); `None` for a row the ledger does not hold and that has
/// no reference (nothing support could look up).
fn record(token: &str, tx: Option<&Transaction>, reference: Option<&str>, ask: Ask, lang: Lang) -> Option<String> {
    let words = role::words(token).map_or_else(|| clean(token), |(en, zh)| lang.pick(en, zh).to_string());
    let mut parts: Vec<String> = Vec::new();
    if let Some(tx) = tx {
        parts.push(tx.time.display());
        parts.push(clean(&tx.money.to_string()));
        if let Some(c) = tx.counterparty.as_deref().map(clean).filter(|c| !c.trim().is_empty()) {
            parts.push(lang.pick(format!("counterparty {c}"), format!("对方 {c}")));
        }
        if let (Ask::FullStatement, Some(b)) = (ask, tx.balance) {
            parts.push(lang.pick(format!("balance {b}"), format!("余额 {b}")));
        }
        if let Ask::Suspicious = ask {
            for (en, zh, value) in [("device", "设备", &tx.device), ("place", "地点", &tx.location)] {
                if let Some(v) = value.as_deref().map(clean).filter(|v| !v.trim().is_empty()) {
                    parts.push(format!("{} {v}", lang.pick(en, zh)));
                }
            }
        }
    } else if reference.is_none() {
        return None;
    }
    if let Some(r) = reference {
        parts.push(lang.pick(format!("reference {}", clean(r)), format!("单号 {}", clean(r))));
    }
    Some(format!("{words}{}{}", lang.pick(": ", "："), parts.join(lang.pick(", ", "，"))))
}

/// Text from input as the ticket shows it: card numbers masked, control characters harmless,
/// on one line.
fn clean(text: &str) -> String {
    printable(&mask_card_numbers(text)).replace('\n', " ")
}
