//! Ordinary household life, one day at a time: small payments to recurring merchants (each
//! seen in the first week, never two of one account minutes apart, never at night), bills,
//! salary and rent, shop purchases on the ICBC card, transfers and red packets, refunds,
//! withdrawals, and top-ups that succeed (a few after one ordinary failure and a retry).

use super::event::{ALI_BOCOM, ALI_ICBC, Dir, Row, Time, WX_CMB, WX_ICBC, Wallet, WalletRow};
use super::stories::{Payment, TopUp, bank, failed, provider_row};
use super::vocab;
use super::world::{Ref, World};
use crate::model::Cause;
use chrono::{Datelike, Duration};
use rust_decimal::Decimal;

/// A recurring payee: bill kind, name, goods (`{n}` = order number), amount range in cents, hours.
pub struct Merchant {
    pub kind: &'static str,
    pub name: &'static str,
    pub goods: &'static str,
    pub cents: (i64, i64),
    pub hours: (i64, i64),
}

const fn m(
    kind: &'static str,
    name: &'static str,
    goods: &'static str,
    cents: (i64, i64),
    hours: (i64, i64),
) -> Merchant {
    Merchant { kind, name, goods, cents, hours }
}

#[rustfmt::skip]
pub const WECHAT: &[Merchant] = &[
    m("商户消费", "美团平台商户", "美团订单-{n}", (1800, 6200), (10, 22)),
    m("商户消费", "滴滴出行", "滴滴快车-上海", (1200, 4800), (7, 22)),
    m("商户消费", "全家FamilyMart", "全家便利店消费", (600, 3200), (7, 23)),
    m("商户消费", "罗森便利店", "罗森消费", (500, 2800), (7, 23)),
    m("商户消费", "星巴克", "星巴克咖啡", (2800, 4500), (8, 18)),
    m("商户消费", "麦当劳", "麦当劳餐厅点餐", (2200, 5600), (9, 21)),
    m("扫二维码付款", "老周蔬菜", "收款方备注:二维码收款", (800, 3600), (7, 19)),
    m("扫二维码付款", "阿英早餐", "收款方备注:二维码收款", (500, 1500), (7, 10)),
    m("商户消费", "拼多多平台商户", "拼多多订单-{n}", (900, 8800), (9, 23)),
    m("商户消费", "上海巴士", "乘车码-公交", (200, 400), (7, 21)),
];

#[rustfmt::skip]
pub const ALIPAY: &[Merchant] = &[
    m("餐饮美食", "瑞幸咖啡", "瑞幸咖啡订单", (900, 2900), (8, 17)),
    m("餐饮美食", "肯德基", "肯德基宅急送", (2600, 6800), (10, 21)),
    m("餐饮美食", "饿了么", "饿了么外卖订单", (1900, 5800), (10, 22)),
    m("交通出行", "上海地铁", "Metro大都会-乘车", (300, 700), (7, 22)),
    m("交通出行", "哈啰出行", "哈啰单车骑行", (150, 350), (7, 21)),
    m("日用百货", "盒马鲜生", "盒马订单", (3200, 11800), (9, 21)),
    m("日用百货", "淘宝平台商户", "淘宝订单-{n}", (1500, 11900), (9, 23)),
    m("生活服务", "美宜佳", "便利店消费", (400, 2600), (7, 23)),
];

/// ICBC card purchases in shops: place, counterparty, cents.
const SHOPS: &[(&str, &str, (i64, i64))] = &[
    ("上海联华超市有限公司", "上海联华超市有限公司", (3000, 18000)),
    ("上海百联世纪购物中心", "上海百联世纪购物中心有限公司", (5000, 16000)),
    ("中国石化上海石油分公司", "中国石化销售股份有限公司上海石油分公司", (10000, 18000)),
    ("屈臣氏上海南京西路店", "屈臣氏个人用品商店有限公司", (2000, 9000)),
];

