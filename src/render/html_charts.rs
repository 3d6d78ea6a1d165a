//! The pictures of `--format html`, from what the report carries: failed top-ups by hour of
//! day with the peak hours shaded, failures by cause and by card, money at risk over time, and
//! each card's reconciliation as a timeline. This file chooses and translates; `svg` draws.

use super::html_text::{Words, escape, moment};
use super::svg::{self, Bar, Lanes, Step, TimeAxis};
use crate::model::{Cause, Status, format_amount};
use crate::report::{CardEvent, EventKind, Report};
use chrono::{DateTime, FixedOffset};
use std::collections::BTreeMap;

pub(super) fn charts(report: &Report, w: Words) -> String {
    let mut html = String::new();
    html.push_str(&hours(report, w));
    html.push_str(&causes(report, w));
    html.push_str(&cards(report, w));
    if let Some(axis) = time_axis(report) {
        html.push_str(&risk(report, axis, w));
        html.push_str(&timelines(report, axis, w));
    }
    html
}

fn figure(heading: &str, svg: &str, caption: &str) -> String {
    let caption =
        if caption.is_empty() { String::new() } else { format!("<figcaption class=\"note\">{caption}</figcaption>") };
    format!("<figure><h3>{}</h3>{svg}{caption}</figure>", escape(heading))
}

fn hours(report: &Report, w: Words) -> String {
    let f = &report.summary.failures;
    let title = w.tr("Failed top-ups by hour of day", "各时段充值失败次数");
    if f.by_hour.iter().all(|h| h.failed == 0) {
        return figure(title, "", w.tr("No top-up failed at a known time.", "没有已知时间的失败充值。"));
    }
    let mut counts = [0usize; 24];
    for h in &f.by_hour {
        if let Some(c) = counts.get_mut(h.hour as usize) {
            *c = h.failed;
        }
    }
    // The spans as configured; where a label cannot be read, the whole hours the report marks.
    let mut spans: Vec<(u32, u32)> = f.peak_hours.iter().filter_map(|l| peak_span(l)).collect();
    if spans.len() != f.peak_hours.len() {
        spans = f.by_hour.iter().filter(|h| h.peak).map(|h| (h.hour * 60, h.hour * 60 + 60)).collect();
    }
    let peaks = f.peak_hours.join(", ");
    let peak_label = if w.zh { format!("高峰时段 {peaks}") } else { format!("peak hours {peaks}") };
    let note = match (f.untimed, w.zh) {
        (0, _) => String::new(),
        (n, true) => format!("另有 {n} 次失败只有日期，未计入"),
        (n, false) => format!("{n} more failures known only by date are not shown"),
    };
    let svg = svg::hours(title, &counts, &spans, &peak_label, &note);
    let total: usize = counts.iter().sum();
    let caption = if w.zh {
        format!("共 {total} 次失败，按充值发起时的当地时间统计；阴影为高峰时段。")
    } else {
        format!("{total} failed top-ups by the local hour they were made; the shading marks the peak hours.")
    };
    figure(title, &svg, &caption)
}

/// `HH:MM-HH:MM` as minutes of the day.
fn peak_span(label: &str) -> Option<(u32, u32)> {
    let minutes = |t: &str| {
        let (h, m) = t.trim().split_once(':')?;
        let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        (h <= 24 && m < 60).then_some((h * 60 + m).min(1440))
    };
    let (from, to) = label.split_once('-')?;
    Some((minutes(from)?, minutes(to)?))
}

fn causes(report: &Report, w: Words) -> String {
    let title = w.tr("Failures by cause", "按原因统计的失败");
    let rows: Vec<Bar> = report
        .summary
        .failures
        .by_cause
        .iter()
        .map(|c| {
            let attempted: Vec<String> = c.attempted.iter().map(|a| format!("{} {}", a.amount, a.currency)).collect();
            let note = format!("({}{})", w.tr("attempted ", "尝试金额 "), attempted.join(", "));
            Bar { label: cause_label(c.cause, w).to_string(), value: c.count, note }
        })
        .collect();
    if rows.is_empty() {
        return figure(title, "", w.tr("No top-up failed.", "没有失败的充值。"));
    }
    let caption = w.tr(
        "The amounts are what the failed top-ups tried to move, not money lost.",
        "金额为失败充值尝试转入的金额，并非损失。",
    );
    figure(title, &svg::bars(title, &rows, "causes"), caption)
}

