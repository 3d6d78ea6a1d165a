//! The wording of support tickets (`render::ticket`): what each kind of request says happened
//! and what it asks, in English and Chinese, first person, as the account holder writes it.

use crate::finding::Lang;

/// What a ticket asks of support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// R001: debited, never credited, no refund.
    TraceAndCredit,
    /// R005: a failed top-up was debited.
    Refund,
    /// R002: the bank took more than once.
    RefundDuplicate,
    /// R003: a debit matching nothing of the user's.
    Dispute,
    /// R004: credited with no debit seen.
    ConfirmFunding,
    /// R006: still processing.
    FinalStatus,
    /// R007 charged more than the top-up.
    RefundDifference,
    Unblock,
    Replace,
    RaiseLimit,
    Relink,
    Verification,
    ReviewRisk,
    ConfirmBalance,
    /// Network and system failures, retry storms: was it them, and was nothing charged.
    ConfirmNoCharge,
    /// P003 without one cause: a card that keeps failing.
    CardFailing,
    /// An unrecognised failure (or anything else): what does it mean.
    Explain,
    /// S findings: the details, to tell whether the user made them.
    Suspicious,
    /// D002, D003, D005: rows missing from a statement.
    FullStatement,
}

/// Whose support an ask goes to.
pub enum PartySide {
    Wallet,
    Bank,
    /// Whoever keeps the account the finding is about.
    Account,
}

impl Ask {
    pub fn side(self) -> PartySide {
        match self {
            Ask::Dispute
            | Ask::Unblock
            | Ask::Replace
            | Ask::RaiseLimit
            | Ask::ReviewRisk
            | Ask::ConfirmBalance
            | Ask::CardFailing => PartySide::Bank,
            Ask::Suspicious | Ask::FullStatement => PartySide::Account,
            _ => PartySide::Wallet,
        }
    }
}

/// What the sentences are made of, already cleaned for output.
pub struct Facts {
    pub lang: Lang,
    /// `WeChat Pay` / `微信支付`, or "the wallet".
    pub wallet: String,
    /// The account support keeps: `my WeChat Pay account`, `my card ending 4321`.
    pub account: String,
    /// `my card ending 4321` / `尾号 4321 的银行卡`.
    pub card: String,
    /// `500.00 CNY`.
    pub amount: Option<String>,
    /// `2026-09-18 21:05`, or a span.
    pub when: String,
    /// Top-up attempts among the rows (at least 1).
    pub attempts: usize,
    /// Evidence rows.
    pub rows: usize,
    pub title: String,
    pub code: &'static str,
}

/// The sentence that says what happened.
pub fn opening(ask: Ask, f: &Facts) -> String {
    let (w, c, when, title) = (&f.wallet, &f.card, &f.when, &f.title);
    let a = f.amount.clone().unwrap_or_else(|| f.lang.pick("money", "款项").to_string());
    let (en, zh) = match ask {
        Ask::TraceAndCredit => (
            format!(
                "On {when} I topped up {a} to {w} from {c}. My bank charged the card, but the money never reached my {w} balance and has not been refunded."
            ),
            format!("我于 {when} 从{c}向{w}充值 {a}。银行卡已被扣款，但这笔钱没有进入我的{w}余额，也没有退回。"),
        ),
        Ask::Refund => (
            format!(
                "On {when} my top-up of {a} to {w} from {c} failed, but my bank charged the card. The money has not been refunded yet."
            ),
            format!("我于 {when} 从{c}向{w}充值 {a}，充值失败，但银行卡已被扣款，至今没有退款。"),
        ),
        Ask::RefundDuplicate => (
            format!("For one top-up to {w} on {when}, {c} was charged more than once: {a} too much."),
            format!("我于 {when} 向{w}充值一笔，{c}却被重复扣款，多扣了 {a}。"),
        ),
        Ask::Dispute => (
            format!("On {when}, {c} was charged {a} for {w}, and I cannot match it to any top-up or payment of mine."),
            format!("{when}，{c}被扣款 {a}（收款方为{w}），我找不到与之对应的充值或付款。"),
        ),
        Ask::ConfirmFunding => (
            format!(
                "On {when}, {w} shows a top-up of {a} from {c}, but the card's statement shows no matching charge."
            ),
            format!("{when}，{w}显示从{c}充值 {a}，但该卡的账单中没有对应的扣款。"),
        ),
        Ask::FinalStatus => (
            format!("My top-up of {a} to {w} from {c} on {when} still shows as processing."),
            format!("我于 {when} 从{c}向{w}充值 {a}，至今仍显示处理中。"),
        ),
        Ask::RefundDifference => (
            format!("For my top-up to {w} on {when}, {c} was charged {a} more than the top-up."),
            format!("我于 {when} 向{w}充值，{c}的扣款比充值金额多 {a}。"),
        ),
        Ask::Suspicious => {
            let (these, zh_these) =
                if f.rows > 1 { ("these transactions", "这些交易") } else { ("this transaction", "这笔交易") };
            (
                format!("I want to check {these} on {}: {title}.", f.account),
                format!("我想核实{}上的{zh_these}：{title}。", f.account),
            )
        }
        Ask::FullStatement => (
            format!("The statement of {} I exported seems to be incomplete: {title}.", f.account),
            format!("我导出的{}账单似乎不完整：{title}。", f.account),
        ),
        // Failures: an F group says how many and how much; a pattern (P) says what it saw.
        _ if !f.code.starts_with('F') => {
            (format!("I am writing about my top-ups to {w}: {title}."), format!("关于我向{w}的充值：{title}。"))
        }
        _ if f.attempts == 1 => (
            format!("A top-up of {a} to {w} from {c} failed on {when}."),
            format!("我于 {when} 从{c}向{w}充值 {a}，充值失败。"),
        ),
        _ => {
            let n = f.attempts;
            (
                format!("{n} top-ups to {w} from {c} failed ({when}), {a} in all."),
                format!("我从{c}向{w}充值，{when} 共有 {n} 笔失败，合计 {a}。"),
            )
        }
    };
    f.lang.pick(en, zh)
}

