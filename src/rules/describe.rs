//! Shared wording for reconciliation findings: how a top-up, a bank row and the people to
//! contact are named in titles, messages and advice (both languages).

use super::Context;
use crate::finding::{Finding, role};
use crate::institutions::{bank_name, display_name, hotline, support_channel};
use crate::model::{Account, Transaction};
use crate::reconcile::TopUp;

/// `WeChat Pay` / `微信支付`, or "the wallet" when unknown.
pub fn wallet(ctx: &Context, provider: Option<&str>) -> String {
    let zh = ctx.lang == crate::finding::Lang::Zh;
    match provider {
        Some(p) => display_name(p, zh).to_string(),
        None => ctx.t("the wallet".into(), "钱包".into()),
    }
}

/// `WeChat Pay customer service (95017)`, or the wallet's customer service when unknown.
pub fn wallet_support(ctx: &Context, provider: Option<&str>) -> String {
    let Some(p) = provider else {
        return ctx.t("the wallet's customer service".into(), "钱包客服".into());
    };
    let name = wallet(ctx, Some(p));
    match (hotline(p), support_channel(p)) {
        (Some(phone), _) => ctx.t(format!("{name} customer service ({phone})"), format!("{name}客服（{phone}）")),
        (None, Some((en, zh))) => ctx.t(en.to_string(), zh.to_string()),
        (None, None) => ctx.t(format!("{name} customer service"), format!("{name}客服")),
    }
}

/// A bank to call: `ICBC (95588)`, or the issuing bank when unknown.
pub fn bank_contact(ctx: &Context, bank: Option<&str>) -> String {
    let Some(b) = bank else {
        return ctx.t("the issuing bank".into(), "发卡行".into());
    };
    let name = bank_name(b, ctx.lang == crate::finding::Lang::Zh);
    match (hotline(b), support_channel(b)) {
        (Some(phone), _) => ctx.t(format!("{name} ({phone})"), format!("{name}（{phone}）")),
        // A card without a phone line (Apple Card): its own channel.
        (None, Some((en, zh))) => ctx.t(en.to_string(), zh.to_string()),
        (None, None) => name,
    }
}

/// The bank behind a statement account (`icbc:4321`): `ICBC (95588) about the card ending
/// 4321` / `工商银行（95588，尾号 4321 的卡）`.
pub fn bank_support(ctx: &Context, account: &str) -> String {
    let Account { institution, card } = Account::parse(account);
    let (Some(digits), crate::finding::Lang::Zh) = (card, ctx.lang) else {
        let contact = bank_contact(ctx, Some(institution));
        return match card {
            Some(d) => format!("{contact} about the card ending {d}"),
            None => contact,
        };
    };
    let name = bank_name(institution, true);
    match hotline(institution) {
        Some(phone) => format!("{name}（{phone}，尾号 {digits} 的卡）"),
        None => format!("{name}（尾号 {digits} 的卡）"),
    }
}

/// `the top-up of 500.00 CNY to WeChat Pay from 工商银行(4321) on 2026-09-18 21:05`.
pub fn top_up(ctx: &Context, t: &TopUp) -> String {
    let (w, m, when, money) = (wallet(ctx, t.provider.as_deref()), t.method_label(), t.time.display(), &t.money);
    ctx.t(format!("the top-up of {money} to {w} from {m} on {when}"), format!("{when} 从{m}向{w}充值的 {money}"))
}

/// The same, opening a sentence: `The top-up of 500.00 CNY to WeChat Pay …`.
pub fn top_up_sentence(ctx: &Context, t: &TopUp) -> String {
    let text = top_up(ctx, t);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// `order 4200…, error "网络超时"`: what to quote to support, as far as it is known.
pub fn particulars(ctx: &Context, t: &TopUp) -> String {
    let mut parts = vec![ctx.t(format!("time {}", t.time.display()), format!("时间 {}", t.time.display()))];
    parts.push(ctx.t(format!("amount {}", t.money), format!("金额 {}", t.money)));
    if let Some(r) = &t.reference {
        parts.push(ctx.t(format!("order number {r}"), format!("订单号 {r}")));
    }
    if let Some(f) = &t.failure {
        let raw: Vec<&str> = [f.message.as_deref(), f.code.as_deref()].into_iter().flatten().collect();
        if !raw.is_empty() {
            parts.push(ctx.t(format!("error \"{}\"", raw.join(" / ")), format!("错误信息“{}”", raw.join(" / "))));
        }
    }
    parts.join(ctx.lang.pick(", ", "，"))
}

/// `debit of 500.00 CNY on 2026-09-18 (icbc-4321-2026-09.csv line 14)`.
pub fn bank_row(ctx: &Context, tx: &Transaction) -> String {
    let (money, when, line) = (&tx.money, ctx.when(tx), tx.source.line);
    // The evidence column carries the full path; the message names the file only.
    let path = crate::model::file_name(&tx.source.path);
    let what = match tx.direction {
        crate::model::Direction::In => ctx.t("credit".into(), "入账".into()),
        _ => ctx.t("debit".into(), "扣款".into()),
    };
    ctx.t(
        format!("{what} of {money} on {when} ({path} line {line})"),
        format!("{when} 的 {money} {what}（{path} 第 {line} 行）"),
    )
}

/// A sentence for messages when the top-up's debit fitted other attempts equally well (same
/// amount, same date-only bank day): the pairing is then a guess, and the user must know.
pub fn rivals_note(ctx: &Context, t: &TopUp) -> String {
    if t.debit_rivals.is_empty() {
        return String::new();
    }
    let others: Vec<String> = ctx
        .txs(t.debit_rivals.iter().copied())
        .map(|tx| {
            let file = crate::model::file_name(&tx.source.path);
            ctx.t(
                format!("{} ({file} line {})", ctx.when(tx), tx.source.line),
                format!("{}（{file} 第 {} 行）", ctx.when(tx), tx.source.line),
            )
        })
        .collect();
    ctx.t(
        format!(
            " This debit fits the attempt at {} just as well: the statements cannot tell which top-up was charged.",
            others.join(", ")
        ),
        format!("这笔扣款与 {}的充值同样吻合，仅凭账单无法判断扣的是哪一笔。", others.join("、")),
    )
}

/// Adds the top-up's attempt and wallet rows as evidence and spans the finding over them.
pub fn with_top_up_rows(ctx: &Context, mut f: Finding, t: &TopUp) -> Finding {
    for a in ctx.txs(t.attempt) {
        f = f.evidence(a, role::ATTEMPT);
    }
    for s in ctx.txs(t.superseded.iter().copied()) {
        f = f.evidence(s, role::EARLIER_ATTEMPT_STATUS);
    }
    for w in ctx.txs(t.wallet) {
        f = f.evidence(w, role::WALLET_TOP_UP);
    }
    f.spanning(ctx.txs(t.rows()))
}
