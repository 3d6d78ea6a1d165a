//! Ordinary household life, one day at a time: small payments to recurring merchants (each
//! seen in the first week, never two of one account minutes apart, never at night), bills,
//! salary and rent, shop purchases on the ICBC card, transfers and red packets, refunds,
//! withdrawals, and top-ups that succeed (a few after one ordinary failure and a retry).

use super::event::{ALI_BOCOM, ALI_ICBC, Dir, Time, WX_CMB, WX_ICBC, Wallet};
use super::incidents::words;
use super::income::incoming;
use super::payees::{ALIPAY, BILLS, Merchant, SHOPS, WECHAT};
use super::stories::{Payment, TopUp, bank, failed};
use super::world::World;
use crate::model::Cause;
use chrono::{Datelike, Duration};
use rust_decimal::Decimal;

pub fn day(w: &mut World, d: u32) {
    let k = w.layout.scale;
    let date = w.layout.date(d);
    let at = |w: &mut World, h: (i64, i64)| {
        let seconds = w.rng.int(h.0 * 3600, h.1 * 3600 + 3599);
        w.layout.at(d, seconds)
    };
    if date.day() == 10 {
        let salary = Decimal::new((1_860_000.0 * k).round() as i64, 2);
        bank(w, w.layout.at(d, 6 * 3600), Dir::In, salary, "工资", "", "上海澄川信息科技有限公司", "1001****2219", &[]);
    }
    if date.day() == 15 {
        let share = Decimal::new((900_000.0 * k).round() as i64, 2);
        bank(w, w.layout.at(d, 19 * 3600 + 1200), Dir::In, share, "他行汇入", "手机银行", "陈哲", "6228****3390", &[]);
    }
    if date.day() == w.layout.rent_dom {
        bank(
            w,
            w.layout.at(d, 8 * 3600 + 1800),
            Dir::Out,
            Decimal::new(580_000, 2),
            "网转",
            "手机银行",
            "周建平",
            "6222****0853",
            &[],
        );
    }
    if date.day() == 21 && date.month().is_multiple_of(3) {
        let interest = w.rng.cents(150, 900);
        bank(w, w.layout.at(d, 2 * 3600), Dir::In, interest, "结息", "", "", "-", &[]);
    }
    for _ in 0..w.rng.poisson(0.7 * k) {
        let Some((place, counterparty, cents)) = w.rng.pick(SHOPS) else { continue };
        let when = at(w, (9, 20));
        let amount = w.rng.cents(cents.0, cents.1);
        bank(w, when, Dir::Out, amount, "消费", place, counterparty, "1001****7730", &[]);
    }
    for &(wallet, kind, payee, goods, cents, offset) in BILLS {
        if date.day() == w.layout.rent_dom + offset {
            let mut when = at(w, (9, 18));
            if w.is_quiet(wallet, when) {
                when += Duration::hours(3);
            }
            let amount = w.rng.cents(cents.0, cents.1);
            let method = if wallet == Wallet::WeChat { "零钱" } else { "余额" };
            let p = Payment {
                wallet,
                kind,
                counterparty: payee.into(),
                goods: goods.into(),
                amount,
                method: method.into(),
            };
            p.at(w, when, &[]);
        }
    }
    payments(w, d, Wallet::WeChat, WECHAT, 2.4 * k);
    payments(w, d, Wallet::Alipay, ALIPAY, 1.3 * k);
    incoming(w, d);
    for (wallet, rate) in [(Wallet::WeChat, 0.6 * k), (Wallet::Alipay, 0.5 * k)] {
        for _ in 0..w.rng.poisson(rate) {
            top_up(w, d, wallet);
        }
    }
}

