//! Planted patterns (P001–P007) and suspicious entries (S001–S008), shaped by the rules'
//! thresholds (peak hours, burst gaps, history lengths) and kept apart from each other: each
//! on its own day, system failures off-peak unless they are P001's, retries on another network.

use super::event::{ALI_BOCOM, ALI_ICBC, BankRow, Dir, Row, Time, WX_CMB, WX_ICBC, Wallet};
use super::incidents::{bank_days, between, recover, words, yuan};
use super::stories::{Payment, TopUp, failed};
use crate::model::Cause;
use chrono::Duration;
use rust_decimal::Decimal;

pub fn plant(w: &mut World) {
    patterns(w);
    suspicious(w);
}

use super::world::World;

/// A failure at `at`, then the same top-up retried on Wi-Fi a minute or two later.
fn fail_and_retry(
    w: &mut World,
    card: (Wallet, &'static str),
    at: Time,
    network: &'static str,
    cause: Cause,
    id: usize,
) {
    let amount = yuan(*w.rng.pick(&[100, 200, 300, 500]));
    let f = words(w, cause);
    failed(w, card, at, amount, network, f, &[id]);
    let retry = at + Duration::seconds(w.rng.int(60, 170));
    TopUp::new(card.0, card.1, amount, "wifi").at(w, retry);
}

/// A peak-hour time: lunch or evening.
fn peak(w: &mut World, d: u32) -> Time {
    if w.rng.chance(0.4) { between(w, d, 11.6, 13.4) } else { between(w, d, 19.1, 22.9) }
}

fn patterns(w: &mut World) {
    // Network and system failures go to WeChat, so that the Alipay app's old version (P006)
    // stands out against few such failures on its new one.
    let (last, cards) = (w.layout.days - 1, [(Wallet::WeChat, WX_ICBC), (Wallet::WeChat, WX_CMB)]);
    // P001: network failures at peak hours (Wi-Fi or 5G), each on its own day.
    let id = w.truth.incident("P001", "network failures concentrated in peak hours");
    w.truth.p001 = Some(id);
    for k in 0..7 {
        let d = w.free_day(3, last - 2);
        let at = peak(w, d);
        let net = if k % 3 == 0 { "5g" } else { "wifi" };
        fail_and_retry(w, cards[k % 2], at, net, Cause::Network, id);
        w.busy.insert(i64::from(d));
    }
    // P007: network failures on 4G (also at peak, so P001 stays clear), retried on Wi-Fi.
    let id = w.truth.incident("P007", "network failures concentrated on 4G");
    for k in 0..6 {
        let d = w.free_day(3, last - 2);
        let at = peak(w, d);
        fail_and_retry(w, cards[(k + 1) % 2], at, "4g", Cause::Network, id);
        w.busy.insert(i64::from(d));
    }
    // P002: an outage: system failures minutes apart on two cards, off-peak.
    let d = w.free_day(10, last - 10);
    let id = w.truth.incident("P002", "wallet-system failures on two cards within minutes");
    let mut at = between(w, d, 14.0, 17.0);
    let first = at;
    let outage = [(Wallet::WeChat, WX_ICBC), (Wallet::WeChat, WX_CMB)];
    for k in 0..4 {
        let f = words(w, Cause::WalletSystem);
        let amount = yuan(*w.rng.pick(&[200, 300, 500]));
        failed(w, outage[k % 2], at, amount, "wifi", f, &[id]);
        if k < 3 {
            at += Duration::seconds(w.rng.int(240, 600));
        }
    }
    w.truth.window(id, first, at);
    outage.iter().for_each(|&(wallet, method)| recover(w, wallet, method, at, (120, 180)));
    w.busy.insert(i64::from(d));
    // P003: the BOCOM credit card fails on three days; each time the ICBC card pays instead.
    let d = w.free_day(5, last - 10);
    let id = w.truth.incident("P003", "交通银行信用卡(7449) keeps failing across days");
    for day in [d, d + 2, d + 4] {
        let at = between(w, day, 9.0, 18.0);
        let amount = yuan(*w.rng.pick(&[200, 300, 500]));
        let f = words(w, Cause::CardExpired);
        failed(w, (Wallet::Alipay, ALI_BOCOM), at, amount, "wifi", f, &[id]);
        let retry = at + Duration::minutes(w.rng.int(2, 5));
        TopUp::new(Wallet::Alipay, ALI_ICBC, amount, "wifi").at(w, retry);
        w.busy.insert(i64::from(day));
    }
    // P004: a retry storm on one card, off-peak: five declines for lack of funds, then a success.
    let d = w.free_day(3, last - 3);
    let id = w.truth.incident("P004", "six attempts within ten minutes");
    let mut at = between(w, d, 14.0, 17.5);
    for amount in [1000, 900, 600, 500, 300] {
        let f = words(w, Cause::InsufficientFunds);
        failed(w, (Wallet::WeChat, WX_ICBC), at, yuan(amount), "wifi", f, &[id]);
        at += Duration::seconds(w.rng.int(60, 100));
    }
    let mut t = TopUp::new(Wallet::WeChat, WX_ICBC, yuan(200), "wifi");
    t.tags = vec![id];
    t.at(w, at);
    w.busy.insert(i64::from(d));
    // P005: three verification failures minutes apart; no Alipay payment for over an hour after.
    let d = w.free_day(3, last - 3);
    let id = w.truth.incident("P005", "three identity-verification failures within minutes");
    let mut at = between(w, d, 9.0, 18.0);
    let start = at;
    for _ in 0..3 {
        let f = words(w, Cause::IdentityVerification);
        failed(w, (Wallet::Alipay, ALI_ICBC), at, yuan(1000), "wifi", f, &[id]);
        at += Duration::seconds(w.rng.int(240, 540));
    }
    w.quiet.push((Wallet::Alipay, start - Duration::minutes(5), at + Duration::minutes(75)));
    recover(w, Wallet::Alipay, ALI_ICBC, at, (85, 120));
    w.busy.insert(i64::from(d));
    // P006: the old Alipay app (before the upgrade day) fails with system and unknown errors.
    let id = w.truth.incident("P006", "failures concentrated on the old Alipay app 10.5.8");
    let upgrade = w.layout.upgrade_day;
    for day in [upgrade - 2, upgrade - 1] {
        let mut at = between(w, day, 9.0, 10.0);
        for k in 0..4 {
            let f = words(w, if k % 2 == 0 { Cause::WalletSystem } else { Cause::Unknown });
            let amount = yuan(*w.rng.pick(&[200, 300, 500]));
            failed(w, (Wallet::Alipay, ALI_ICBC), at, amount, "wifi", f, &[id]);
            at += Duration::seconds(w.rng.int(1200, 2400));
        }
        w.busy.insert(i64::from(day));
    }
    recover(w, Wallet::Alipay, ALI_ICBC, w.layout.at(upgrade, 9 * 3600), (0, 60));
    w.busy.insert(i64::from(upgrade));
}

/// A WeChat balance payment to `to` at `at`.
fn pay(w: &mut World, wallet: Wallet, at: Time, (kind, to): (&'static str, &str), amount: Decimal, tags: &[usize]) {
    let method = if wallet == Wallet::WeChat { "零钱" } else { "余额" };
    let goods = format!("{to}订单");
    Payment { wallet, kind, counterparty: to.into(), goods, amount, method: method.into() }.at(w, at, tags);
}

fn suspicious(w: &mut World) {
    let last = w.layout.days - 1;
    let wx = Wallet::WeChat;
    // S001: a payment at three in the morning.
    let d = w.free_day(14, last - 3);
    let id = w.truth.incident("S001", "WeChat payment at 03:xx");
    let at = between(w, d, 3.0, 4.0);
    let amount = w.rng.cents(2500, 4500);
    pay(w, wx, at, ("商户消费", "美团平台商户"), amount, &[id]);
    // S002: a large first payment to someone never paid before.
    let d = w.free_day(20, last - 3);
    let id = w.truth.incident("S002", "Alipay transfer of thousands to a new payee");
    let at = between(w, d, 10.0, 20.0);
    let amount = yuan(w.rng.int(30, 50) * 100);
    pay(w, Wallet::Alipay, at, ("转账红包", "赵磊"), amount, &[id]);
    // S003: a known payee, an amount far above anything paid to it.
    let d = w.free_day(20, last - 3);
    let id = w.truth.incident("S003", "滴滴出行 charged hundreds");
    let at = between(w, d, 9.0, 21.0);
    let amount = w.rng.cents(66_600, 99_900);
    pay(w, wx, at, ("商户消费", "滴滴出行"), amount, &[id]);
    // S004: four tiny charges at different new merchants within minutes (and a near miss of three).
    for (n, code) in [(4, "S004"), (3, "")] {
        let d = w.free_day(14, last - 3);
        let id = if code.is_empty() {
            w.truth.control(&["S004"], "three small charges within minutes (one short of card testing)")
        } else {
            w.truth.incident(code, "four small charges at new merchants within minutes")
        };
        let mut at = between(w, d, 10.0, 17.0);
        w.quiet.push((wx, at - Duration::minutes(12), at + Duration::minutes(25)));
        for k in 0..n {
            let to = ["鑫达商贸", "优品汇网络科技", "星辰数码", "云购便利"][k];
            let amount = w.rng.cents(1, 500);
            pay(w, wx, at, ("商户消费", to), amount, &[id]);
            at += Duration::seconds(w.rng.int(60, 170));
        }
    }
    // S005: a top-up from a device and city never seen before.
    let d = w.free_day((last / 2).max(45), last - 4);
    let id = w.truth.incident("S005", "WeChat top-up from a new device in 广州");
    let mut t = TopUp::new(wx, WX_ICBC, yuan(500), "4g");
    (t.device, t.tags) = (Some(("vivo X100", "广州")), vec![id]);
    let at = between(w, d, 9.0, 11.0);
    t.at(w, at);
    // S006: two verification failures, then money leaves the wallet within the hour.
    let d = w.free_day(14, last - 3);
    let id = w.truth.incident("S006", "WeChat payment right after two verification failures");
    let mut at = between(w, d, 9.0, 18.0);
    for _ in 0..2 {
        let f = words(w, Cause::IdentityVerification);
        failed(w, (wx, WX_ICBC), at, yuan(500), "wifi", f, &[id]);
        at += Duration::seconds(w.rng.int(300, 700));
    }
    TopUp::new(wx, WX_ICBC, yuan(500), "wifi").at(w, at);
    let paid = at + Duration::minutes(w.rng.int(15, 40));
    let amount = w.rng.cents(2500, 5000);
    pay(w, wx, paid, ("商户消费", "麦当劳"), amount, &[id]);
    w.busy.insert(i64::from(d));
    // S007: the same charge twice within minutes (and a near miss 25 minutes apart).
    for (gap, code) in [((60, 240), "S007"), ((1500, 1700), "")] {
        let d = w.free_day(14, last - 3);
        let id = if code.is_empty() {
            w.truth.control(&["S007"], "the same amount to one merchant 25 minutes apart")
        } else {
            w.truth.incident(code, "美团 charged the same amount twice within minutes")
        };
        let at = between(w, d, 11.0, 20.0);
        let amount = w.rng.cents(2000, 6000);
        let next = at + Duration::seconds(w.rng.int(gap.0, gap.1));
        w.quiet.push((wx, at - Duration::minutes(12), next + Duration::minutes(12)));
        pay(w, wx, at, ("商户消费", "美团平台商户"), amount, &[id]);
        pay(w, wx, next, ("商户消费", "美团平台商户"), amount, &[id]);
    }
    // S008: a purchase in US dollars abroad on the ICBC card.
    let from = (w.layout.days / 2).min(45);
    let days: Vec<u32> = bank_days(w, 1, 2).into_iter().filter(|d| *d >= from).collect();
    let d = w.free_day_among(&days);
    let id = w.truth.incident("S008", "ICBC purchase in USD in the USA");
    let at = between(w, d, 9.0, 20.0);
    let row = BankRow {
        summary: "消费",
        place: "AMAZON.COM".into(),
        counterparty: "AMAZON.COM SERVICES LLC".into(),
        cp_account: "-",
        dir: Dir::Out,
        amount: w.rng.cents(1999, 7999),
        currency: ("USD", "美元", "USA"),
        omit: false,
    };
    w.push(at, Row::Bank(row), &[id]);
}
