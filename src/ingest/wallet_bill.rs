//! What the Alipay and WeChat Pay bills share: the columns both have and reading a row of them,
//! status words, and bank cards as funding methods.

use super::SourceText;
use super::cells::first_card_digits;
use super::table::{Row, check_width};
use crate::institutions::bank_of;
use crate::model::{
    Direction, Kind, Money, Side, Status, Transaction, Zone, last4_digits, parse_amount, parse_timestamp,
};

/// One wallet's bill: the account and provider its rows get, its name in messages, and how it
/// words a status.
pub struct Wallet {
    pub account: &'static str,
    pub shown: &'static str,
    pub status: fn(&str) -> Status,
}

/// Where the columns both bills have are, found under each wallet's own header names.
pub struct BillColumns {
    /// In order of preference: the first with a value is the row's time.
    pub time: Vec<usize>,
    pub amount: Option<usize>,
    pub status: Option<usize>,
    pub counterparty: Option<usize>,
    pub description: Option<usize>,
    pub method: Option<usize>,
    pub reference: Option<usize>,
    pub merchant_reference: Option<usize>,
}

impl BillColumns {
    /// The transaction a bill row describes, with the shared columns read; `direction` is the
    /// wallet's reading of its `收/支`, and kind and card are the wallet adapter's to set.
    pub fn read(
        &self,
        wallet: &Wallet,
        row: &Row,
        width: usize,
        src: &SourceText,
        zone: Zone,
        direction: Direction,
    ) -> Result<Transaction, String> {
        // Exports write every cell of every row: a shorter row was cut (mid-reference, say).
        check_width(row, width, width)?;
        let raw_time = self.time.iter().find_map(|&i| row.get(Some(i))).ok_or("time is empty")?;
        let when = parse_timestamp(raw_time, zone).map_err(|_| format!("time {raw_time:?} is not a date and time"))?;
        let raw_amount = row.get(self.amount).ok_or("amount is empty")?;
        let value = parse_amount(raw_amount).map_err(|_| format!("amount {raw_amount:?} is not an amount"))?;
        if value.is_sign_negative() {
            let shown = wallet.shown;
            return Err(format!("amount {raw_amount:?} is negative; {shown} writes amounts unsigned with 收/支"));
        }
        let money = Money::cny(value);
        let mut t = Transaction::new(src.at(row.line), Side::Wallet, wallet.account, when, money, direction);
        t.provider = Some(wallet.account.into());
        t.status = row.get(self.status).map_or(Status::Success, wallet.status);
        t.counterparty = row.text(self.counterparty);
        t.description = row.text(self.description);
        t.method = row.text(self.method);
        t.reference = row.text(self.reference);
        t.merchant_reference = row.text(self.merchant_reference);
        Ok(t)
    }
}

/// A status as a wallet words it; `cancelled` are that wallet's words for a payment that moved
/// no money. Unknown text counts as success, so no row is lost.
pub fn status_from_words(text: &str, cancelled: &[&str]) -> Status {
    match text {
        s if s.contains("失败") => Status::Failed,
        s if cancelled.iter().any(|w| s.contains(w)) => Status::Cancelled,
        s if s.ends_with('中') || s.starts_with('待') || s.starts_with("等待") => Status::Pending,
        _ => Status::Success,
    }
}

/// Text naming a bank card (`工商银行(9876)`, `招商银行储蓄卡`), not the wallet's balance (零钱,
/// 余额宝).
pub fn names_card(text: &str) -> bool {
    last4_digits(text).is_some() || bank_of(text).is_some()
}

/// The funding card's last four digits: from the method, or for top-ups and withdrawals, where
/// the card may be named only as the other side, from the first of `others` that names one.
pub fn funding_card<'a>(t: &'a Transaction, others: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let card_is_other_side = matches!(t.kind, Kind::TopUp | Kind::Withdrawal);
    let others = others.into_iter().filter(|_| card_is_other_side);
    first_card_digits(std::iter::once(t.method.as_deref()).chain(others))
}

/// The kind of a row nothing more specific describes: spending, income, or neither.
pub fn kind_by_direction(direction: Direction) -> Kind {
    match direction {
        Direction::Out => Kind::Payment,
        Direction::In => Kind::Income,
        Direction::Neutral => Kind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words() {
        let cancelled = ["关闭"];
        assert_eq!(status_from_words("支付失败", &cancelled), Status::Failed);
        assert_eq!(status_from_words("交易关闭", &cancelled), Status::Cancelled);
        assert_eq!(status_from_words("处理中", &cancelled), Status::Pending);
        assert_eq!(status_from_words("等待付款", &cancelled), Status::Pending);
        assert_eq!(status_from_words("已存入零钱", &cancelled), Status::Success);
    }
}
