//! Writes the Alipay app export "用于个人对账", 2023 layout: GBK, a preamble stating the
//! period and the totals, space-padded cells ending in TABs, newest row first.

use super::event::{Dir, Time, WalletRow};
use super::spool::{Spool, pad_chars, two};
use rust_decimal::Decimal;
use std::io::Write;
use std::path::Path;

const HEADER: &str = "交易时间            ,交易分类                ,交易对方                ,对方账号                ,\
商品说明                ,收/支                 ,金额                  ,收/付款方式              ,\
交易状态                ,交易订单号     ,商家订单号           ,备注                  ,";

const NOTES: [&str; 9] = [
    "1.本回单内容可表明支付宝受理了相应支付交易申请，因系统原因或通讯故障等偶发因素导致本回单与实际交易结果不符时，以实际交易情况为准；",
    "2.请勿将本回单作为收款方发货的凭据使用，请查证账户实际到账情况后再进行发货操作；",
    "3.支付宝快捷支付等非余额支付方式可能既产生支付宝交易也同步产生银行交易，因此请勿使用本回单进行重复记账；",
    "4.本回单如经任何涂改、编造，均立即失去效力；",
    "5.部分账单如：充值提现、账户转存或者个人设置收支等不计入为收入或者支出，记为不计收支类；",
    "6.因统计逻辑不同，明细金额直接累加后，可能会和下方统计金额不一致，请以实际交易金额为准；",
    "7.禁止将本回单用于非法用途；",
    "8.本明细仅展示当前账单中的交易，不包括已删除的记录；",
    "9.本明细仅供个人对账使用。",
];

pub struct AlipayExport {
    spool: Spool,
    /// Count and total of 收入, 支出, 不计收支.
    sums: [(u64, Decimal); 3],
}

/// One line in GBK (the export's encoding), newline-terminated.
pub fn gbk_line(text: &str) -> Result<Vec<u8>, String> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    if unmappable {
        return Err(format!("text not representable in GBK: {text}"));
    }
    let mut out = bytes.into_owned();
    out.push(b'\n');
    Ok(out)
}

impl AlipayExport {
    pub fn new(spool: Spool) -> AlipayExport {
        AlipayExport { spool, sums: Default::default() }
    }

    pub fn write(&mut self, at: Time, r: &WalletRow) -> Result<u64, String> {
        let [income, spent, neutral] = &mut self.sums;
        let (sum, dir) = match r.dir {
            Dir::In => (income, "收入"),
            Dir::Out => (spent, "支出"),
            Dir::Neutral => (neutral, "不计收支"),
        };
        sum.0 += 1;
        sum.1 += r.amount;
        let amount = r.raw_amount.clone().unwrap_or_else(|| two(r.amount));
        let merchant = if r.merchant_ref == "/" { " ".repeat(20) } else { r.merchant_ref.clone() };
        let cells = [
            pad_chars(&at.format("%Y-%m-%d %H:%M:%S").to_string(), 20),
            pad_chars(r.kind, 20),
            pad_chars(&r.counterparty, 20),
            pad_chars(r.cp_account, 20),
            pad_chars(&r.goods, 20),
            pad_chars(dir, 20),
            pad_chars(&amount, 20),
            pad_chars(&r.method, 20),
            pad_chars(r.status, 20),
            format!("{}\t", r.reference),
            format!("{merchant}\t"),
            " ".repeat(20),
            String::new(),
        ];
        self.spool.row(&gbk_line(&cells.join(","))?)
    }

    /// Writes the file: preamble, rows newest first. Returns (rows, lines before the first row).
    pub fn finish(self, path: &Path, period: (Time, Time), exported: Time) -> Result<(u64, u64), String> {
        let n = self.spool.rows;
        let mut pre = vec![
            "-".repeat(84),
            "导出信息：".into(),
            "姓名：林晓雯".into(),
            "支付宝账户：138****2716".into(),
            format!(
                "起始时间：[{}]    终止时间：[{}]",
                period.0.format("%Y-%m-%d %H:%M:%S"),
                period.1.format("%Y-%m-%d %H:%M:%S")
            ),
            "导出交易类型：[全部]".into(),
            format!("导出时间：[{}]", exported.format("%Y-%m-%d %H:%M:%S")),
            format!("共{n}笔记录"),
        ];
        for (label, (count, total)) in ["收入", "支出", "不计收支"].iter().zip(self.sums) {
            pre.push(format!("{label}：{count}笔 {}元", two(total)));
        }
        pre.push(String::new());
        pre.push("特别提示：".into());
        pre.extend(NOTES.iter().map(|s| s.to_string()));
        pre.push(String::new());
        pre.push(format!("{}支付宝（中国）网络技术有限公司  电子客户回单{}", "-".repeat(24), "-".repeat(24)));
        pre.push(HEADER.into());
        let file = std::fs::File::create(path).map_err(|e| format!("{}: cannot create: {e}", path.display()))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        for line in &pre {
            out.write_all(&gbk_line(line)?).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
        }
        self.spool.drain_into(&mut out, true, path)?;
        out.flush().map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
        Ok((n, pre.len() as u64))
    }
}
