//! Properties every adapter keeps on any input: no panic, and every data row is either a
//! transaction or a rejected row (rows = transactions + rejected).

use proptest::prelude::*;
use wallet_audit::ingest::{IngestOptions, load};
use wallet_audit::model::CHINA_ZONE;

/// Headers as the real exports write them (preamble lines omitted where optional).
const HEADERS: [&str; 4] = [
    "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,",
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注",
    "交易日期,摘要,交易详情,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),记账金额(支出),记账币种,余额,对方户名,对方账户",
    "time,amount,status,currency,wallet,method,reference,error_code,error_message",
];

/// Cells that are sometimes well-formed and sometimes anything at all.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2026-09-18 21:05:10".to_string()),
        Just("2026-09-18".to_string()),
        Just("¥500.00".to_string()),
        Just("1,234.56".to_string()),
        Just("支出".to_string()),
        Just("failed".to_string()),
        Just("工商银行(4321)".to_string()),
        Just("/".to_string()),
        Just(String::new()),
        "[0-9.,-]{0,9}",
        "\\PC{0,12}",
    ]
}

fn row() -> impl Strategy<Value = String> {
    prop::collection::vec(cell(), 0..18).prop_map(|cells| cells.join(","))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_row_is_accounted_for(format in 0usize..4, rows in prop::collection::vec(row(), 0..12), crlf: bool) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let text = format!("{}{eol}{}{eol}", HEADERS[format], rows.join(eol));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        std::fs::write(&path, text).unwrap();
        let opts = IngestOptions { zone: CHINA_ZONE.into(), zone_given: false, mapping: None };
        let ingested = load(&[path], &opts).expect("a file with a known header is recognised");
        let input = &ingested.inputs[0];
        prop_assert_eq!(input.rows, input.transactions + input.rejected);
        prop_assert_eq!(input.transactions, ingested.transactions.len());
        prop_assert_eq!(input.rejected, ingested.rejected.len());
        for r in &ingested.rejected {
            prop_assert!(r.source.line >= 2, "rejected rows point at data lines");
            prop_assert!(!r.reason.is_empty());
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("anything.csv");
        std::fs::write(&path, bytes).unwrap();
        let _ = load(&[path], &IngestOptions { zone: CHINA_ZONE.into(), zone_given: false, mapping: None });
    }
}
