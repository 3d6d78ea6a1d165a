//! Planted reconciliation, failure and data incidents (R001–R007, F001–F010, D001–D004) and
//! their clean look-alikes, on random days per seed; each row they consist of is tagged with
//! its truth entry. Every planted failure on a card is followed by a success of that card, so
//! no run of failures spans days (P003 is planted on purpose only).

use super::event::{ALI_ICBC, Dir, Row, Time, WX_CMB, WX_ICBC, Wallet, WalletRow};
use super::stories::{TopUp, attempt, failed, provider_debit, provider_row};
use super::vocab::{self, Failure};
use super::world::{Ref, World};
use crate::model::Cause;
use chrono::Duration;
use rust_decimal::Decimal;

/// A time on day `d` between `from` and `to` hours (exclusive end).
pub fn between(w: &mut World, d: u32, from: f64, to: f64) -> Time {
    let (lo, hi) = ((from * 3600.0) as i64, (to * 3600.0) as i64 - 1);
    w.layout.at(d, w.rng.int(lo, hi))
}

pub fn yuan(n: i64) -> Decimal {
    Decimal::from(n)
}

/// Days the ICBC statements show, with `before` days of statement before and `after` after.
pub fn bank_days(w: &World, before: u32, after: u32) -> Vec<u32> {
    let l = &w.layout;
    let last = l.days - 1;
    let spans = match l.icbc_gap {
        Some((a, b)) => vec![(0, a - 1), (b + 1, last)],
        None => vec![(0, last)],
    };
    spans.into_iter().flat_map(|(lo, hi)| (lo + before)..=hi.saturating_sub(after)).filter(|d| *d >= 2).collect()
}

/// The words for a failure of `cause`, drawn from the vocabulary.
pub fn words(w: &mut World, cause: Cause) -> &'static Failure {
    w.rng.pick(&vocab::of(cause)).unwrap_or(&vocab::UNRECORDED)
}

/// A success of `method` some minutes after a planted failure, so the card's run ends.
pub fn recover(w: &mut World, wallet: Wallet, method: &'static str, after: Time, minutes: (i64, i64)) {
    let amount = yuan(w.rng.pick(&[100, 200, 300]).unwrap_or(100));
    let when = after + Duration::minutes(w.rng.int(minutes.0, minutes.1));
    TopUp::new(wallet, method, amount, "wifi").at(w, when);
}

pub fn plant(w: &mut World) {
    reconciliation(w);
    failures(w);
    data(w);
}

