//! Shared logic of the F rules: failed top-ups of one cause, grouped by funding method, each
//! group one finding that lists its attempts as evidence (DESIGN.md §3).
//!
//! Each F rule file supplies its cause's `Wording`: a title and 2–3 advice templates in both
//! languages, filled here with the card, attempts, times, raw errors and wallet of the group.

use super::describe::{bank_contact, wallet, wallet_support};
use super::identity;
use super::{Context, Rule};
use crate::finding::{Cause, Finding, role};
use crate::model::{FailureInfo, Money, Status, mask_card_numbers};
use crate::reconcile::{Inference, TopUp};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// How one cause is worded. Advice templates may use `{card}` (the funding method as the
/// wallet shows it), `{bank}` (`ICBC (95588)`, or "the issuing bank"), `{wallet}` (`Alipay`),
/// `{support}` (`Alipay customer service (95188)`), `{attempts}` (`2 attempts of 500.00 CNY`),
/// `{times}` (`on 2026-03-04 at 21:13 and 21:15`), `{raw}` (the errors as recorded) and
/// `{details}` (time, amount and order number of each attempt, to quote to support).
pub struct Wording {
    /// `[en, zh]`, e.g. `["Insufficient funds", "余额不足"]`.
    pub name: [&'static str; 2],
    pub advice: &'static [[&'static str; 2]],
}

/// The findings of `rule`: one per funding method (and currency) among failed top-ups of `cause`.
pub fn check(ctx: &Context, rule: &Rule, cause: Cause, wording: &Wording) -> Vec<Finding> {
    let mut groups: BTreeMap<(String, String), Vec<&TopUp>> = BTreeMap::new();
    for t in ctx.recon.top_ups.iter().filter(|t| t.status == Status::Failed && cause_of(ctx, t) == cause) {
        groups.entry((t.method_label(), t.money.currency.clone())).or_default().push(t);
    }
    groups
        .into_iter()
        .filter_map(|((label, currency), mut group)| {
            // Time order; at one instant, by identity rather than by the files' order.
            group.sort_by_cached_key(|t| (t.time.at, identity::top_up(ctx, t)));
            // Identity (DESIGN.md §7): cause, funding method and the earliest attempt, so that
            // one more failure joining the group keeps its id.
            let keys = identity::top_up_group(ctx, &[cause.as_str(), &label, &currency], &group)?;
            finding(ctx, rule, (cause, wording), (&echo(ctx, &label), &currency), &group, &keys)
        })
        .collect()
}

/// Text echoed from input, card numbers masked unless `--show-pii`.
fn echo(ctx: &Context, text: &str) -> String {
    if ctx.show_pii { text.to_string() } else { mask_card_numbers(text) }
}

/// The cause the reconciler classified (or inferred), or classify it here with the run's classifier.
fn cause_of(ctx: &Context, t: &TopUp) -> Cause {
    t.cause.unwrap_or_else(|| ctx.settings.classifier.classify(t.failure.as_ref().unwrap_or(&FailureInfo::default())))
}

