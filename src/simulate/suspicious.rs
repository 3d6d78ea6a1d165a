//! Planted suspicious entries (S001–S008), one or two each (the second on the other wallet),
//! shaped by the S rules' thresholds: after the history they need, to payees seen (S003) or
//! never seen (S002, S004), with near misses for S004 and S007.

use super::event::{ALI_ICBC, BankRow, Dir, Row, Time, WX_ICBC, Wallet};
use super::incidents::{bank_days, between, words, yuan};
use super::patterns::count;
use super::stories::{Payment, TopUp, failed};
use super::world::World;
use crate::model::Cause;
use chrono::Duration;
use rust_decimal::Decimal;

const BOTH: [Wallet; 2] = [Wallet::WeChat, Wallet::Alipay];

/// A balance payment from `wallet` to `to` at `at`.
fn pay(w: &mut World, wallet: Wallet, at: Time, (kind, to): (&'static str, &str), amount: Decimal, tags: &[usize]) {
    let method = if wallet == Wallet::WeChat { "零钱" } else { "余额" };
    let goods = format!("{to}订单");
    Payment { wallet, kind, counterparty: to.into(), goods, amount, method: method.into() }.at(w, at, tags);
}

/// A merchant the wallet pays every week, and its bill kind.
fn regular(wallet: Wallet, k: usize) -> (&'static str, &'static str) {
    let (kind, names) = match wallet {
        Wallet::WeChat => ("商户消费", ["美团平台商户", "滴滴出行", "麦当劳"]),
        Wallet::Alipay => ("餐饮美食", ["饿了么", "肯德基", "饿了么"]),
    };
    let [first, ..] = names;
    (kind, names.get(k).copied().unwrap_or(first))
}

pub fn plant(w: &mut World) {
    let last = w.layout.days - 1;
    // S001: a payment at three in the morning.
    for wallet in BOTH.into_iter().take(count(w)) {
        let d = w.free_day(14, last - 3);
        let id = w.truth.incident("S001", "payment at 03:xx");
        let at = between(w, d, 3.0, 4.0);
        let amount = w.rng.cents(2500, 4500);
        pay(w, wallet, at, regular(wallet, 0), amount, &[id]);
    }
    // S002: a large first payment to someone never paid before.
    for (wallet, kind, to) in
        [(Wallet::Alipay, "转账红包", "赵磊"), (Wallet::WeChat, "转账", "孙丽")].into_iter().take(count(w))
    {
        let d = w.free_day(20, last - 3);
        let id = w.truth.incident("S002", format!("transfer of thousands to {to}, never paid before"));
        let at = between(w, d, 10.0, 20.0);
        let amount = yuan(w.rng.int(30, 50) * 100);
        pay(w, wallet, at, (kind, to), amount, &[id]);
    }
    // S003: a regular payee, an amount far above anything paid to it.
    for wallet in BOTH.into_iter().take(count(w)) {
        let d = w.free_day(20, last - 3);
        let id = w.truth.incident("S003", "a regular payee charged hundreds");
        let at = between(w, d, 9.0, 21.0);
        let amount = w.rng.cents(66_600, 99_900);
        pay(w, wallet, at, regular(wallet, 1), amount, &[id]);
    }
    // S004: four tiny charges at different new merchants within minutes (and a near miss of three).
    let n = count(w);
    for (k, wallet) in BOTH.into_iter().take(n).enumerate() {
        let id = w.truth.incident("S004", "four small charges at new merchants within minutes");
        small_charges(w, wallet, 4, k, id);
    }
    let id = w.truth.control(&["S004"], "three small charges within minutes (one short of card testing)");
    small_charges(w, Wallet::WeChat, 3, 2, id);
    // S005: a top-up from a device and city never seen before.
    for (wallet, method, device, city) in
        [(Wallet::WeChat, WX_ICBC, "vivo X100", "广州"), (Wallet::Alipay, ALI_ICBC, "iPad Pro", "杭州")]
            .into_iter()
            .take(count(w))
    {
        let d = w.free_day((last / 2).max(45), last - 4);
        let id = w.truth.incident("S005", format!("top-up from a new device in {city}"));
        let mut t = TopUp::new(wallet, method, yuan(500), "4g");
        (t.device, t.tags) = (Some((device, city)), vec![id]);
        let at = between(w, d, 9.0, 11.0);
        t.at(w, at);
    }
    // S006: two verification failures, then money leaves the wallet within the hour (paid from
    // the balance already there).
    for (wallet, method) in [(Wallet::WeChat, WX_ICBC), (Wallet::Alipay, ALI_ICBC)].into_iter().take(count(w)) {
        let d = w.free_day(14, last - 3);
        let id = w.truth.incident("S006", "payment right after two verification failures");
        let mut at = between(w, d, 9.0, 18.0);
        for _ in 0..2 {
            let f = words(w, Cause::IdentityVerification);
            failed(w, (wallet, method), at, yuan(500), "wifi", f, &[id]);
            at += Duration::seconds(w.rng.int(300, 700));
        }
        // No top-up gets through: a retry that passed verification would be the owner.
        let paid = at + Duration::minutes(w.rng.int(15, 40));
        let amount = w.rng.cents(2500, 5000);
        pay(w, wallet, paid, regular(wallet, 2), amount, &[id]);
        w.busy.insert(i64::from(d));
    }
    // S007: the same charge twice within minutes (and a near miss 25 minutes apart).
    let n = count(w);
    for wallet in BOTH.into_iter().take(n) {
        let id = w.truth.incident("S007", "the same amount charged twice within minutes");
        twice(w, wallet, (60, 240), id);
    }
    let id = w.truth.control(&["S007"], "the same amount to one merchant 25 minutes apart");
    twice(w, Wallet::WeChat, (1500, 1700), id);
    // S008: purchases in a foreign currency abroad on the ICBC card.
    let from = (w.layout.days / 2).min(45);
    let days: Vec<u32> = bank_days(w, 1, 2).into_iter().filter(|d| *d >= from).collect();
    let abroad = [("USD", "美元", "USA", "AMAZON.COM"), ("HKD", "港币", "HKG", "莎莎化妆品(铜锣湾)")];
    for (code, name, country, place) in abroad.into_iter().take(count(w)) {
        let d = w.free_day_among(&days);
        let id = w.truth.incident("S008", format!("ICBC purchase in {code} in {country}"));
        let at = between(w, d, 9.0, 20.0);
        let row = BankRow {
            summary: "消费",
            place: place.into(),
            counterparty: place.into(),
            cp_account: "-",
            dir: Dir::Out,
            amount: w.rng.cents(1999, 7999),
            currency: (code, name, country),
            omit: false,
        };
        w.push(at, Row::Bank(row), &[id]);
    }
}

/// `n` charges of at most 5.00 one to three minutes apart, each at a merchant never seen.
fn small_charges(w: &mut World, wallet: Wallet, n: usize, set: usize, id: usize) {
    const NAMES: [[&str; 4]; 3] = [
        ["鑫达商贸", "优品汇网络科技", "星辰数码", "云购便利"],
        ["恒通电子商务", "佳禾百货", "速达通讯", "乐享生活馆"],
        ["金桥小卖部", "百顺商行", "惠民超市", "易购数码"],
    ];
    let d = w.free_day(14, w.layout.days - 4);
    let mut at = between(w, d, 10.0, 17.0);
    w.quiet.push((wallet, at - Duration::minutes(12), at + Duration::minutes(25)));
    let kind = if wallet == Wallet::WeChat { "商户消费" } else { "日用百货" };
    for name in NAMES.get(set).into_iter().flatten().take(n) {
        // Testers probe with cents.
        let amount = w.rng.cents(1, 100);
        pay(w, wallet, at, (kind, name), amount, &[id]);
        at += Duration::seconds(w.rng.int(60, 170));
    }
}

/// The same amount to a regular payee twice, `gap` seconds apart.
fn twice(w: &mut World, wallet: Wallet, gap: (i64, i64), id: usize) {
    let d = w.free_day(14, w.layout.days - 4);
    let at = between(w, d, 11.0, 20.0);
    let amount = w.rng.cents(2000, 6000);
    let next = at + Duration::seconds(w.rng.int(gap.0, gap.1));
    w.quiet.push((wallet, at - Duration::minutes(12), next + Duration::minutes(12)));
    pay(w, wallet, at, regular(wallet, 0), amount, &[id]);
    pay(w, wallet, next, regular(wallet, 0), amount, &[id]);
}
