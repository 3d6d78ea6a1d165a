//! JD Pay bill CSV (京东 交易流水, the 京东金融 app's export "用于个人对账"), UTF-8 with or
//! without BOM: a preamble (`导出信息：`, `京东账号名：…`, `日期区间：… 至 …` or the older
//! `起始时间：… 终止时间：…`, `共：26笔记录`, totals, notes), then the header, in the 2024 column
//! order `交易时间,商户名称,交易说明,金额,收/付款方式,交易状态,收/支,交易分类,交易订单号,商家订单号,备注`
//! or the older `交易时间,交易分类,商户名称,交易说明,收/支,金额,…` (columns by name). Amounts may
//! carry their refunds (`131.77(已退款89.84)`, `468.32(已全额退款)`); times and references end in
//! a TAB.

use super::bill_summary::{date_range, record_count, reference};
use super::preamble::read_preamble;
use super::table::{Row, collect_rows, column, read_export};
use super::wallet_bill::{BillColumns, Wallet, funding_card, kind_by_direction, names_card, status_from_words};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::{Direction, Kind, Side, Status, Transaction, parse_amount};
use std::borrow::Cow;

pub struct JdPay;

/// The account and provider of JD Pay rows: the provider name bank statements are recognised
/// by (`京东支付`, `网银在线` → `jd-pay`, see `institutions`), so that coverage and matching
/// speak of one wallet.
const JD: Wallet = Wallet { account: "jd-pay", shown: "JD Pay", status: status_of };

/// Header cells that identify the bill in either column order. Alipay's app header is a subset
/// of these; with more cells this one is the more specific, so a JD bill is never read as Alipay.
const HEADER: [&str; 6] = ["交易时间", "商户名称", "交易说明", "收/支", "交易状态", "交易订单号"];

impl Adapter for JdPay {
    fn name(&self) -> &str {
        "jd-pay"
    }
    fn side(&self) -> Side {
        Side::Wallet
    }
    fn description(&self) -> &'static str {
        "JD Pay bill CSV (京东交易流水, UTF-8, 2021– layouts)"
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[&HEADER]
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_export(src, header_line)?;
        let col = |names: &[&str]| column(&header, names);
        let bill = BillColumns {
            time: col(&["交易时间"]).into_iter().collect(),
            amount: col(&["金额"]),
            status: col(&["交易状态"]),
            counterparty: col(&["商户名称"]),
            description: col(&["交易说明"]),
            method: col(&["收/付款方式"]),
            reference: col(&["交易订单号"]),
            merchant_reference: col(&["商家订单号"]),
        };
        let c = Cols { bill, category: col(&["交易分类"]), direction: col(&["收/支"]) };
        if c.bill.amount.is_none() {
            return Err("the JD Pay header has no amount column (金额)".into());
        }
        let mut out = Parsed { account: JD.account.into(), ..Parsed::default() };
        read_preamble(src, header_line, opts.zone, &mut out);
        out.declared_coverage = out.declared_coverage.or_else(|| date_range(src, header_line, opts.zone));
        out.declared_rows = out.declared_rows.or_else(|| record_count(src));
        collect_rows(&mut out, src, &rows, |row| read(row, &c, header.len(), src, opts));
        Ok(out)
    }
}

struct Cols {
    bill: BillColumns,
    category: Option<usize>,
    direction: Option<usize>,
}

