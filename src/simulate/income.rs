//! Ordinary money in: transfers and red packets received, a refunded order, withdrawals from
//! Alipay to the ICBC card.

use super::event::{Dir, Row, WX_ICBC, Wallet, WalletRow};
use super::stories::provider_row;
use super::world::{Ref, World};
use chrono::Duration;
use rust_decimal::Decimal;

/// Money in: transfers and red packets, a refunded order, a withdrawal to the ICBC card.
pub fn incoming(w: &mut World, d: u32) {
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
        let amount = Decimal::from(w.rng.pick(&[20, 66, 88]).unwrap_or(20));
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
        if w.is_quiet(Wallet::WeChat, when) {
            continue;
        }
        // The order shows 已全额退款; its refund is a row of its own with the same 商户单号.
        let (reference, merchant_ref) = (w.reference(Ref::WxPay, when), w.reference(Ref::Merchant, when));
        let order = WalletRow {
            wallet: Wallet::WeChat,
            kind: "商户消费",
            counterparty: "美团平台商户".into(),
            cp_account: "/",
            goods: goods.clone(),
            dir: Dir::Out,
            amount,
            raw_amount: None,
            method: "零钱".into(),
            status: "已全额退款",
            reference,
            merchant_ref: merchant_ref.clone(),
        };
        w.push(when, Row::Wallet(order), &[]);
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
            merchant_ref,
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