fn finding(
    ctx: &Context,
    rule: &Rule,
    (cause, wording): (Cause, &Wording),
    (label, currency): (&str, &str),
    group: &[&TopUp],
    keys: &[String],
) -> Option<Finding> {
    let total = Money::new(group.iter().fold(Decimal::ZERO, |sum, t| sum.saturating_add(t.money.amount)), currency);
    let n = group.len();
    let (raw, times) = (raw_errors(ctx, group), times(ctx, group));
    let title = ctx.t(
        format!("{}: {n} failed top-up{} with {label}", wording.name[0], if n == 1 { "" } else { "s" }),
        format!("{}：{label}充值失败 {n} 次", wording.name[1]),
    );
    let message = ctx.t(
        match n {
            1 => format!("A top-up of {total} funded by {label} failed {times}; recorded error: {raw}."),
            _ => {
                format!("{n} top-up attempts funded by {label} failed {times}, {total} in all; recorded error: {raw}.")
            }
        },
        format!("{label}有 {n} 笔充值失败（{times}），涉及金额 {total}；失败原因：{raw}。"),
    );
    let message = message + &inferred(ctx, group);
    let values = placeholders(ctx, group, label, &total, times, raw);
    let advice = wording.advice.iter().map(|a| fill(ctx.lang.pick(a[0], a[1]), &values));
    let mut f = Finding::new(rule, keys, title, message).cause(cause).with_money(&total).advice(advice);
    for t in group {
        f = f.spanning(ctx.txs(t.rows()));
        for a in ctx.txs(t.attempt) {
            f = f.evidence(a, role::FAILED_ATTEMPT);
        }
        for w in ctx.txs(t.wallet) {
            f = f.evidence(w, role::FAILED_WALLET_TOP_UP);
        }
    }
    for tx in ctx.txs(group.iter().filter_map(|t| balance_row(t))) {
        f = f.evidence(tx, role::BALANCE_BEFORE);
    }
    f.cause_inferred = group.iter().any(|t| t.cause_inferred);
    let card = group.iter().find_map(|t| t.card_account());
    Some(f.account(card.unwrap_or_else(|| label.to_string())))
}

/// The statement row an inferred balance was read from.
fn balance_row(t: &TopUp) -> Option<usize> {
    match t.inferred_from {
        Some(Inference::Balance { row, .. }) => Some(row),
        _ => None,
    }
}

/// `Cause inferred (no error was recorded): at 21:13, 500.00 CNY exceeded the card's balance
/// of 320.15 CNY on 2026-09-07.`, attempts with the same reason together; empty when no
/// attempt of the group had its cause inferred.
fn inferred(ctx: &Context, group: &[&TopUp]) -> String {
    let mut reasons: Vec<(String, Vec<String>)> = Vec::new();
    for t in group.iter().filter(|t| t.cause_inferred) {
        let Some(from) = &t.inferred_from else { continue };
        let Some(reason) = reason(ctx, t, from) else { continue };
        match reasons.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, times)) => times.push(t.time.display()),
            None => reasons.push((reason, vec![t.time.display()])),
        }
    }
    if reasons.is_empty() {
        return String::new();
    }
    let items = reasons.iter().map(|(reason, times)| {
        ctx.t(format!("at {}, {reason}", times.join(" and ")), format!("{}，{reason}", times.join("、")))
    });
    let items: Vec<String> = items.collect();
    ctx.t(
        format!(" Cause inferred (no error was recorded): {}.", items.join("; ")),
        format!("原因为推断（未记录错误）：{}。", items.join("；")),
    )
}

/// Why one attempt's cause was inferred, in the finding's language.
fn reason(ctx: &Context, t: &TopUp, from: &Inference) -> Option<String> {
    let amount = &t.money;
    Some(match from {
        Inference::Balance { balance, row, before_row } => {
            let balance = Money::new(*balance, amount.currency.as_str());
            let day = ctx.tx(*row)?.time.display();
            match before_row {
                false => ctx.t(
                    format!("{amount} exceeded the card's balance of {balance} on {day}"),
                    format!("{amount} 超过了该卡 {day} 的余额 {balance}"),
                ),
                true => ctx.t(
                    format!("{amount} exceeded the card's balance of {balance} before its first entry on {day}"),
                    format!("{amount} 超过了该卡 {day} 首笔交易前的余额 {balance}"),
                ),
            }
        }
        Inference::Outage { methods, from, to } => {
            let methods: Vec<String> = methods.iter().map(|m| echo(ctx, m)).collect();
            let span = format!("{}–{}", from.format("%H:%M"), to.format("%H:%M"));
            let minutes = crate::reconcile::infer::OUTAGE_MINUTES;
            ctx.t(
                format!(
                    "{} also failed without an error within {minutes} minutes ({span}): a wallet or bank outage",
                    methods.join(", ")
                ),
                format!("{minutes} 分钟内{}也失败且未记录错误（{span}），应是钱包或银行系统故障", methods.join("、")),
            )
        }
        Inference::CardStopped { last_success, failures } => {
            let day = last_success.at.format("%Y-%m-%d");
            ctx.t(
                format!(
                    "top-ups from this card succeeded until {day} and have all failed since ({failures} attempts): the card has probably expired, or may equally be locked"
                ),
                format!("该卡的充值在 {day} 之前均成功，此后 {failures} 笔全部失败：卡片可能已过期，也可能已被冻结"),
            )
        }
    })
}