/// A monthly bill: wallet, kind, payee, goods, cents, days after the rent.
type Bill = (Wallet, &'static str, &'static str, &'static str, (i64, i64), u32);

#[rustfmt::skip]
const BILLS: &[Bill] = &[
    (Wallet::WeChat, "商户消费", "上海燃气", "燃气费-户号3018****27", (5000, 9000), 1),
    (Wallet::WeChat, "商户消费", "上海城投水务", "水费-户号5507****19", (4000, 7000), 2),
    (Wallet::WeChat, "商户消费", "腾讯手机充值", "话费充值-陈哲", (5000, 5000), 3),
    (Wallet::Alipay, "充值缴费", "国网上海市电力公司", "电费-户号0217****36", (10000, 16000), 1),
    (Wallet::Alipay, "充值缴费", "中国移动", "话费充值-138****2716", (10000, 10000), 4),
];

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
        let (place, counterparty, cents) = *w.rng.pick(SHOPS);
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
        let m = &merchants[i];
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
        let m = &merchants[i];
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

/// Money in: transfers and red packets, a refunded order, a withdrawal to the ICBC card.
fn incoming(w: &mut World, d: u32) {
    let k = w.layout.scale;
    let at = |w: &mut World, lo: i64, hi: i64| w.layout.at(d, w.rng.int(lo * 3600, hi * 3600));
    let received = |w: &mut World, wallet, kind, who: &str, goods: &str, amount, status, style| {
        let when = at(w, 9, 21);
        let reference = w.reference(style, when);
        let row = WalletRow {
            wallet,
            kind,
            counterparty: who.into(),
            cp_account: "/",
            goods: goods.into(),
            dir: Dir::In,
            amount,
            raw_amount: None,
            method: if wallet == Wallet::WeChat { "/".into() } else { "余额".into() },
            status,
            reference,
            merchant_ref: "/".into(),
        };
        w.push(when, Row::Wallet(row), &[]);
    };
    for _ in 0..w.rng.poisson(0.1 * k) {
        let amount = Decimal::from(w.rng.int(1, 5) * 100);
        received(w, Wallet::WeChat, "转账", "陈哲", "转账备注:买菜钱", amount, "已收钱", Ref::WxTransfer);
    }
    for _ in 0..w.rng.poisson(0.05 * k) {
        let amount = Decimal::from(*w.rng.pick(&[20, 66, 88]));
        received(w, Wallet::WeChat, "微信红包", "妈妈", "/", amount, "已存入零钱", Ref::WxRedPacket);
    }
    for _ in 0..w.rng.poisson(0.03 * k) {
        let amount = Decimal::from(w.rng.int(2, 10) * 50);
        received(w, Wallet::Alipay, "转账红包", "许蔓", "转账-还款", amount, "交易成功", Ref::AliTransfer);
    }
    for _ in 0..w.rng.poisson(0.04 * k) {
        let when = at(w, 11, 19);
        let amount = w.rng.cents(2000, 6000);
        let goods = format!("美团订单-{}", when.format("%y%m%d%H%M"));
        let p = Payment {
            wallet: Wallet::WeChat,
            kind: "商户消费",
            counterparty: "美团平台商户".into(),
            goods: goods.clone(),
            amount,
            method: "零钱".into(),
        };
        if w.is_quiet(Wallet::WeChat, when) {
            continue;
        }
        p.at(w, when, &[]);
        let back = when + Duration::minutes(w.rng.int(20, 60));
        let reference = w.reference(Ref::WxRefund, back);
        let row = WalletRow {
            wallet: Wallet::WeChat,
            kind: "美团平台商户-退款",
            counterparty: "美团平台商户".into(),
            cp_account: "/",
            goods: format!("退款-{goods}"),
            dir: Dir::In,
            amount,
            raw_amount: None,
            method: "零钱".into(),
            status: "已全额退款",
            reference,
            merchant_ref: "/".into(),
        };
        w.push(back, Row::Wallet(row), &[]);
    }
    for _ in 0..w.rng.poisson(0.03 * k) {
        let when = at(w, 9, 20);
        let amount = Decimal::from(w.rng.int(2, 10) * 100);
        let reference = w.reference(Ref::AliWithdraw, when);
        let row = WalletRow {
            wallet: Wallet::Alipay,
            kind: "充值提现",
            counterparty: WX_ICBC.into(),
            cp_account: "/",
            goods: "提现-实时提现".into(),
            dir: Dir::Neutral,
            amount,
            raw_amount: None,
            method: "余额".into(),
            status: "交易成功",
            reference,
            merchant_ref: "/".into(),
        };
        w.push(when, Row::Wallet(row), &[]);
        provider_row(w, Wallet::Alipay, when + Duration::seconds(28), amount, "实时提现", Dir::In, false, &[]);
    }
}

const NETWORKS: [(&str, f64); 3] = [("wifi", 0.70), ("5g", 0.97), ("4g", 1.0)];

pub fn network(w: &mut World) -> &'static str {
    let roll = w.rng.unit();
    NETWORKS.iter().find(|(_, p)| roll < *p).map_or("wifi", |(n, _)| n)
}

/// An ordinary top-up; now and then one ordinary failure first, then a retry that succeeds.
fn top_up(w: &mut World, d: u32, wallet: Wallet) {
    let when = w.layout.at(d, w.rng.int(8 * 3600, 22 * 3600 + 50 * 60));
    let (amounts, method): (&[i64], &'static str) = match wallet {
        Wallet::WeChat if w.rng.chance(0.12) => (&[100, 200, 300, 500], WX_CMB),
        Wallet::WeChat => (&[100, 200, 300, 500], WX_ICBC),
        Wallet::Alipay => (&[200, 300, 500, 1000], ALI_ICBC),
    };
    let mut amount = Decimal::from(*w.rng.pick(amounts));
    let net = network(w);
    let mut start = when;
    let may_fail = !w.layout.ordinary && method != WX_CMB && !w.busy.contains(&i64::from(d));
    if may_fail && w.rng.chance(0.07) {
        let causes = [
            (Cause::InsufficientFunds, 0.25),
            (Cause::BankLimit, 0.45),
            (Cause::IdentityVerification, 0.60),
            (Cause::Network, 0.85),
            (Cause::WalletSystem, 1.0),
        ];
        let roll = w.rng.unit();
        let cause = causes.iter().find(|(_, p)| roll < *p).map_or(Cause::Network, |(c, _)| *c);
        let words = *w.rng.pick(&vocab::of(cause));
        failed(w, (wallet, method), when, amount, net, words, &[]);
        if matches!(cause, Cause::InsufficientFunds | Cause::BankLimit) {
            amount = (amount / Decimal::TWO).round_dp(0).max(Decimal::from(50));
        }
        start = when + Duration::seconds(w.rng.int(60, 240));
    }
    TopUp::new(wallet, method, amount, net).at(w, start);
}
