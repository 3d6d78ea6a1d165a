//! Compositions of rows that tell one thing that happened: a top-up (attempt, wallet row, bank
//! debit), a failed attempt, a wallet payment (with its debit when a card paid), a bank row.

use super::event::{ALIPAY_CO, AttemptRow, BankRow, CNY, Dir, Row, TENPAY, Time, Wallet, WalletRow, is_icbc};
use super::vocab::Failure;
use super::world::{Ref, World};
use chrono::Duration;
use rust_decimal::Decimal;

/// The app that logs a wallet's attempts on `at`: device, location and version.
pub fn app(w: &World, wallet: Wallet, at: Time) -> (&'static str, &'static str, &'static str) {
    match wallet {
        Wallet::WeChat => ("iPhone 15", "上海", "8.0.50"),
        Wallet::Alipay if w.layout.day_of(at) < i64::from(w.layout.upgrade_day) => ("Mi 14", "上海", "10.5.8"),
        Wallet::Alipay => ("Mi 14", "上海", "10.6.20"),
    }
}

/// An attempt-log row with the wallet's usual app.
pub fn attempt(
    w: &World,
    wallet: Wallet,
    at: Time,
    method: &'static str,
    amount: Decimal,
    network: &'static str,
) -> AttemptRow {
    let (device, location, app_version) = app(w, wallet, at);
    AttemptRow {
        wallet,
        amount,
        raw_amount: None,
        status: "success",
        method,
        reference: String::new(),
        code: "",
        message: "",
        network,
        device,
        location,
        app_version,
    }
}

/// A successful top-up; `debit` and `extra` shape what the bank shows.
pub struct TopUp {
    pub wallet: Wallet,
    pub method: &'static str,
    pub amount: Decimal,
    pub network: &'static str,
    /// The amount the bank debits (default: the top-up's).
    pub debit: Option<Decimal>,
    /// Further debits of the same amount (duplicates).
    pub extra: u32,
    /// The debit is in the balance but not in the file.
    pub omit: bool,
    /// Device and location, when not the wallet's usual app.
    pub device: Option<(&'static str, &'static str)>,
    pub tags: Vec<usize>,
    /// Tags of the debit rows only (an omitted debit carries only these).
    pub debit_tags: Vec<usize>,
    /// When the bank posts the debit (default: seconds after the wallet row).
    pub post: Option<Time>,
}

impl TopUp {
    pub fn new(wallet: Wallet, method: &'static str, amount: Decimal, network: &'static str) -> TopUp {
        TopUp {
            wallet,
            method,
            amount,
            network,
            debit: None,
            extra: 0,
            omit: false,
            device: None,
            tags: vec![],
            debit_tags: vec![],
            post: None,
        }
    }

    /// Writes the attempt at `at`, the wallet row a second or two later, the debit after it.
    pub fn at(self, w: &mut World, at: Time) {
        let lag = Duration::seconds(w.rng.int(1, 4));
        let (kind, style) = match self.wallet {
            Wallet::WeChat => ("零钱充值", Ref::WxTopUp),
            Wallet::Alipay => ("充值提现", Ref::AliTopUp),
        };
        let reference = w.reference(style, at + lag);
        let (counterparty, goods, dir, status) = match self.wallet {
            Wallet::WeChat => (self.method.to_string(), "/".to_string(), Dir::Neutral, "充值完成"),
            Wallet::Alipay => ("余额充值".to_string(), "充值-普通充值".to_string(), Dir::Neutral, "交易成功"),
        };
        let row = WalletRow {
            wallet: self.wallet,
            kind,
            counterparty,
            cp_account: "/",
            goods,
            dir,
            amount: self.amount,
            raw_amount: None,
            method: self.method.to_string(),
            status,
            reference: reference.clone(),
            merchant_ref: "/".into(),
        };
        let mut log = attempt(w, self.wallet, at, self.method, self.amount, self.network);
        log.reference = reference;
        if let Some((device, location)) = self.device {
            (log.device, log.location) = (device, location);
        }
        w.push(at, Row::Attempt(log), &self.tags);
        w.push(at + lag, Row::Wallet(row), &self.tags);
        if is_icbc(self.method) {
            let mut tags = if self.omit { vec![] } else { self.tags.clone() };
            tags.extend(&self.debit_tags);
            let amount = self.debit.unwrap_or(self.amount);
            let post = self.post.unwrap_or(at + lag + Duration::seconds(5));
            for n in 0..=self.extra {
                let when = post + Duration::minutes(2 * i64::from(n));
                provider_debit(w, self.wallet, when, amount, "充值", self.omit, &tags);
            }
        }
    }
}