fn reconciliation(w: &mut World) {
    let last = w.layout.days - 1;
    let twice = |w: &mut World| if w.rng.chance(0.5) { 2 } else { 1 };
    // R001: debited, never credited, no refund within the window the statement covers.
    for (name, wallet, method) in
        [("WeChat", Wallet::WeChat, WX_ICBC), ("Alipay", Wallet::Alipay, ALI_ICBC)].into_iter().take(twice(w))
    {
        let d = w.free_day_among(&bank_days(w, 3, 11));
        let id = w.truth.incident("R001", format!("failed top-up of 800.00 debited, no refund ({name})"));
        let at = between(w, d, 9.0, 11.0);
        let f = words(w, Cause::WalletSystem);
        failed(w, (wallet, method), at, yuan(800), "wifi", f, &[id]);
        provider_debit(w, wallet, at + Duration::seconds(4), yuan(800), "充值", false, &[id]);
        recover(w, wallet, method, at, (30, 90));
        w.busy.insert(i64::from(d));
    }
    // R002: one top-up, debited twice.
    for (wallet, method) in [(Wallet::WeChat, WX_ICBC), (Wallet::Alipay, ALI_ICBC)].into_iter().take(twice(w)) {
        let d = w.free_day_among(&bank_days(w, 3, 4));
        let id = w.truth.incident("R002", "top-up of 700.00 debited twice");
        let mut t = TopUp::new(wallet, method, yuan(700), "wifi");
        (t.extra, t.tags) = (1, vec![id]);
        let at = between(w, d, 9.0, 21.0);
        t.at(w, at);
    }
    // R003: debits to a wallet nobody asked for, while the wallet's export covers the day.
    for (wallet, amount) in [(Wallet::Alipay, 18_800), (Wallet::WeChat, 16_600)].into_iter().take(twice(w)) {
        let d = w.free_day_among(&bank_days(w, 6, 6));
        let id = w.truth.incident("R003", "bank debit to a wallet with no top-up or payment");
        let at = between(w, d, 10.0, 20.0);
        provider_debit(w, wallet, at, Decimal::new(amount, 2), "快捷支付", false, &[id]);
    }
    // R004 + D003: the top-up's debit is in the running balance but not in the file (days
    // apart, so that each missing row is a break of its own).
    let mut days = bank_days(w, 5, 5);
    let missing = [(Wallet::Alipay, ALI_ICBC, 2000), (Wallet::WeChat, WX_ICBC, 1500)];
    for (wallet, method, amount) in missing.into_iter().take(twice(w)) {
        let d = w.free_day_among(&days);
        days.retain(|x| x.abs_diff(d) >= 3);
        let id = w.truth.incident("R004", format!("top-up of {amount}.00 whose debit row is missing"));
        let gap = w.truth.incident("D003", format!("ICBC balance drops by {amount}.00 more than the rows explain"));
        let mut t = TopUp::new(wallet, method, yuan(amount), "wifi");
        (t.omit, t.tags, t.debit_tags) = (true, vec![id], vec![gap]);
        let at = between(w, d, 10.0, 18.0);
        t.at(w, at);
    }
    // R005: debited a few days before the statements end: the refund window is still open.
    for amount in [1200, 1100].into_iter().take(twice(w)) {
        let d = w.free_day_among(&[last - 4, last - 3]);
        let id = w.truth.incident("R005", format!("failed top-up of {amount}.00 debited, refund window open"));
        let at = between(w, d, 9.0, 11.0);
        let f = words(w, Cause::WalletSystem);
        failed(w, (Wallet::WeChat, WX_ICBC), at, yuan(amount), "wifi", f, &[id]);
        provider_debit(w, Wallet::WeChat, at + Duration::seconds(3), yuan(amount), "充值", false, &[id]);
        recover(w, Wallet::WeChat, WX_ICBC, at, (30, 90));
        w.busy.insert(i64::from(d));
    }
    // R006: pending for days, nothing anywhere else.
    for wallet in [Wallet::Alipay, Wallet::WeChat].into_iter().take(twice(w)) {
        let d = w.free_day_among(&[last - 5, last - 4, last - 3, last - 2]);
        let id = w.truth.incident("R006", "top-up of 250.00 pending for days");
        let at = between(w, d, 9.0, 20.0);
        let method = if wallet == Wallet::Alipay { ALI_ICBC } else { WX_ICBC };
        let mut log = attempt(w, wallet, at, method, yuan(250), "wifi");
        log.status = "pending";
        w.push(at, Row::Attempt(log), &[id]);
    }
    // R007: the bank took more than the top-up.
    for (wallet, method, amount, debit) in
        [(Wallet::WeChat, WX_ICBC, 400, 40_400), (Wallet::Alipay, ALI_ICBC, 450, 45_450)].into_iter().take(twice(w))
    {
        let d = w.free_day_among(&bank_days(w, 3, 4));
        let id = w.truth.incident("R007", "bank debit differs from the top-up");
        let mut t = TopUp::new(wallet, method, yuan(amount), "wifi");
        (t.debit, t.tags) = (Some(Decimal::new(debit, 2)), vec![id]);
        let at = between(w, d, 9.0, 21.0);
        t.at(w, at);
    }
    controls(w);
}

/// Clean look-alikes: a debited failure refunded in time, a top-up posted after midnight.
fn controls(w: &mut World) {
    let d = w.free_day_among(&bank_days(w, 3, 4));
    let id = w.truth.control(&["R001", "R005", "R003"], "failed top-up of 900.00 debited and refunded two days later");
    let at = between(w, d, 9.0, 11.0);
    let f = words(w, Cause::WalletSystem);
    failed(w, (Wallet::WeChat, WX_ICBC), at, yuan(900), "wifi", f, &[id]);
    provider_debit(w, Wallet::WeChat, at + Duration::seconds(6), yuan(900), "充值", false, &[id]);
    let back = at + Duration::days(2) + Duration::hours(1);
    provider_row(w, Wallet::WeChat, back, yuan(900), "零钱充值退款", Dir::In, false, &[id]);
    recover(w, Wallet::WeChat, WX_ICBC, at, (30, 90));
    w.busy.insert(i64::from(d));

    let d = w.free_day_among(&bank_days(w, 3, 4));
    let id = w.truth.control(&["R003", "R004"], "top-up at 23:4x posted by the bank the next day");
    let at = w.layout.at(d, 23 * 3600 + w.rng.int(40 * 60, 45 * 60));
    let mut t = TopUp::new(Wallet::WeChat, WX_ICBC, yuan(300), "wifi");
    (t.tags, t.post) = (vec![id], Some(w.layout.at(d + 1, 300)));
    t.at(w, at);
}