/// The values of the advice templates' placeholders (see `Wording`).
fn placeholders(
    ctx: &Context,
    group: &[&TopUp],
    label: &str,
    total: &Money,
    times: String,
    raw: String,
) -> [(&'static str, String); 8] {
    let first = group.first().and_then(|t| t.provider.as_deref());
    let provider = first.filter(|p| group.iter().all(|t| t.provider.as_deref() == Some(p)));
    let wallet = wallet(ctx, provider);
    let support = wallet_support(ctx, provider);
    let bank = bank_contact(ctx, group.iter().find_map(|t| t.bank));
    [
        ("card", label.to_string()),
        ("bank", bank),
        ("wallet", wallet),
        ("support", support),
        ("attempts", attempts(ctx, group, total)),
        ("times", times),
        ("raw", raw),
        ("details", details(ctx, group)),
    ]
}

/// Fills `{name}` placeholders in one pass, so values are never read as templates.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        let value = close.and_then(|c| values.iter().find(|(k, _)| *k == &after[..c]));
        match (close, value) {
            (Some(c), Some((_, v))) => {
                out.push_str(v);
                rest = &after[c + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `on 2026-03-04 at 21:13 and 21:15` / `2026-03-04 21:13、21:15`; a span beyond four attempts.
fn times(ctx: &Context, group: &[&TopUp]) -> String {
    let full: Vec<String> = group.iter().map(|t| t.time.display()).collect();
    if let (true, Some(first), Some(last)) = (full.len() > 4, full.first(), full.last()) {
        return ctx.t(format!("between {first} and {last}"), format!("{first} 至 {last} 之间"));
    }
    let split: Vec<(&str, &str)> = full.iter().filter_map(|s| s.split_once(' ')).collect();
    let day = split.first().map(|(d, _)| *d);
    let day = day.filter(|d| split.len() == full.len() && split.iter().all(|(x, _)| x == d));
    let mut items: Vec<&str> = match day {
        Some(_) => split.iter().map(|(_, hm)| *hm).collect(),
        None => full.iter().map(String::as_str).collect(),
    };
    items.dedup();
    let en = match items.split_last() {
        Some((last, init)) if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => items.concat(),
    };
    match day {
        Some(d) => ctx.t(format!("on {d} at {en}"), format!("{d} {}", items.join("、"))),
        None => ctx.t(format!("at {en}"), items.join("、")),
    }
}

/// `2 attempts of 500.00 CNY`, or `3 attempts totalling 1200.00 CNY` when amounts differ.
fn attempts(ctx: &Context, group: &[&TopUp], total: &Money) -> String {
    let n = group.len();
    match group.first().map(|t| &t.money) {
        Some(one) if group.iter().all(|t| t.money == *one) => {
            ctx.t(format!("{n} attempt{} of {one}", if n == 1 { "" } else { "s" }), format!("{n} 笔 {one} 的充值"))
        }
        _ => ctx.t(format!("{n} attempts totalling {total}"), format!("{n} 笔共计 {total} 的充值")),
    }
}

/// The errors as recorded, deduplicated, at most three: `'余额不足' (51)`.
fn raw_errors(ctx: &Context, group: &[&TopUp]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for t in group {
        let failure = t.failure.clone().or_else(|| ctx.txs(t.rows()).find_map(|tx| tx.failure.clone()));
        let (code, message) = failure.map(|f| (f.code, f.message.map(|m| echo(ctx, &m)))).unwrap_or_default();
        let text = match (message.filter(|m| !m.trim().is_empty()), code.filter(|c| !c.trim().is_empty())) {
            (Some(m), Some(c)) => ctx.t(format!("'{m}' ({c})"), format!("“{m}”（{c}）")),
            (Some(m), None) => ctx.t(format!("'{m}'"), format!("“{m}”")),
            (None, Some(c)) => ctx.t(format!("code {c}"), format!("错误码 {c}")),
            (None, None) => ctx.t("no error code or message".into(), "未记录".into()),
        };
        if !seen.contains(&text) {
            seen.push(text);
        }
    }
    seen.truncate(3);
    seen.join(ctx.lang.pick(", ", "、"))
}

/// What to quote to support: `2026-03-04 21:13, 500.00 CNY, order TX1` per attempt, at most three.
fn details(ctx: &Context, group: &[&TopUp]) -> String {
    let mut items: Vec<String> = group
        .iter()
        .take(3)
        .map(|t| {
            let time = t.time.display();
            let mut item = ctx.t(format!("{time}, {}", t.money), format!("{time}，{}", t.money));
            if let Some(r) = &t.reference {
                item.push_str(&ctx.t(format!(", order number {r}"), format!("，订单号 {r}")));
            }
            item
        })
        .collect();
    if group.len() > 3 {
        items.push(ctx.t(format!("and {} more", group.len() - 3), format!("另有 {} 笔", group.len() - 3)));
    }
    items.join(ctx.lang.pick("; ", "；"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Lang;
    use crate::ledger::Ledger;
    use crate::model::{Direction, Kind, Precision, Side, SourceRef, Timestamp, Transaction};
    use crate::reconcile::{Reconciliation, Settings};
    use crate::rules::{f001_insufficient_funds as f001, f002_card_locked as f002, f010_unclassified_failure as f010};

    const ICBC: &str = "工商银行(9876)";
    const CMB: &str = "招商银行(1234)";

    /// A failed attempt-log row at `2026-03-04 HH:MM` (+08:00), line `line` of `path`.
    fn row(path: &str, line: usize, hm: &str, amount: &str, method: &str, code: &str, message: &str) -> Transaction {
        let at = chrono::DateTime::parse_from_rfc3339(&format!("2026-03-04T{hm}:05+08:00")).unwrap();
        let time = Timestamp { at, precision: Precision::Second };
        let source = SourceRef { path: path.into(), line };
        let money = Money::cny(amount.parse().unwrap());
        let mut tx = Transaction::new(source, Side::Attempts, "attempts", time, money, Direction::Out);
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        (tx.kind, tx.status, tx.method, tx.provider) = (Kind::TopUp, Status::Failed, opt(method), opt("alipay"));
        (tx.reference, tx.failure) =
            (Some(format!("T{line}")), Some(FailureInfo { code: opt(code), message: opt(message) }));
        // As the attempts adapter does: the card's digits from the method.
        tx.card_last4 = crate::model::last4_digits(method);
        tx
    }

    /// The top-up the reconciler would make of attempt row `i`, cause left to the F rules.
    fn top_up(rows: &[Transaction], i: usize) -> TopUp {
        let mut t = TopUp::from_rows(rows, Some(i), None, &Default::default()).expect("one row");
        t.cause = None;
        t.wallet_covered = true;
        t
    }

    fn run(rows: &[Transaction], edit: impl Fn(&mut [TopUp]), rule: &Rule, lang: Lang) -> Vec<Finding> {
        let mut top_ups: Vec<TopUp> = (0..rows.len()).map(|i| top_up(rows, i)).collect();
        edit(&mut top_ups);
        let ledger = Ledger { transactions: rows.to_vec(), ..Default::default() };
        let recon = Reconciliation { top_ups, ..Default::default() };
        let settings = Settings::default();
        let now = rows[0].time.at;
        let analysis = crate::analysis::Analysis::empty();
        let ctx = Context {
            ledger: &ledger,
            recon: &recon,
            analysis: &analysis,
            settings: &settings,
            now,
            lang,
            show_pii: false,
        };
        (rule.check)(&ctx)
    }

    fn two_balance_failures(path: &str) -> Vec<Transaction> {
        vec![
            row(path, 2, "21:13", "500.00", ICBC, "51", "余额不足"),
            row(path, 3, "21:15", "500.00", ICBC, "51", "余额不足"),
        ]
    }

    #[test]
    fn same_cause_same_card_is_one_finding_with_every_attempt() {
        let found = run(&two_balance_failures("a.csv"), |_| {}, &f001::RULE, Lang::En);
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(
            (f.code, f.severity, f.cause),
            ("F001", crate::finding::Severity::Low, Some(Cause::InsufficientFunds))
        );
        assert_eq!(
            f.evidence.iter().map(|e| (e.line, e.role.as_str())).collect::<Vec<_>>(),
            [(2, "failed-attempt"), (3, "failed-attempt")]
        );
        assert_eq!((f.amount, f.currency.as_deref()), (Some("1000.00".parse().unwrap()), Some("CNY")));
        assert_eq!(f.account.as_deref(), Some("icbc:9876"));
        assert_eq!(f.start.map(|t| t.to_rfc3339()).as_deref(), Some("2026-03-04T21:13:05+08:00"));
        assert_eq!(f.end.map(|t| t.to_rfc3339()).as_deref(), Some("2026-03-04T21:15:05+08:00"));
        assert_eq!(f.title, "Insufficient funds: 2 failed top-ups with 工商银行(9876)");
        assert_eq!(
            f.message,
            "2 top-up attempts funded by 工商银行(9876) failed on 2026-03-04 at 21:13 and 21:15, 1000.00 CNY in all; recorded error: '余额不足' (51)."
        );
        assert_eq!(
            f.advice,
            [
                "Make sure 工商银行(9876) has enough money before retrying: 2 attempts of 500.00 CNY failed on 2026-03-04 at 21:13 and 21:15 with '余额不足' (51).",
                "If 工商银行(9876) is a credit card, check its available credit; otherwise top up from another card, or pay with your balance in Alipay.",
            ]
        );
    }

    #[test]
    fn same_cause_on_two_cards_is_two_findings() {
        let rows = [
            row("a.csv", 2, "21:13", "500.00", ICBC, "51", ""),
            row("a.csv", 3, "21:20", "300.00", CMB, "", "余额不足"),
        ];
        let found = run(&rows, |_| {}, &f001::RULE, Lang::En);
        let summary: Vec<_> = found
            .iter()
            .map(|f| (f.account.clone().unwrap(), f.evidence.len(), f.amount.unwrap().to_string()))
            .collect();
        assert_eq!(summary, [("icbc:9876".into(), 1, "500.00".into()), ("cmb:1234".into(), 1, "300.00".into())]);
        assert_ne!(found[0].id, found[1].id);
        assert_eq!(
            found[0].message,
            "A top-up of 500.00 CNY funded by 工商银行(9876) failed on 2026-03-04 at 21:13; recorded error: code 51."
        );
    }

    #[test]
    fn different_causes_go_to_their_own_rules_and_only_failures_count() {
        let mut ok = row("a.csv", 4, "21:30", "500.00", ICBC, "51", "余额不足");
        ok.status = Status::Success;
        let rows = [
            row("a.csv", 2, "21:13", "500.00", ICBC, "51", "余额不足"),
            row("a.csv", 3, "21:15", "200.00", ICBC, "62", "卡已冻结"),
            ok,
        ];
        let lines =
            |f: &[Finding]| f.iter().map(|f| f.evidence.iter().map(|e| e.line).collect::<Vec<_>>()).collect::<Vec<_>>();
        assert_eq!(lines(&run(&rows, |_| {}, &f001::RULE, Lang::En)), [vec![2]]);
        let locked = run(&rows, |_| {}, &f002::RULE, Lang::En);
        assert_eq!(lines(&locked), [vec![3]]);
        assert_eq!(locked[0].severity, crate::finding::Severity::High);
        assert_eq!(
            locked[0].advice[0],
            "Call the card service of ICBC (95588) about 工商银行(9876): the bank reported '卡已冻结' (62) on 2026-03-04 at 21:15; ask why the card is blocked and have it unfrozen or a new card issued."
        );
        assert!(run(&rows, |_| {}, &f010::RULE, Lang::En).is_empty());
    }

    #[test]
    fn the_reconcilers_cause_wins_and_no_error_is_unclassified() {
        let rows =
            [row("a.csv", 2, "21:13", "500.00", ICBC, "51", "余额不足"), row("a.csv", 3, "21:15", "80.00", "", "", "")];
        let network = |t: &mut [TopUp]| t[0].cause = Some(Cause::Network);
        assert!(run(&rows, network, &f001::RULE, Lang::En).is_empty());
        let bare = |t: &mut [TopUp]| t[1].failure = None;
        let unknown = run(&rows, bare, &f010::RULE, Lang::En);
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].account.as_deref(), Some("unknown funding method"));
        assert_eq!(
            unknown[0].advice[0],
            "Why 1 attempt of 80.00 CNY from unknown funding method failed on 2026-03-04 at 21:15 could not be recognised; error recorded: no error code or message."
        );
        assert_eq!(
            unknown[0].advice[1],
            "Contact Alipay customer service (95188), ask what the error means and what to do, and give them the error message and these details: 2026-03-04 21:15, 80.00 CNY, order number T3."
        );
    }

    #[test]
    fn ids_are_stable_per_group_and_independent_of_the_file_path() {
        let first = run(&two_balance_failures("a.csv"), |_| {}, &f001::RULE, Lang::En);
        let again = run(&two_balance_failures("a.csv"), |_| {}, &f001::RULE, Lang::En);
        let moved = run(&two_balance_failures("moved/a.csv"), |_| {}, &f001::RULE, Lang::Zh);
        assert!(first[0].id.starts_with("F001-") && first[0].id.len() == "F001-".len() + 8);
        assert_eq!(first[0].id, again[0].id);
        assert_eq!(first[0].id, moved[0].id);
        // One attempt fewer (or one more) at the end: the same group, the same id.
        let one = run(&two_balance_failures("a.csv")[..1], |_| {}, &f001::RULE, Lang::En);
        assert_eq!(first[0].id, one[0].id);
        // Another first attempt, another card or currency: another group.
        let later = run(&two_balance_failures("a.csv")[1..], |_| {}, &f001::RULE, Lang::En);
        assert_ne!(first[0].id, later[0].id);
        let mut other_card = two_balance_failures("a.csv");
        other_card.iter_mut().for_each(|r| r.method = Some(CMB.into()));
        assert_ne!(first[0].id, run(&other_card, |_| {}, &f001::RULE, Lang::En)[0].id);
    }

    #[test]
    fn chinese_output() {
        let f = &run(&two_balance_failures("a.csv"), |_| {}, &f001::RULE, Lang::Zh)[0];
        assert_eq!(f.title, "余额不足：工商银行(9876)充值失败 2 次");
        assert_eq!(
            f.message,
            "工商银行(9876)有 2 笔充值失败（2026-03-04 21:13、21:15），涉及金额 1000.00 CNY；失败原因：“余额不足”（51）。"
        );
        assert_eq!(
            f.advice[0],
            "请先确保工商银行(9876)余额充足再重试。此前 2 笔 500.00 CNY 的充值失败（2026-03-04 21:13、21:15），失败原因：“余额不足”（51）。"
        );
        assert_eq!(
            f.advice[1],
            "如果工商银行(9876)是信用卡，请查看其可用额度；也可以改用其他银行卡充值，或直接用支付宝余额支付。"
        );
    }

    #[test]
    fn many_attempts_are_summarised_not_listed() {
        let rows: Vec<_> = (0..6)
            .map(|i| {
                row("a.csv", i + 2, &format!("21:1{i}"), if i == 0 { "600.00" } else { "100.00" }, CMB, "", "网络超时")
            })
            .collect();
        let f = &run(&rows, |_| {}, &crate::rules::f007_network::RULE, Lang::En)[0];
        assert_eq!(f.evidence.len(), 6);
        assert_eq!(
            f.message,
            "6 top-up attempts funded by 招商银行(1234) failed between 2026-03-04 21:10 and 2026-03-04 21:15, 1100.00 CNY in all; recorded error: '网络超时'."
        );
        assert!(f.advice[0].contains("for the 6 attempts totalling 1100.00 CNY between"), "{}", f.advice[0]);
    }

    #[test]
    fn every_f_rule_words_its_findings_fully_in_both_languages() {
        let rows =
            [row("a.csv", 2, "21:13", "500.00", ICBC, "", "x"), row("a.csv", 3, "21:15", "200.00", ICBC, "", "x")];
        for rule in crate::rules::RULES.iter().filter(|r| r.code.starts_with('F')) {
            let cause = wording_cause(rule.code);
            for lang in [Lang::En, Lang::Zh] {
                let set = |t: &mut [TopUp]| t.iter_mut().for_each(|t| t.cause = Some(cause));
                let found = run(&rows, set, rule, lang);
                assert_eq!(found.len(), 1, "{}", rule.code);
                let f = &found[0];
                assert_eq!((f.code, f.cause, f.evidence.len()), (rule.code, Some(cause), 2));
                assert!((2..=3).contains(&f.advice.len()), "{}", rule.code);
                let chinese = |t: &str| t.replace(ICBC, "").chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                for text in f.advice.iter().chain([&f.title, &f.message]) {
                    assert!(
                        !text.contains('{') && !text.contains('}'),
                        "{}: unfilled placeholder in {text}",
                        rule.code
                    );
                    assert!(lang == Lang::En || chinese(text), "{}: {text}", rule.code);
                }
                assert_eq!(
                    (chinese(&f.title), chinese(&f.message)),
                    (lang == Lang::Zh, lang == Lang::Zh),
                    "{}",
                    rule.code
                );
                assert!(f.advice.iter().any(|a| a.contains(ICBC)), "{}: advice must name the card", rule.code);
            }
        }
    }

    fn wording_cause(code: &str) -> Cause {
        Cause::ALL[code[1..].parse::<usize>().unwrap() - 1]
    }

    #[test]
    fn attempts_on_different_days_are_listed_in_full() {
        let mut rows = two_balance_failures("a.csv");
        rows[1].time = Timestamp { at: rows[1].time.at + chrono::Duration::days(1), precision: Precision::Day };
        let f = &run(&rows, |_| {}, &f001::RULE, Lang::En)[0];
        assert!(f.message.contains(" failed at 2026-03-04 21:13 and 2026-03-05, 1000.00 CNY in all"), "{}", f.message);
        let f = &run(&rows, |_| {}, &f001::RULE, Lang::Zh)[0];
        assert!(f.message.contains("充值失败（2026-03-04 21:13、2026-03-05）"), "{}", f.message);
    }

    #[test]
    fn card_numbers_echoed_from_input_are_masked() {
        let rows = [row("a.csv", 2, "21:13", "500.00", "Visa 4111111111111111", "", "card 4111111111111111 declined")];
        let f = &run(&rows, |_| {}, &f010::RULE, Lang::En)[0];
        assert_eq!(f.title, "Unclassified failure: 1 failed top-up with Visa ****1111");
        assert_eq!(f.account.as_deref(), Some("Visa ****1111"));
        assert!(f.message.ends_with("recorded error: 'card ****1111 declined'."), "{}", f.message);
        assert!(f.advice.iter().all(|a| !a.contains("4111111111111111")));
    }

    /// A date-only ICBC row of 2026-03-03 with its balance.
    fn balance_row(line: usize, balance: &str) -> Transaction {
        let at = chrono::DateTime::parse_from_rfc3339("2026-03-03T00:00:00+08:00").unwrap();
        let time = Timestamp { at, precision: Precision::Day };
        let source = SourceRef { path: "icbc.csv".into(), line };
        let mut tx = Transaction::new(
            source,
            Side::Bank,
            "icbc:9876",
            time,
            Money::cny("10.00".parse().unwrap()),
            Direction::Out,
        );
        tx.balance = Some(balance.parse().unwrap());
        tx
    }

    #[test]
    fn an_inferred_cause_is_flagged_and_explained_in_both_languages() {
        let rows = [
            row("a.csv", 2, "21:13", "500.00", ICBC, "", ""),
            row("a.csv", 3, "21:15", "300.00", ICBC, "51", ""),
            balance_row(7, "320.15"),
        ];
        let infer = |t: &mut [TopUp]| {
            t[0].cause = Some(Cause::InsufficientFunds);
            t[0].cause_inferred = true;
            t[0].inferred_from =
                Some(Inference::Balance { balance: "320.15".parse().unwrap(), row: 2, before_row: false });
        };
        let f = &run(&rows, infer, &f001::RULE, Lang::En)[0];
        assert!(f.cause_inferred);
        assert_eq!(
            f.message,
            "2 top-up attempts funded by 工商银行(9876) failed on 2026-03-04 at 21:13 and 21:15, 800.00 CNY in all; recorded error: no error code or message, code 51. Cause inferred (no error was recorded): at 2026-03-04 21:13, 500.00 CNY exceeded the card's balance of 320.15 CNY on 2026-03-03."
        );
        assert_eq!(
            f.evidence.iter().map(|e| (e.path.as_str(), e.line, e.role.as_str())).collect::<Vec<_>>(),
            [("a.csv", 2, "failed-attempt"), ("a.csv", 3, "failed-attempt"), ("icbc.csv", 7, "balance-before")]
        );
        let zh = &run(&rows, infer, &f001::RULE, Lang::Zh)[0];
        assert!(
            zh.message.ends_with(
                "原因为推断（未记录错误）：2026-03-04 21:13，500.00 CNY 超过了该卡 2026-03-03 的余额 320.15 CNY。"
            ),
            "{}",
            zh.message
        );
        let plain = &run(&rows, |_| {}, &f001::RULE, Lang::En);
        assert!(plain.iter().all(|f| !f.cause_inferred && !f.message.contains("inferred")));
    }

    #[test]
    fn attempts_inferred_for_one_reason_are_told_together() {
        let rows = [row("a.csv", 2, "21:13", "100.00", ICBC, "", ""), row("a.csv", 3, "21:15", "100.00", ICBC, "", "")];
        let last_success = Timestamp { at: rows[0].time.at - chrono::Duration::days(3), precision: Precision::Second };
        let stopped = |t: &mut [TopUp]| {
            for t in t.iter_mut() {
                (t.cause, t.cause_inferred) = (Some(Cause::CardExpired), true);
                t.inferred_from = Some(Inference::CardStopped { last_success, failures: 2 });
            }
        };
        let f = &run(&rows, stopped, &crate::rules::f003_card_expired::RULE, Lang::En)[0];
        assert!(f.cause_inferred);
        assert!(
            f.message.ends_with(" Cause inferred (no error was recorded): at 2026-03-04 21:13 and 2026-03-04 21:15, top-ups from this card succeeded until 2026-03-01 and have all failed since (2 attempts): the card has probably expired, or may equally be locked."),
            "{}",
            f.message
        );
        let (from, to) = (rows[0].time.at, rows[1].time.at);
        let outage = |t: &mut [TopUp]| {
            (t[1].cause, t[1].cause_inferred) = (Some(Cause::WalletSystem), true);
            t[1].inferred_from = Some(Inference::Outage { methods: vec![CMB.into()], from, to });
        };
        let zh = &run(&rows, outage, &crate::rules::f008_wallet_system::RULE, Lang::Zh)[0];
        assert!(
            zh.message.ends_with("原因为推断（未记录错误）：2026-03-04 21:15，15 分钟内招商银行(1234)也失败且未记录错误（21:13–21:15），应是钱包或银行系统故障。"),
            "{}",
            zh.message
        );
    }

    #[test]
    fn placeholders_are_filled_once() {
        let values = [("card", "{raw}".to_string()), ("raw", "x".to_string())];
        assert_eq!(fill("{card} / {raw} / {nope} / {", &values), "{raw} / x / {nope} / {");
    }
}