/// The day's payments from one wallet, spaced so that no two are minutes apart.
fn payments(w: &mut World, d: u32, wallet: Wallet, merchants: &[Merchant], rate: f64) {
    let mut planned: Vec<(Time, usize)> = Vec::new();
    let mut add = |w: &mut World, i: usize| {
        let Some(m) = merchants.get(i) else { return };
        let hour = w.rng.int(m.hours.0, m.hours.1);
        let minute = if hour == 23 { w.rng.int(0, 29) } else { w.rng.int(0, 59) };
        planned.push((w.layout.at(d, hour * 3600 + minute * 60 + w.rng.int(0, 59)), i));
    };
    // Every recurring payee shows up in the first week.
    if d < 7 {
        (0..merchants.len()).filter(|i| i % 7 == d as usize).for_each(|i| add(w, i));
    }
    for _ in 0..w.rng.poisson(rate) {
        let i = w.rng.int(0, merchants.len() as i64 - 1) as usize;
        add(w, i);
    }
    planned.sort();
    let spaced = rate <= 20.0;
    let mut last: Option<(Time, usize)> = None;
    for (when, i) in planned {
        let close = |gap: i64| last.is_some_and(|(t, _)| when - t < Duration::minutes(gap));
        if spaced && (close(6) || (close(30) && last.is_some_and(|(_, j)| j == i))) || w.is_quiet(wallet, when) {
            continue;
        }
        last = Some((when, i));
        let Some(m) = merchants.get(i) else { continue };
        let amount = w.rng.cents(m.cents.0, m.cents.1);
        let roll = w.rng.unit();
        let method = match wallet {
            Wallet::WeChat if roll < 0.08 => WX_ICBC,
            Wallet::WeChat if roll < 0.22 => "零钱通",
            Wallet::WeChat => "零钱",
            Wallet::Alipay if roll < 0.08 => ALI_ICBC,
            Wallet::Alipay if roll < 0.13 => ALI_BOCOM,
            Wallet::Alipay if roll < 0.35 => "花呗",
            Wallet::Alipay if roll < 0.55 => "余额宝",
            Wallet::Alipay => "余额",
        };
        let goods = m.goods.replace("{n}", &when.format("%y%m%d%H%M").to_string());
        let p = Payment { wallet, kind: m.kind, counterparty: m.name.into(), goods, amount, method: method.into() };
        p.at(w, when, &[]);
    }
}

const NETWORKS: [(&str, f64); 3] = [("wifi", 0.70), ("5g", 0.97), ("4g", 1.0)];

pub fn network(w: &mut World) -> &'static str {
    let roll = w.rng.unit();
    NETWORKS.iter().find(|(_, p)| roll < *p).map_or("wifi", |(n, _)| n)
}

/// An ordinary top-up; now and then one ordinary failure first, then a retry that succeeds.
fn top_up(w: &mut World, d: u32, wallet: Wallet) {
    let mut when = w.layout.at(d, w.rng.int(8 * 3600, 22 * 3600 + 50 * 60));
    if w.is_calm(wallet, when) {
        when -= Duration::hours(2);
    }
    let (amounts, method): (&[i64], &'static str) = match wallet {
        Wallet::WeChat if w.rng.chance(0.12) => (&[100, 200, 300, 500], WX_CMB),
        Wallet::WeChat => (&[100, 200, 300, 500], WX_ICBC),
        Wallet::Alipay => (&[200, 300, 500, 1000], ALI_ICBC),
    };
    let mut amount = Decimal::from(w.rng.pick(amounts).unwrap_or(100));
    let net = network(w);
    let mut start = when;
    let may_fail = !w.layout.ordinary && method != WX_CMB && !w.busy.contains(&i64::from(d));
    if may_fail && w.rng.chance(0.07) {
        let causes = [
            (Cause::InsufficientFunds, 0.25),
            (Cause::BankLimit, 0.50),
            (Cause::IdentityVerification, 0.70),
            (Cause::Network, 0.85),
            (Cause::WalletSystem, 1.0),
        ];
        let roll = w.rng.unit();
        let cause = causes.iter().find(|(_, p)| roll < *p).map_or(Cause::Network, |(c, _)| *c);
        let words = words(w, cause);
        failed(w, (wallet, method), when, amount, net, words, &[]);
        if matches!(cause, Cause::InsufficientFunds | Cause::BankLimit) {
            amount = (amount / Decimal::TWO).round_dp(0).max(Decimal::from(50));
        }
        start = when + Duration::seconds(w.rng.int(60, 240));
    }
    TopUp::new(wallet, method, amount, net).at(w, start);
}