/// One failure per cause (two labels for some), each followed by a success of its card.
fn failures(w: &mut World) {
    let last = w.layout.days - 1;
    let plants = [
        (Cause::InsufficientFunds, Wallet::Alipay, ALI_ICBC),
        (Cause::CardLocked, Wallet::WeChat, WX_CMB),
        (Cause::CardExpired, Wallet::WeChat, WX_ICBC),
        (Cause::CardBinding, Wallet::Alipay, ALI_ICBC),
        (Cause::CardBinding, Wallet::WeChat, WX_ICBC),
        (Cause::BankLimit, Wallet::WeChat, WX_ICBC),
        (Cause::BankLimit, Wallet::Alipay, ALI_ICBC),
        (Cause::IdentityVerification, Wallet::WeChat, WX_ICBC),
        (Cause::RiskDeclined, Wallet::WeChat, WX_ICBC),
        (Cause::RiskDeclined, Wallet::Alipay, ALI_ICBC),
        (Cause::Unknown, Wallet::WeChat, WX_ICBC),
    ];
    for (cause, wallet, method) in plants {
        let d = w.free_day(2, last - 2);
        let at = between(w, d, 8.0, 11.0);
        let f = words(w, cause);
        let amount = yuan(w.rng.pick(&[100, 200, 300, 500]).unwrap_or(100));
        failed(w, (wallet, method), at, amount, "wifi", f, &[]);
        let retry = if method == WX_CMB { WX_ICBC } else { method };
        recover(w, wallet, retry, at, (3, 20));
        w.busy.insert(i64::from(d));
    }
}

/// Unreadable rows (D001), the statements' gap (D002) and the exports' overlap (D004).
fn data(w: &mut World) {
    let last = w.layout.days - 1;
    let d = w.free_day(2, last - 2);
    let id = w.truth.incident("D001", "attempt row whose amount is 5OO.00 (letter O)");
    let at = between(w, d, 9.0, 20.0);
    let mut log = attempt(w, Wallet::WeChat, at, WX_ICBC, yuan(500), "wifi");
    (log.status, log.raw_amount) = ("cancelled", Some("5OO.00".into()));
    w.push(at, Row::Attempt(log), &[id]);

    let outside: Vec<u32> = match w.layout.wechat_overlap {
        Some((a, b)) => (2..last - 1).filter(|d| *d + 1 < a || *d > b + 1).collect(),
        None => (2..last - 1).collect(),
    };
    let d = w.free_day_among(&outside);
    let id = w.truth.incident("D001", "WeChat row whose amount is ¥12.5O (letter O)");
    let at = between(w, d, 9.0, 20.0);
    let reference = w.reference(Ref::WxPay, at);
    let row = WalletRow {
        wallet: Wallet::WeChat,
        kind: "商户消费",
        counterparty: "全家FamilyMart".into(),
        cp_account: "/",
        goods: "全家便利店消费".into(),
        dir: Dir::Out,
        amount: Decimal::new(1250, 2),
        raw_amount: Some("¥12.5O".into()),
        method: "零钱".into(),
        status: "支付成功",
        reference,
        merchant_ref: "/".into(),
    };
    w.push(at, Row::Wallet(row), &[id]);

    if let Some((a, b)) = w.layout.icbc_gap {
        let id = w.truth.incident("D002", "no ICBC statement covers these days");
        let (from, to) = (w.layout.at(a, 0), w.layout.at(b, 86_399));
        w.truth.window(id, from, to);
        w.gap_incident = Some(id);
    }
    if let Some((a, b)) = w.layout.wechat_overlap {
        let id = w.truth.incident("D004", "the two WeChat exports share these days");
        let (from, to) = (w.layout.at(a, 0), w.layout.at(b, 86_399));
        w.truth.window(id, from, to);
        w.overlap_incident = Some(id);
    }
}