fn cards(report: &Report, w: Words) -> String {
    let title = w.tr("Failures by card", "按银行卡统计的失败");
    let mut rows: Vec<Bar> = report
        .cards
        .iter()
        .filter_map(|c| {
            let top_ups: Vec<&CardEvent> = c.events.iter().filter(|e| e.kind == EventKind::TopUp).collect();
            let failed = top_ups.iter().filter(|e| e.status == Status::Failed).count();
            let note = if w.zh {
                format!("/ 共 {} 次充值", top_ups.len())
            } else {
                format!("of {} top-ups", top_ups.len())
            };
            (!top_ups.is_empty()).then(|| Bar { label: c.card.clone(), value: failed, note })
        })
        .collect();
    rows.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.label.cmp(&b.label)));
    if rows.is_empty() {
        return figure(title, "", w.tr("No top-ups.", "没有充值记录。"));
    }
    figure(title, &svg::bars(title, &rows, "cards"), "")
}

/// From the earliest coverage of any input to the report's "now" (the latest coverage).
fn time_axis(report: &Report) -> Option<TimeAxis> {
    let from = report.inputs.iter().filter_map(|i| i.coverage.map(|c| c.from));
    let events = report.cards.iter().flat_map(|c| c.events.iter().map(|e| e.at));
    let starts = report.findings.iter().filter_map(|f| f.start);
    let all: Vec<DateTime<FixedOffset>> = from.chain(events).chain(starts).collect();
    let from = all.iter().min().copied()?;
    let to = all.iter().max().copied().unwrap_or(from).max(report.now);
    (to > from).then_some(TimeAxis { from, to })
}

fn risk(report: &Report, axis: TimeAxis, w: Words) -> String {
    let title = w.tr("Money at risk over time", "风险金额随时间累计");
    let mut by_currency: BTreeMap<&str, Vec<Step>> = BTreeMap::new();
    let mut untimed = 0;
    for f in &report.findings {
        let Some(m) = &f.at_risk else { continue };
        let Some(at) = f.start else {
            untimed += 1;
            continue;
        };
        let amount = format!("{} {}", format_amount(m.amount), m.currency);
        by_currency.entry(m.currency.as_str()).or_default().push(Step {
            at,
            amount: m.amount,
            label: format!("{} {}", f.code, format_amount(m.amount)),
            tip: format!("{} · {} · {amount} · {}", f.id, moment(at), f.title),
        });
    }
    if by_currency.is_empty() {
        return figure(title, "", w.tr("No finding puts money at risk.", "没有涉及风险金额的问题。"));
    }
    let mut html = String::new();
    for (currency, mut steps) in by_currency {
        steps.sort_by_key(|s| s.at);
        let heading = format!("{title} ({currency})");
        let mut caption = w
            .tr(
                "Each step is a finding's money at risk, at the time the finding starts.",
                "每一级台阶是一个问题的风险金额，记在该问题开始的时间。",
            )
            .to_string();
        if untimed > 0 {
            caption.push_str(&if w.zh {
                format!("另有 {untimed} 个问题没有时间，未画出。")
            } else {
                format!(" {untimed} findings without a time are not drawn.")
            });
        }
        html.push_str(&figure(&heading, &svg::cumulative(&heading, &steps, axis, currency), &escape(&caption)));
    }
    html
}

