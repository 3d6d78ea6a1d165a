//! Planted patterns (P001–P007) and suspicious entries (S001–S008), shaped by the rules'
//! thresholds (peak hours, burst gaps, history lengths) and kept apart from each other: each
//! on its own day, system failures off-peak unless they are P001's, retries on another network.

use super::event::{ALI_BOCOM, ALI_ICBC, Time, WX_CCB, WX_CMB, WX_ICBC, Wallet};
use super::incidents::{between, recover, words, yuan};
use super::stories::{TopUp, failed};
use super::world::World;
use crate::model::Cause;
use chrono::Duration;

pub fn plant(w: &mut World) {
    patterns(w);
    near_misses(w);
}

/// One, or (for every other seed's coin) two.
pub fn count(w: &mut World) -> usize {
    if w.rng.chance(0.5) { 2 } else { 1 }
}

/// A failure at `at`, then the same top-up retried on Wi-Fi a minute or two later.
fn fail_and_retry(
    w: &mut World,
    card: (Wallet, &'static str),
    at: Time,
    network: &'static str,
    cause: Cause,
    id: usize,
) {
    let amount = yuan(w.rng.pick(&[100, 200, 300, 500]).unwrap_or(100));
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
    // More of them over longer periods, as ordinary off-peak network failures add up.
    for (k, &card) in cards.iter().cycle().take(7 + w.layout.days as usize / 45).enumerate() {
        let d = w.free_day(3, last - 2);
        let at = peak(w, d);
        let net = if k % 3 == 0 { "5g" } else { "wifi" };
        fail_and_retry(w, card, at, net, Cause::Network, id);
        w.busy.insert(i64::from(d));
    }
    // P007: network failures on 4G (also at peak, so P001 stays clear), retried on Wi-Fi.
    let id = w.truth.incident("P007", "network failures concentrated on 4G");
    for &card in cards.iter().cycle().skip(1).take(6 + w.layout.days as usize / 45) {
        let d = w.free_day(3, last - 2);
        let at = peak(w, d);
        fail_and_retry(w, card, at, "4g", Cause::Network, id);
        w.busy.insert(i64::from(d));
    }
    // P002: outages: system failures minutes apart on two cards, off-peak.
    for _ in 0..count(w) {
        let id = w.truth.incident("P002", "wallet-system failures on two cards within minutes");
        outage(w, 4, id);
    }
    // P003: a card fails on three days; each time the ICBC card pays instead.
    let cards = [(Wallet::Alipay, ALI_BOCOM, Cause::CardExpired), (Wallet::WeChat, WX_CCB, Cause::CardLocked)];
    for (wallet, card, cause) in cards.into_iter().take(count(w)) {
        let d = w.free_day(5, last - 10);
        w.reserve([d + 2, d + 4]);
        let id = w.truth.incident("P003", format!("{card} keeps failing across days"));
        for day in [d, d + 2, d + 4] {
            let at = between(w, day, 9.0, 18.0);
            let amount = yuan(w.rng.pick(&[200, 300, 500]).unwrap_or(200));
            let f = words(w, cause);
            failed(w, (wallet, card), at, amount, "wifi", f, &[id]);
            let retry = at + Duration::minutes(w.rng.int(2, 5));
            let icbc = if wallet == Wallet::WeChat { WX_ICBC } else { ALI_ICBC };
            TopUp::new(wallet, icbc, amount, "wifi").at(w, retry);
            w.busy.insert(i64::from(day));
        }
    }
    // P004: retry storms on one card, off-peak: five declines for lack of funds, then a success.
    for card in [(Wallet::WeChat, WX_ICBC), (Wallet::Alipay, ALI_ICBC)].into_iter().take(count(w)) {
        let id = w.truth.incident("P004", "six attempts within ten minutes");
        storm(w, card, &[1000, 900, 600, 500, 300], Cause::InsufficientFunds, id);
    }
    // P005: three verification failures minutes apart; no payment from that wallet for an hour.
    for card in [(Wallet::Alipay, ALI_ICBC), (Wallet::WeChat, WX_ICBC)].into_iter().take(count(w)) {
        let id = w.truth.incident("P005", "three identity-verification failures within minutes");
        verification(w, card, 3, (240, 540), id);
    }
    // P006: the old Alipay app (before the upgrade day) fails with system and unknown errors.
    let id = w.truth.incident("P006", "failures concentrated on the old Alipay app 10.5.8");
    let upgrade = w.layout.upgrade_day;
    for day in [upgrade - 2, upgrade - 1] {
        let mut at = between(w, day, 9.0, 10.0);
        for k in 0..4 {
            let f = words(w, if k % 2 == 0 { Cause::WalletSystem } else { Cause::Unknown });
            let amount = yuan(w.rng.pick(&[200, 300, 500]).unwrap_or(200));
            failed(w, (Wallet::Alipay, ALI_ICBC), at, amount, "wifi", f, &[id]);
            at += Duration::seconds(w.rng.int(1200, 2400));
        }
        w.busy.insert(i64::from(day));
    }
    recover(w, Wallet::Alipay, ALI_ICBC, w.layout.at(upgrade, 9 * 3600), (0, 60));
    w.busy.insert(i64::from(upgrade));
}

/// `n` wallet-system failures minutes apart, alternating two cards, then both recover.
fn outage(w: &mut World, n: usize, id: usize) {
    let d = w.free_day(10, w.layout.days - 10);
    let mut at = between(w, d, 14.0, 17.0);
    let first = at;
    let cards = [(Wallet::WeChat, WX_ICBC), (Wallet::WeChat, WX_CMB)];
    for (k, &card) in cards.iter().cycle().take(n).enumerate() {
        let f = words(w, Cause::WalletSystem);
        let amount = yuan(w.rng.pick(&[200, 300, 500]).unwrap_or(200));
        failed(w, card, at, amount, "wifi", f, &[id]);
        if k + 1 < n {
            at += Duration::seconds(w.rng.int(240, 600));
        }
    }
    w.truth.window(id, first, at);
    cards.iter().for_each(|&(wallet, method)| recover(w, wallet, method, at, (120, 180)));
    w.busy.insert(i64::from(d));
}

/// Declines one to two minutes apart on one card, then a success of 200.00.
fn storm(w: &mut World, card: (Wallet, &'static str), amounts: &[i64], cause: Cause, id: usize) {
    let d = w.free_day(3, w.layout.days - 3);
    let mut at = between(w, d, 14.0, 17.5);
    w.calm.push((card.0, at - Duration::minutes(15), at + Duration::minutes(30)));
    for &amount in amounts {
        let f = words(w, cause);
        failed(w, card, at, yuan(amount), "wifi", f, &[id]);
        at += Duration::seconds(w.rng.int(60, 100));
    }
    let mut t = TopUp::new(card.0, card.1, yuan(200), "wifi");
    t.tags = vec![id];
    t.at(w, at);
    w.busy.insert(i64::from(d));
}

/// `n` verification failures `gap` seconds apart; the wallet pays nothing for over an hour.
fn verification(w: &mut World, card: (Wallet, &'static str), n: usize, gap: (i64, i64), id: usize) {
    let d = w.free_day(3, w.layout.days - 3);
    let mut at = between(w, d, 9.0, 18.0);
    let start = at;
    for k in 0..n {
        let f = words(w, Cause::IdentityVerification);
        failed(w, card, at, yuan(1000), "wifi", f, &[id]);
        if k + 1 < n {
            at += Duration::seconds(w.rng.int(gap.0, gap.1));
        }
    }
    w.quiet.push((card.0, start - Duration::minutes(5), at + Duration::minutes(75)));
    recover(w, card.0, card.1, at, (85, 120));
    w.busy.insert(i64::from(d));
}

/// Look-alikes one step short of P002, P004 and P005.
fn near_misses(w: &mut World) {
    let id = w.truth.control(&["P002"], "two wallet-system failures on two cards minutes apart");
    outage(w, 2, id);
    let id = w.truth.control(&["P004"], "four attempts within minutes");
    storm(w, (Wallet::WeChat, WX_ICBC), &[850, 650, 350], Cause::BankLimit, id);
    let id = w.truth.control(&["P005", "S006"], "two verification failures 40 minutes apart");
    verification(w, (Wallet::Alipay, ALI_ICBC), 2, (2400, 3000), id);
}
