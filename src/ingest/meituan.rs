//! Meituan Pay bill CSV (美团交易账单明细), UTF-8 with BOM: a preamble (`美团用户名：[…]`,
//! `起始时间：[2026-09-01] 终止时间：[2026-09-30]`, `共：29笔记录`, totals, notes, lines of `""`,
//! sometimes every line padded with commas), the marker `【美团交易账单明细列表】`, then
//! `交易创建时间,交易成功时间,交易类型,订单标题,收/支,支付方式,订单金额,实付金额,交易单号,商家单号,备注`.
//! Amounts are written `¥16.00`; the money that moved is 实付金额 (订单金额 is before discounts).
//! There is no status column: 交易类型 (支付, 退款, 还款 …) says what happened, and a row without a
//! 交易成功时间 never went through.

use super::bill_summary::{record_count, reference};
use super::preamble::read_preamble;
use super::table::{Row, collect_rows, column, read_export};
use super::wallet_bill::{BillColumns, Wallet, funding_card, kind_by_direction, status_from_words};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::{Direction, Kind, Side, Status, Transaction};

pub struct MeituanPay;

/// The account and provider of Meituan Pay rows: the provider bank statements are recognised
/// by (`美团支付`, `三快` → `meituan-pay`, see `institutions`).
const MEITUAN: Wallet = Wallet { account: "meituan-pay", shown: "Meituan Pay", status: status_of };

/// Header cells that identify the bill.
const HEADER: [&str; 5] = ["交易创建时间", "交易成功时间", "订单标题", "实付金额", "交易单号"];

impl Adapter for MeituanPay {
    fn name(&self) -> &str {
        "meituan-pay"
    }
    fn side(&self) -> Side {
        Side::Wallet
    }
    fn description(&self) -> &'static str {
        "Meituan Pay bill CSV (美团交易账单明细, UTF-8 with BOM)"
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[&HEADER]
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_export(src, header_line)?;
        let col = |names: &[&str]| column(&header, names);
        let bill = BillColumns {
            // The success time is when the money moved; a row that never succeeded has only
            // its creation time.
            time: [col(&["交易成功时间"]), col(&["交易创建时间"])].into_iter().flatten().collect(),
            amount: col(&["实付金额"]),
            status: None,
            counterparty: None,
            description: col(&["订单标题"]),
            method: col(&["支付方式"]),
            reference: col(&["交易单号"]),
            merchant_reference: col(&["商家单号"]),
        };
        let c = Cols {
            bill,
            succeeded_at: col(&["交易成功时间"]),
            kind: col(&["交易类型"]),
            direction: col(&["收/支"]),
            note: col(&["备注"]),
        };
        if c.bill.amount.is_none() {
            return Err("the Meituan Pay header has no amount column (实付金额)".into());
        }
        let mut out = Parsed { account: MEITUAN.account.into(), ..Parsed::default() };
        read_preamble(src, header_line, opts.zone, &mut out);
        out.declared_rows = out.declared_rows.or_else(|| record_count(src));
        collect_rows(&mut out, src, &rows, |row| read(row, &c, header.len(), src, opts));
        Ok(out)
    }
}

struct Cols {
    bill: BillColumns,
    succeeded_at: Option<usize>,
    kind: Option<usize>,
    direction: Option<usize>,
    note: Option<usize>,
}

fn read(row: &Row, c: &Cols, width: usize, src: &SourceText, opts: &IngestOptions) -> Result<Transaction, String> {
    let direction = match row.get(c.direction) {
        Some("支出") => Direction::Out,
        Some("收入") => Direction::In,
        _ => Direction::Neutral,
    };
    let mut t = c.bill.read(&MEITUAN, row, width, src, opts.zone, direction)?;
    (t.reference, t.merchant_reference) = (reference(t.reference.take()), reference(t.merchant_reference.take()));
    let kind = row.get(c.kind).unwrap_or_default();
    t.status = status_of(&[kind, row.get(c.note).unwrap_or_default()].join(" "));
    if t.status == Status::Success && row.get(c.succeeded_at).is_none() {
        t.status = Status::Failed;
    }
    t.kind = kind_of(kind, &t);
    t.card_last4 = funding_card(&t, []);
    Ok(t)
}

/// Status words in 交易类型 or 备注 (`支付失败`, `已关闭` …); none means the row went through.
fn status_of(text: &str) -> Status {
    status_from_words(text, &["关闭", "撤销", "取消"])
}

/// The kind from 交易类型: 支付 is spending, 退款 a refund, 还款 a 美团月付 repayment (money the
/// card pays to Meituan, matched with its bank debit like a payment), 充值 / 提现 move money
/// between a card and the Meituan balance.
fn kind_of(kind: &str, t: &Transaction) -> Kind {
    if kind.contains("退款") {
        Kind::Refund
    } else if kind.contains("还款") || kind.contains("转账") {
        Kind::Transfer
    } else if kind.contains("充值") {
        Kind::TopUp
    } else if kind.contains("提现") {
        Kind::Withdrawal
    } else if kind.contains("手续费") || kind.contains("服务费") {
        Kind::Fee
    } else {
        kind_by_direction(t.direction)
    }
}