fn timelines(report: &Report, axis: TimeAxis, w: Words) -> String {
    if report.cards.is_empty() {
        return String::new();
    }
    let busy = if w.zh {
        format!("记录超过 {} 条：正常的行每天画一个标记，只连线问题与退款", svg::DETAIL_LIMIT)
    } else {
        format!("over {} rows: ordinary rows drawn one mark a day, only problems and refunds joined", svg::DETAIL_LIMIT)
    };
    let per_day = |n: usize, e: &CardEvent, day: chrono::NaiveDate| {
        let what = match e.kind {
            EventKind::TopUp => w.tr("top-ups credited", "笔充值成功"),
            EventKind::Payment => w.tr("wallet payments", "笔钱包消费"),
            EventKind::Debit | EventKind::Refund => w.tr("bank debits matched", "笔已匹配的银行扣款"),
        };
        if w.zh { format!("{day}：{n} {what}") } else { format!("{day}: {n} {what}") }
    };
    let lanes = Lanes {
        wallet: w.tr("wallet", "钱包"),
        debits: w.tr("bank debits", "银行扣款"),
        refunds: w.tr("refunds", "退款"),
        no_statement: w
            .tr("no statement of this card was given: its debits are not checked", "未提供此卡的银行账单：扣款未核对"),
        busy: &busy,
        per_day: &per_day,
    };
    let key: [(&str, &str, &str); 9] = [
        ("circle", "top-up ok", w.tr("top-up credited", "充值成功")),
        ("cross", "top-up failed", w.tr("top-up failed", "充值失败")),
        ("circle", "top-up pending", w.tr("pending", "处理中")),
        ("circle", "top-up problem", w.tr("credited, no debit found", "已到账但未找到扣款")),
        ("diamond", "payment", w.tr("wallet payment from the card", "由此卡支付的消费")),
        ("square", "debit", w.tr("bank debit", "银行扣款")),
        ("square", "debit problem", w.tr("debit for nothing, or not refunded", "无对应充值或未退款的扣款")),
        ("square", "debit unchecked", w.tr("debit no wallet export covers", "钱包账单未覆盖的扣款")),
        ("triangle", "refund", w.tr("refund", "退款")),
    ];
    let mut html = format!("<h3>{}</h3><div class=\"key\">", w.tr("Reconciliation of each card", "各银行卡对账时间线"));
    for (shape, class, text) in key {
        html.push_str(&format!("<span>{}{text}</span>", svg::icon(shape, class)));
    }
    html.push_str(&format!(
        "<span><svg class=\"icon\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><rect class=\"covered\" width=\"14\" height=\"14\"/></svg>{}</span></div>",
        w.tr("period the card's statements cover", "银行账单覆盖的期间")
    ));
    let tip = |e: &CardEvent| {
        let what = match (e.kind, e.status) {
            (EventKind::TopUp, Status::Success) => w.tr("top-up credited", "充值成功"),
            (EventKind::TopUp, Status::Failed) => w.tr("top-up failed", "充值失败"),
            (EventKind::TopUp, Status::Pending) => w.tr("top-up pending", "充值处理中"),
            (EventKind::TopUp, Status::Cancelled) => w.tr("top-up cancelled", "充值已取消"),
            (EventKind::Payment, _) => w.tr("wallet payment", "钱包消费"),
            (EventKind::Debit, _) => w.tr("bank debit", "银行扣款"),
            (EventKind::Refund, _) => w.tr("refund", "退款"),
        };
        let when = if e.date_only {
            e.at.format("%Y-%m-%d").to_string()
        } else {
            e.at.format("%Y-%m-%d %H:%M:%S").to_string()
        };
        format!("{what} · {} {} · {when} · {}:{}", format_amount(e.money.amount), e.money.currency, e.path, e.line)
    };
    // The busiest card first: the one whose statement there is to reconcile, most often.
    let mut cards: Vec<_> = report.cards.iter().collect();
    cards.sort_by_key(|c| (c.coverage.is_empty(), std::cmp::Reverse(c.events.len())));
    for card in cards {
        let title =
            if w.zh { format!("{} 的对账时间线", card.card) } else { format!("Reconciliation of {}", card.card) };
        html.push_str(&format!(
            "<figure><h3>{}</h3>{}</figure>",
            escape(&card.card),
            svg::timeline(&title, card, axis, &lanes, &tip)
        ));
    }
    html
}

fn cause_label(c: Cause, w: Words) -> &'static str {
    let (en, zh) = match c {
        Cause::InsufficientFunds => ("insufficient funds", "余额不足"),
        Cause::CardLocked => ("card locked", "卡片冻结或挂失"),
        Cause::CardExpired => ("card expired", "卡片过期或损坏"),
        Cause::CardBinding => ("card binding wrong", "绑卡信息有误"),
        Cause::BankLimit => ("bank limit", "超出银行限额"),
        Cause::IdentityVerification => ("identity verification", "身份验证失败"),
        Cause::Network => ("network", "网络问题"),
        Cause::WalletSystem => ("wallet or bank system", "钱包或银行系统错误"),
        Cause::RiskDeclined => ("risk declined", "风控拦截"),
        Cause::Unknown => ("unclassified", "未识别"),
    };
    w.tr(en, zh)
}

#[cfg(test)]
mod tests {
    use super::peak_span;

    #[test]
    fn peak_labels_read_as_minutes() {
        assert_eq!(peak_span("11:30-13:30"), Some((690, 810)));
        assert_eq!(peak_span("22:00-01:00"), Some((1320, 60)));
        assert_eq!(peak_span("evening"), None);
    }
}
