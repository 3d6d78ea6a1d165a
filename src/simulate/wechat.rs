//! Writes a WeChat Pay bill CSV (微信支付账单明细, pre-2025 layout): UTF-8 (the first export with
//! BOM and CRLF, a later one without), comma-padded preamble, `¥` amounts, newest row first.

use super::event::{Dir, Time, WalletRow};
use super::spool::{Spool, two};
use rust_decimal::Decimal;
use std::io::Write;
use std::path::Path;

const HEADER: &str = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注";

pub struct WeChatExport {
    spool: Spool,
    crlf: bool,
    /// Count and total of 收入, 支出, 中性交易.
    sums: [(u64, Decimal); 3],
}

impl WeChatExport {
    pub fn new(spool: Spool, crlf: bool) -> WeChatExport {
        WeChatExport { spool, crlf, sums: Default::default() }
    }

    fn newline(&self) -> &'static str {
        if self.crlf { "\r\n" } else { "\n" }
    }

    pub fn write(&mut self, at: Time, r: &WalletRow) -> Result<u64, String> {
        let [income, spent, neutral] = &mut self.sums;
        let (sum, dir) = match r.dir {
            Dir::In => (income, "收入"),
            Dir::Out => (spent, "支出"),
            Dir::Neutral => (neutral, "/"),
        };
        sum.0 += 1;
        sum.1 += r.amount;
        let amount = r.raw_amount.clone().unwrap_or_else(|| format!("¥{}", two(r.amount)));
        let line = format!(
            "{},{},{},\"{}\",{dir},{amount},{},{},{}\t,{}\t,\"/\"{}",
            at.format("%Y-%m-%d %H:%M:%S"),
            r.kind,
            r.counterparty,
            r.goods,
            r.method,
            r.status,
            r.reference,
            r.merchant_ref,
            self.newline()
        );
        self.spool.row(line.as_bytes())
    }

    /// Writes the file: preamble, rows newest first. Returns (rows, lines before the first row).
    pub fn finish(self, path: &Path, period: (Time, Time), exported: Time) -> Result<(u64, u64), String> {
        let pad = ",".repeat(10);
        let n = self.spool.rows;
        let [income, spent, neutral] = self.sums;
        let stamp = |t: Time| t.format("%Y-%m-%d %H:%M:%S").to_string();
        let pre = [
            format!("微信支付账单明细{pad}"),
            format!("微信昵称：[晓雯]{pad}"),
            format!("起始时间：[{}] 终止时间：[{}]{pad}", stamp(period.0), stamp(period.1)),
            format!("导出类型：[全部]{pad}"),
            format!("导出时间：[{}]{pad}", stamp(exported)),
            pad.clone(),
            format!("共{n}笔记录{pad}"),
            format!("收入：{}笔 {}元{pad}", income.0, two(income.1)),
            format!("支出：{}笔 {}元{pad}", spent.0, two(spent.1)),
            format!("中性交易：{}笔 {}元{pad}", neutral.0, two(neutral.1)),
            format!("注：{pad}"),
            format!("1. 充值/提现/理财通购买/零钱通存取/信用卡还款等交易，将计入中性交易{pad}"),
            format!("2. 本明细仅展示当前账单中的交易，不包括已删除的记录{pad}"),
            format!("3. 本明细仅供个人对账使用{pad}"),
            pad.clone(),
            format!("----------------------微信支付账单明细列表--------------------{pad}"),
            HEADER.to_string(),
        ];
        let err = |e: std::io::Error| format!("{}: cannot write: {e}", path.display());
        let file = std::fs::File::create(path).map_err(|e| format!("{}: cannot create: {e}", path.display()))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        if self.crlf {
            out.write_all(b"\xef\xbb\xbf").map_err(err)?;
        }
        let newline = self.newline();
        for line in &pre {
            write!(out, "{line}{newline}").map_err(err)?;
        }
        self.spool.drain_into(&mut out, true, path)?;
        out.flush().map_err(err)?;
        Ok((n, pre.len() as u64))
    }
}