fn read(row: &Row, c: &Cols, width: usize, src: &SourceText, opts: &IngestOptions) -> Result<Transaction, String> {
    let direction = match row.get(c.direction) {
        Some("支出") => Direction::Out,
        Some("收入") => Direction::In,
        _ => Direction::Neutral,
    };
    let raw_amount = row.get(c.bill.amount).unwrap_or_default();
    let (amount, refunded) = split_refund_note(raw_amount)?;
    // The shared reader parses the amount cell; give it the amount without its refund note.
    let row = match c.bill.amount.filter(|_| refunded) {
        Some(i) => {
            let mut plain = row.clone();
            if let Some(cell) = plain.cells.get_mut(i) {
                *cell = amount.to_string();
            }
            Cow::Owned(plain)
        }
        None => Cow::Borrowed(row),
    };
    let mut t = c.bill.read(&JD, &row, width, src, opts.zone, direction)?;
    (t.reference, t.merchant_reference) = (reference(t.reference.take()), reference(t.merchant_reference.take()));
    let status_text = row.get(c.bill.status).unwrap_or_default();
    t.kind = kind_of(row.get(c.category).unwrap_or_default(), status_text, refunded, &t);
    t.card_last4 = funding_card(&t, [t.counterparty.as_deref()]);
    Ok(t)
}

/// `131.77(已退款89.84)` → (`131.77`, refunded): the payment as charged (the card saw all of
/// it; the refund is a row of its own), and whether part or all of it came back. Any other
/// bracketed text is not an amount JD writes.
fn split_refund_note(raw: &str) -> Result<(&str, bool), String> {
    let Some((amount, note)) = raw.split_once(['(', '（']) else { return Ok((raw, false)) };
    let note = note.strip_suffix([')', '）']).unwrap_or("");
    let partial = note.strip_prefix("已退款").is_some_and(|r| parse_amount(r).is_ok_and(|v| v.is_sign_positive()));
    if note == "已全额退款" || partial {
        Ok((amount.trim(), true))
    } else {
        Err(format!("amount {raw:?} is not an amount (JD writes `10.00`, `10.00(已退款1.00)` or `10.00(已全额退款)`)"))
    }
}

/// JD's 交易状态: 交易成功 and 退款成功 moved money; 交易关闭 did not.
fn status_of(text: &str) -> Status {
    status_from_words(text, &["关闭", "撤销", "取消"])
}

/// The kind from 交易说明 (`京东钱包余额充值`, `京东小金库-转入`, `退款-…`, `白条主动还款`), 交易分类,
/// the status, the direction and the funding method.
fn kind_of(category: &str, status: &str, refunded: bool, t: &Transaction) -> Kind {
    let description = t.description.as_deref().unwrap_or("");
    let neutral = t.direction == Direction::Neutral;
    let card = t.method.as_deref().is_some_and(names_card) || t.counterparty.as_deref().is_some_and(names_card);
    let has = |word: &str| description.contains(word) || category.contains(word);
    if status.contains("退款") || description.starts_with("退款") || description.contains("价保退款") {
        Kind::Refund
    } else if has("手续费") || has("服务费") {
        Kind::Fee
    } else if neutral && (description.contains("提现") || (description.contains("转出") && card)) {
        Kind::Withdrawal
    } else if neutral && (description.contains("充值") || (description.contains("转入") && card)) {
        Kind::TopUp
    } else if description.contains("还款") || has("转账") {
        // A 白条 repayment from a card is money the card paid to JD: card-funded, so it is
        // matched with its bank debit like a payment.
        Kind::Transfer
    } else if refunded {
        // `468.32(已全额退款)` under 不计收支: paid, then refunded in full (the refund is its own row).
        Kind::Payment
    } else {
        kind_by_direction(t.direction)
    }
}

#[cfg(test)]
mod tests {
    use super::split_refund_note;

    #[test]
    fn amounts_with_their_refunds() {
        assert_eq!(split_refund_note("131.77(已退款89.84)"), Ok(("131.77", true)));
        assert_eq!(split_refund_note("468.32(已全额退款)"), Ok(("468.32", true)));
        assert_eq!(split_refund_note("397.84"), Ok(("397.84", false)));
        assert!(split_refund_note("233.1(已全额)").is_err());
        assert!(split_refund_note("223.1(已退款)").is_err());
        assert!(split_refund_note("233.11(已退款11.11)22").is_err());
    }
}