/// A failed attempt (nothing else shows it unless the caller adds a debit).
pub fn failed(
    w: &mut World,
    (wallet, method): (Wallet, &'static str),
    at: Time,
    amount: Decimal,
    network: &'static str,
    failure: &Failure,
    tags: &[usize],
) {
    let mut log = attempt(w, wallet, at, method, amount, network);
    (log.status, log.code, log.message) = ("failed", failure.code, failure.message);
    w.push(at, Row::Attempt(log), tags);
}

/// The ICBC debit (or credit) to a wallet provider.
pub fn provider_debit(
    w: &mut World,
    wallet: Wallet,
    at: Time,
    amount: Decimal,
    what: &str,
    omit: bool,
    tags: &[usize],
) {
    provider_row(w, wallet, at, amount, what, Dir::Out, omit, tags);
}

#[allow(clippy::too_many_arguments)]
pub fn provider_row(
    w: &mut World,
    wallet: Wallet,
    at: Time,
    amount: Decimal,
    what: &str,
    dir: Dir,
    omit: bool,
    tags: &[usize],
) {
    let (summary, place, counterparty, account) = match (wallet, dir) {
        (Wallet::WeChat, Dir::In) => ("退款", format!("财付通-{what}"), TENPAY, "2430****8018"),
        (Wallet::WeChat, _) => ("消费", format!("财付通-{what}"), TENPAY, "2430****8018"),
        (Wallet::Alipay, Dir::In) => {
            (if what.contains("提现") { "提现" } else { "退款" }, format!("支付宝-{what}"), ALIPAY_CO, "2150****0567")
        }
        (Wallet::Alipay, _) => ("快捷支付", format!("支付宝-{what}"), ALIPAY_CO, "2150****0567"),
    };
    let row = BankRow {
        summary,
        place,
        counterparty: counterparty.into(),
        cp_account: account,
        dir,
        amount,
        currency: CNY,
        omit,
    };
    w.push(at, Row::Bank(row), tags);
}

/// A wallet payment to `counterparty`; a card-funded one also gets its ICBC debit.
pub struct Payment {
    pub wallet: Wallet,
    pub kind: &'static str,
    pub counterparty: String,
    pub goods: String,
    pub amount: Decimal,
    pub method: String,
}

impl Payment {
    pub fn at(self, w: &mut World, at: Time, tags: &[usize]) -> String {
        let style = match (self.wallet, self.kind) {
            (Wallet::WeChat, "转账") => Ref::WxTransfer,
            (Wallet::WeChat, "微信红包") => Ref::WxRedPacket,
            (Wallet::WeChat, _) => Ref::WxPay,
            (Wallet::Alipay, "转账红包") => Ref::AliTransfer,
            (Wallet::Alipay, _) => Ref::AliPay,
        };
        let reference = w.reference(style, at);
        let merchant_ref = match self.kind {
            "转账" | "微信红包" | "转账红包" | "扫二维码付款" => "/".to_string(),
            _ => w.reference(Ref::Merchant, at),
        };
        let status = match (self.wallet, self.kind) {
            (Wallet::WeChat, "转账") => "对方已收钱",
            (Wallet::WeChat, "扫二维码付款") => "已转账",
            (Wallet::WeChat, _) => "支付成功",
            (Wallet::Alipay, _) => "交易成功",
        };
        let card = is_icbc(&self.method);
        let place = self.counterparty.clone();
        let row = WalletRow {
            wallet: self.wallet,
            kind: self.kind,
            counterparty: self.counterparty,
            cp_account: "/",
            goods: self.goods,
            dir: Dir::Out,
            amount: self.amount,
            raw_amount: None,
            method: self.method,
            status,
            reference: reference.clone(),
            merchant_ref,
        };
        w.push(at, Row::Wallet(row), tags);
        if card {
            provider_debit(w, self.wallet, at + Duration::seconds(3), self.amount, &place, false, &[]);
        }
        reference
    }
}

/// An ICBC row that is not to or from a wallet (salary, rent, shops, interest).
#[allow(clippy::too_many_arguments)]
pub fn bank(
    w: &mut World,
    at: Time,
    dir: Dir,
    amount: Decimal,
    summary: &'static str,
    place: &str,
    counterparty: &str,
    account: &'static str,
    tags: &[usize],
) {
    let row = BankRow {
        summary,
        place: place.into(),
        counterparty: counterparty.into(),
        cp_account: account,
        dir,
        amount,
        currency: CNY,
        omit: false,
    };
    w.push(at, Row::Bank(row), tags);
}
