//! What cell text means across exports: currency names, bank summaries, card digits.

use crate::model::{Direction, Kind, Status, last4_digits};

/// ISO 4217 code for a currency as Chinese statements name it (`人民币` → `CNY`), or a code.
pub fn currency_code(raw: &str) -> Option<String> {
    const NAMES: &[(&str, &str)] = &[
        ("人民币", "CNY"),
        ("美元", "USD"),
        ("欧元", "EUR"),
        ("港币", "HKD"),
        ("港元", "HKD"),
        ("日元", "JPY"),
        ("英镑", "GBP"),
        ("澳大利亚元", "AUD"),
        ("澳元", "AUD"),
        ("加拿大元", "CAD"),
        ("加元", "CAD"),
        ("新加坡元", "SGD"),
        ("瑞士法郎", "CHF"),
        ("韩元", "KRW"),
        ("新台币", "TWD"),
        ("澳门元", "MOP"),
        ("新西兰元", "NZD"),
        ("泰铢", "THB"),
    ];
    let s = raw.trim();
    if let Some((_, code)) = NAMES.iter().find(|(name, _)| s.starts_with(name)) {
        return Some(code.to_string());
    }
    if s.eq_ignore_ascii_case("rmb") {
        return Some("CNY".into());
    }
    (s.len() == 3 && s.chars().all(|c| c.is_ascii_alphabetic())).then(|| s.to_ascii_uppercase())
}

/// What a bank or mapped row is about, from its summary (`摘要`) and direction.
pub fn kind_from_summary(summary: &str, direction: Direction) -> Kind {
    let text = summary.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["退款", "冲正", "退货", "撤销", "refund", "reversal"]) {
        return Kind::Refund;
    }
    // English card statements (HSBC): `RETURN:  MERCHANT` is a merchandise return.
    if direction == Direction::In && has(&["return"]) {
        return Kind::Refund;
    }
    if direction == Direction::Out && has(&["手续费", "年费", "服务费", "工本费", "管理费"]) {
        return Kind::Fee;
    }
    if has(&["充值", "top-up", "top up", "topup"]) {
        return Kind::TopUp;
    }
    if has(&["提现", "withdraw"]) {
        return Kind::Withdrawal;
    }
    let income = ["工资", "汇入", "返现", "利息", "结息", "奖金", "报销", "代发", "salary", "interest"];
    if direction == Direction::In && has(&income) {
        return Kind::Income;
    }
    let payment = ["消费", "快捷支付", "无卡支付", "网上支付", "扣款", "缴费", "网购", "purchase", "payment"];
    if direction == Direction::Out && has(&payment) {
        return Kind::Payment;
    }
    // A payment received is a transfer in: a card's repayment (`PAYMENT - THANK YOU`).
    if direction == Direction::In && has(&["payment"]) {
        return Kind::Transfer;
    }
    if has(&["汇款", "网转", "转账", "转入", "转出", "还款", "赎回", "transfer"]) {
        return Kind::Transfer;
    }
    Kind::Other
}

/// A bank row's posting status as its status column words it (HSBC credit card `Transaction
/// status`): `POSTED` is booked; `PENDING`, or an authorisation not yet booked, is pending.
/// Any other word is refused, naming it: counting an unknown state as booked could report a
/// hold that never settles as a debit.
pub fn posting_status(raw: &str) -> Result<Status, String> {
    match raw.trim().to_ascii_uppercase().as_str() {
        "POSTED" => Ok(Status::Success),
        "PENDING" | "AUTHORISED" | "AUTHORIZED" => Ok(Status::Pending),
        _ => Err(format!("transaction status {raw:?} is neither POSTED nor PENDING")),
    }
}

/// The last four card digits in the first of `texts` that has them.
pub fn first_card_digits<'a>(texts: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    texts.into_iter().flatten().find_map(last4_digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_icbc_summaries() {
        use Direction::{In, Out};
        assert_eq!(kind_from_summary("消费", Out), Kind::Payment);
        assert_eq!(kind_from_summary("银联消费", Out), Kind::Payment);
        assert_eq!(kind_from_summary("网上支付-支付宝", Out), Kind::Payment);
        assert_eq!(kind_from_summary("退款", In), Kind::Refund);
        assert_eq!(kind_from_summary("消费撤销", In), Kind::Refund);
        assert_eq!(kind_from_summary("工资", In), Kind::Income);
        assert_eq!(kind_from_summary("他行汇入", In), Kind::Income);
        assert_eq!(kind_from_summary("网转", Out), Kind::Transfer);
        assert_eq!(kind_from_summary("跨行汇款", Out), Kind::Transfer);
        assert_eq!(kind_from_summary("年费", Out), Kind::Fee);
        assert_eq!(kind_from_summary("某某", Out), Kind::Other);
    }

    #[test]
    fn kinds_from_english_card_statements() {
        use Direction::{In, Out};
        assert_eq!(kind_from_summary("SALARY PAYMENT           ACME LTD", In), Kind::Income);
        assert_eq!(kind_from_summary("PAYMENT - THANK YOU", In), Kind::Transfer);
        assert_eq!(kind_from_summary("BILL PAYMENT             ELECTRICITY", Out), Kind::Payment);
        assert_eq!(kind_from_summary("RETURN:  PINDUODUO PLATFORM", In), Kind::Refund);
        assert_eq!(kind_from_summary("ALIPAYHK TOP UP", Out), Kind::TopUp);
        assert_eq!(kind_from_summary("INTEREST CREDIT", In), Kind::Income);
    }

    #[test]
    fn posting_statuses() {
        assert_eq!(posting_status("POSTED"), Ok(Status::Success));
        assert_eq!(posting_status(" Pending "), Ok(Status::Pending));
        assert_eq!(posting_status("AUTHORISED"), Ok(Status::Pending));
        let refused = posting_status("REVERSED").expect_err("an unknown word");
        assert!(refused.contains("\"REVERSED\""), "{refused}");
    }

    #[test]
    fn currencies_by_name_or_code() {
        assert_eq!(currency_code("人民币").as_deref(), Some("CNY"));
        assert_eq!(currency_code("美元").as_deref(), Some("USD"));
        assert_eq!(currency_code("usd").as_deref(), Some("USD"));
        assert_eq!(currency_code("钞"), None);
    }
}
