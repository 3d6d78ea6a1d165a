//! Writes an ICBC debit-card statement 明细查询文件下载 (2024 layout, with 交易详情): UTF-8,
//! cells padded to GBK widths and closed by TABs, running balance, newest row first, totals.

use super::event::{BankRow, Dir, Time};
use super::spool::{Spool, pad_chars, pad_gbk, thousands};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

const HEADER: &str = "交易日期,摘要,交易详情,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),\
交易币种,记账金额(收入),记账金额(支出),记账币种,余额,对方户名,对方账户";

pub struct IcbcExport {
    spool: Spool,
    /// Totals in and out per currency name (人民币, 美元, …).
    totals: BTreeMap<&'static str, (Decimal, Decimal)>,
}

impl IcbcExport {
    pub fn new(spool: Spool) -> IcbcExport {
        IcbcExport { spool, totals: BTreeMap::new() }
    }

    /// Writes one row dated `at` with the balance after it.
    pub fn write(&mut self, at: Time, r: &BankRow, balance: Decimal) -> Result<u64, String> {
        let q = |text: &str, width: usize| format!("\"{}\t\"", pad_gbk(text, width));
        let u = |text: &str, width: usize| format!("{}\t", pad_gbk(text, width));
        let amount = thousands(r.amount);
        let (income, expense) = if r.dir == Dir::In { (amount, String::new()) } else { (String::new(), amount) };
        let total = self.totals.entry(r.currency.1).or_default();
        if r.dir == Dir::In {
            total.0 += r.amount;
        } else {
            total.1 += r.amount;
        }
        let foreign = r.currency.0 != "CNY";
        let (txn_in, txn_out, txn_ccy) =
            if foreign { (income.as_str(), expense.as_str(), r.currency.1) } else { ("-", "-", "-") };
        let cells = [
            u(&at.format("%Y-%m-%d").to_string(), 15),
            q(r.summary, 20),
            q("", 30),
            q(&r.place, 60),
            q(r.currency.2, 20),
            u(if foreign { "汇" } else { "钞" }, 10),
            q(txn_in, 20),
            q(txn_out, 20),
            u(txn_ccy, 15),
            q(&income, 20),
            q(&expense, 20),
            u(r.currency.1, 15),
            q(&thousands(balance), 20),
            format!("\"{}\t\"", pad_chars(&r.counterparty, 140)),
            q(r.cp_account, 19),
            String::new(),
        ];
        self.spool.row(format!("{}\n", cells.join(",")).as_bytes())
    }

    /// Writes the file: preamble, rows newest first, totals. Returns (rows, lines before the first row).
    pub fn finish(self, path: &Path) -> Result<(u64, u64), String> {
        let pre = [
            "明细查询文件下载",
            "",
            "卡号: 6222****4321,\"卡别名: 工资卡\"",
            "",
            "子账户序号: 00000,子账户类别: 活期,\"子账户别名: \"",
            "",
            HEADER,
        ];
        let err = |e: std::io::Error| format!("{}: cannot write: {e}", path.display());
        let file = std::fs::File::create(path).map_err(|e| format!("{}: cannot create: {e}", path.display()))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        for line in pre {
            writeln!(out, "{line}").map_err(err)?;
        }
        let n = self.spool.rows;
        self.spool.drain_into(&mut out, true, path)?;
        writeln!(out, " ").map_err(err)?;
        for (name, (income, expense)) in &self.totals {
            let cell = |d: Decimal| format!("\"{}\t\"", pad_gbk(&thousands(d), 18));
            writeln!(out, "{name}合计{}{},{},", ",".repeat(9), cell(*income), cell(*expense)).map_err(err)?;
        }
        out.flush().map_err(err)?;
        Ok((n, pre.len() as u64))
    }
}