/// The request.
pub fn ask_sentence(ask: Ask, f: &Facts) -> String {
    let (w, c, when) = (&f.wallet, &f.card, &f.when);
    let a = f.amount.clone().unwrap_or_else(|| f.lang.pick("the money", "这笔款项").to_string());
    let (en, zh) = match ask {
        Ask::TraceAndCredit => (
            format!("Please trace this payment and credit {a} to my {w} balance, or refund it to {c}."),
            format!("请核查这笔款项，将 {a} 充入我的{w}余额，或退回{c}。"),
        ),
        Ask::Refund => (
            format!("Please refund {a} to {c} and tell me when it will arrive."),
            format!("请将 {a} 退回{c}，并告知预计到账时间。"),
        ),
        Ask::RefundDuplicate => (format!("Please refund the extra {a} to {c}."), format!("请将多扣的 {a} 退回{c}。")),
        Ask::Dispute => (
            "Please tell me which merchant or account received this payment. If I did not authorise it, I want to dispute it and have the card protected.".into(),
            "请告诉我这笔款项的收款商户或账户。如果不是我本人授权的，我要对这笔交易提出异议，并请保护该卡。".into(),
        ),
        Ask::ConfirmFunding => (
            "Please tell me how this top-up was funded and whether a charge to my card is still to come.".into(),
            "请告诉我这笔充值的资金来源，以及之后是否还会从我的银行卡扣款。".into(),
        ),
        Ask::FinalStatus => (
            "Please tell me the final status of this top-up; if my card was charged, please credit my balance or refund the card.".into(),
            "请告知这笔充值的最终状态；如果银行卡已被扣款，请为我入账或退款。".into(),
        ),
        Ask::RefundDifference => (
            format!("Please refund the difference of {a}, or tell me what fee it is."),
            format!("请退还 {a} 的差额，或说明这是什么费用。"),
        ),
        Ask::Unblock => (
            "Please tell me why the card is blocked and unblock it, or issue me a new card.".into(),
            "请告诉我该卡被冻结的原因，并为我解冻或补发新卡。".into(),
        ),
        Ask::Replace => (
            "Please tell me the card's status and issue a replacement if it has expired or is damaged.".into(),
            "请告知该卡的状态；如已过期或损坏，请为我换发新卡。".into(),
        ),
        Ask::RaiseLimit => (
            "Please tell me which limit these top-ups exceeded and how I can raise it or enable online payments.".into(),
            "请告诉我这些充值超出了哪项限额，以及如何提高限额或开通网上支付。".into(),
        ),
        Ask::Relink => (
            "Please check the card details linked to my account and help me link the card again.".into(),
            "请核对我账户绑定的银行卡信息，并协助我重新绑卡。".into(),
        ),
        Ask::Verification => (
            "Please tell me why verification failed and lift any restriction on my account.".into(),
            "请告诉我验证失败的原因，并解除我账户上的限制（如有）。".into(),
        ),
        Ask::ReviewRisk => (
            "These top-ups were mine: please review the risk-control decline and allow them.".into(),
            "这些充值是我本人操作的，请复核风控拒绝并放行。".into(),
        ),
        Ask::ConfirmBalance => (
            "Please confirm my available balance at these times and whether a hold or a limit reduced it.".into(),
            "请确认这些时间点我的可用余额，以及是否有冻结金额或限额影响。".into(),
        ),
        Ask::ConfirmNoCharge => (
            "Please tell me whether there was a problem on your side at these times, and confirm that none of these attempts charged my card more than once or without crediting my balance.".into(),
            "请告诉我这些时间是否有系统或网络故障，并确认这些充值没有重复扣款，也没有扣款却未入账。".into(),
        ),
        Ask::CardFailing => (
            "Please tell me why my card keeps failing for top-ups and what I need to do to use it again.".into(),
            "请告诉我这张卡充值屡次失败的原因，以及需要怎样做才能恢复使用。".into(),
        ),
        Ask::Explain => (
            "Please explain what these error messages mean and how I can complete the top-up.".into(),
            "请解释这些错误信息的含义，以及我怎样才能完成充值。".into(),
        ),
        Ask::Suspicious => (
            "Please give me the details (merchant, device, place) so that I can tell whether I made them, and tell me how to dispute them and protect my account if I did not.".into(),
            "请提供详细信息（商户、设备、地点），以便我确认是否本人操作；如果不是，请告诉我如何提出异议并保护我的账户。".into(),
        ),
        Ask::FullStatement => (
            format!("Please send me the complete statement for {when}."),
            format!("请为我提供 {when} 的完整账单。"),
        ),
    };
    f.lang.pick(en, zh)
}
