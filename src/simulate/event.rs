//! The household's rows before any export renders them: wallet, bank and attempt rows, the
//! cards and names they use, and the queue that hands them out in time order.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use std::cmp::Ordering;

pub type Time = NaiveDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wallet {
    Alipay,
    WeChat,
}

impl Wallet {
    pub fn code(self) -> &'static str {
        match self {
            Wallet::Alipay => "alipay",
            Wallet::WeChat => "wechat",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    In,
    Out,
    Neutral,
}

/// Funding methods as each wallet (and its attempt log) shows them.
pub const WX_ICBC: &str = "工商银行(4321)";
pub const WX_CMB: &str = "招商银行(2291)";
pub const WX_CCB: &str = "建设银行(6610)";
pub const ALI_ICBC: &str = "工商银行储蓄卡(4321)";
pub const ALI_BOCOM: &str = "交通银行信用卡(7449)";
pub const TENPAY: &str = "深圳市财付通支付科技有限公司";
pub const ALIPAY_CO: &str = "支付宝（中国）网络技术有限公司";

/// The ICBC card a method draws on, if any (only its statement is exported).
pub fn is_icbc(method: &str) -> bool {
    method == WX_ICBC || method == ALI_ICBC
}

/// One row of a wallet bill (Alipay or WeChat Pay).
#[derive(Debug, Clone)]
pub struct WalletRow {
    pub wallet: Wallet,
    /// 交易类型 (WeChat) or 交易分类 (Alipay).
    pub kind: &'static str,
    pub counterparty: String,
    /// 对方账号 (Alipay only).
    pub cp_account: &'static str,
    pub goods: String,
    pub dir: Dir,
    pub amount: Decimal,
    /// Written instead of the amount (an unreadable row).
    pub raw_amount: Option<String>,
    pub method: String,
    pub status: &'static str,
    pub reference: String,
    pub merchant_ref: String,
}

/// One ICBC movement; only its date is exported, `omit` rows are in the balance but not the file.
#[derive(Debug, Clone)]
pub struct BankRow {
    pub summary: &'static str,
    pub place: String,
    pub counterparty: String,
    pub cp_account: &'static str,
    pub dir: Dir,
    pub amount: Decimal,
    /// ISO code, ICBC's name for it, and the country of the transaction.
    pub currency: (&'static str, &'static str, &'static str),
    pub omit: bool,
}

pub const CNY: (&str, &str, &str) = ("CNY", "人民币", "CHN");

/// One row of the canonical attempts log.
#[derive(Debug, Clone)]
pub struct AttemptRow {
    pub wallet: Wallet,
    pub amount: Decimal,
    pub raw_amount: Option<String>,
    pub status: &'static str,
    pub method: &'static str,
    pub reference: String,
    pub code: &'static str,
    pub message: &'static str,
    pub network: &'static str,
    pub device: &'static str,
    pub location: &'static str,
    pub app_version: &'static str,
}

#[derive(Debug, Clone)]
pub enum Row {
    Wallet(WalletRow),
    Bank(BankRow),
    Attempt(AttemptRow),
}

/// A row at its time, with the truth entries (incidents, controls) it is evidence of.
#[derive(Debug, Clone)]
pub struct Event {
    pub at: Time,
    pub seq: u64,
    pub row: Row,
    pub tags: Vec<usize>,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
/// Reversed, so that a `BinaryHeap` pops the earliest event first.
impl Ord for Event {
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}
