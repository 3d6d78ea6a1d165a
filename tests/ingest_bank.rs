//! Bank-side ingest: the ICBC debit adapter (2023/2024 layouts, GBK, malformed rows, the
//! reference export) and the `--mapping` adapter (bank, signed-amount and attempts layouts).

use chrono::FixedOffset;
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::str::FromStr;
use wallet_audit::ingest::mapping::Mapping;
use wallet_audit::ingest::{self, IngestOptions, Ingested};
use wallet_audit::model::{Direction, Kind, Precision, Side, Status, Transaction};

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest").join(path)
}

fn options(mapping: Option<&str>) -> IngestOptions {
    let zone = FixedOffset::east_opt(8 * 3600).expect("valid offset");
    let mapping = mapping.map(|m| Mapping::load(&fixture(m)).expect("mapping loads"));
    IngestOptions { zone: zone.into(), zone_given: false, mapping }
}

fn load(path: &str, mapping: Option<&str>) -> Ingested {
    ingest::load(&[fixture(path)], &options(mapping)).expect("file loads")
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal literal")
}

fn total(txs: &[Transaction], direction: Direction) -> Decimal {
    txs.iter().filter(|t| t.direction == direction).map(|t| t.money.amount).sum()
}

fn rejected(ing: &Ingested) -> Vec<(usize, &str)> {
    ing.rejected.iter().map(|r| (r.source.line, r.reason.as_str())).collect()
}

fn assert_accounted(ing: &Ingested) {
    for input in &ing.inputs {
        assert_eq!(input.rows, input.transactions + input.duplicates + input.rejected, "{}", input.path);
    }
}

// ---------------------------------------------------------------------------------------------
// ICBC debit

#[test]
fn icbc_2024_layout_with_padding_tabs_and_footer() {
    let ing = load("icbc/debit-2024.csv", None);
    assert_accounted(&ing);
    let input = &ing.inputs[0];
    assert_eq!((input.format.as_str(), input.side, input.account.as_str()), ("icbc-debit", Side::Bank, "icbc:4321"));
    assert_eq!((input.rows, input.transactions, input.rejected), (6, 6, 0));
    let txs = &ing.transactions;
    assert_eq!(total(txs, Direction::In), dec("12045.00"));
    assert_eq!(total(txs, Direction::Out), dec("3809.00"));
    // File order (newest first) and physical lines are kept.
    let lines: Vec<usize> = txs.iter().map(|t| t.source.line).collect();
    assert_eq!(lines, vec![8, 9, 10, 11, 12, 13]);
    let balances: Vec<Option<Decimal>> = txs.iter().map(|t| t.balance).collect();
    let expected = ["13246.00", "13746.00", "13701.00", "1701.00", "", "5000.00"];
    assert_eq!(balances, expected.iter().map(|b| (!b.is_empty()).then(|| dec(b))).collect::<Vec<_>>());
    for t in txs {
        assert_eq!(t.time.precision, Precision::Day);
        assert_eq!(t.card_last4.as_deref(), Some("4321"));
        assert_eq!((t.account.as_str(), t.money.currency.as_str()), ("icbc:4321", "CNY"));
    }
    let first = &txs[0];
    assert_eq!(first.time.at.to_rfc3339(), "2024-03-15T00:00:00+08:00");
    assert_eq!(
        (first.direction, first.kind, first.provider.as_deref()),
        (Direction::Out, Kind::Payment, Some("wechat"))
    );
    assert_eq!(first.description.as_deref(), Some("快捷支付 / 财付通-微信零钱充值"));
    assert_eq!(first.counterparty.as_deref(), Some("深圳市财付通支付科技有限公司"));
    let kinds: Vec<Kind> = txs.iter().map(|t| t.kind).collect();
    assert_eq!(kinds, [Kind::Payment, Kind::Refund, Kind::Income, Kind::Payment, Kind::Transfer, Kind::Fee]);
    let providers: Vec<Option<&str>> = txs.iter().map(|t| t.provider.as_deref()).collect();
    assert_eq!(providers, [Some("wechat"), Some("alipay"), None, Some("alipay"), None, None]);
    assert_eq!(txs[5].counterparty, None);
}

#[test]
fn icbc_2023_layout_without_details() {
    let ing = load("icbc/debit-2023.csv", None);
    assert_accounted(&ing);
    assert_eq!(ing.inputs[0].account, "icbc:5678");
    assert_eq!((ing.inputs[0].rows, ing.rejected.len()), (3, 0));
    let txs = &ing.transactions;
    assert_eq!(total(txs, Direction::In), dec("1001.25"));
    assert_eq!(total(txs, Direction::Out), dec("88.00"));
    assert_eq!(txs[0].description.as_deref(), Some("消费"));
    assert_eq!(txs[0].provider.as_deref(), Some("wechat"));
    assert_eq!(txs[1].kind, Kind::Income);
    // The interest row only fills 交易金额(收入): the transaction amount is used.
    assert_eq!((txs[2].money.amount, txs[2].direction, txs[2].kind), (dec("1.25"), Direction::In, Kind::Income));
    assert_eq!(txs[2].balance, Some(dec("2000.00")));
    let coverage = ing.inputs[0].coverage.expect("coverage from the rows");
    assert_eq!(coverage.from.to_rfc3339(), "2023-06-01T00:00:00+08:00");
    assert_eq!(coverage.to.to_rfc3339(), "2023-06-20T23:59:59+08:00");
}

#[test]
fn icbc_gbk_encoded_export() {
    let ing = load("icbc/debit-2024-gbk.csv", None);
    assert_accounted(&ing);
    let input = &ing.inputs[0];
    assert_eq!((input.encoding.as_str(), input.account.as_str(), input.rows), ("GB18030", "icbc:2468", 3));
    let txs = &ing.transactions;
    assert_eq!(total(txs, Direction::In), dec("12.30"));
    assert_eq!(total(txs, Direction::Out), dec("166.60"));
    let providers: Vec<Option<&str>> = txs.iter().map(|t| t.provider.as_deref()).collect();
    assert_eq!(providers, [Some("wechat"), Some("alipay"), None]);
    assert_eq!(txs[1].kind, Kind::Refund);
    assert_eq!(txs[0].balance, Some(dec("845.70")));
}

#[test]
fn icbc_malformed_rows_are_rejected_with_reasons() {
    let ing = load("icbc/debit-malformed.csv", None);
    assert_accounted(&ing);
    assert_eq!((ing.inputs[0].rows, ing.inputs[0].transactions, ing.inputs[0].rejected), (7, 2, 5));
    let lines: Vec<usize> = ing.transactions.iter().map(|t| t.source.line).collect();
    assert_eq!(lines, [8, 13]);
    assert_eq!(ing.transactions[1].balance, None, "anonymised balance xx,yyyy.zz is no balance");
    let reasons = rejected(&ing);
    let expect = [
        (9, "both 记账金额(收入) and 记账金额(支出) are filled"),
        (10, "交易日期: not a date or time"),
        (11, "no amount"),
        (12, "unquoted comma"),
        (14, "misplaced thousands separator"),
    ];
    assert_eq!(reasons.len(), expect.len(), "{reasons:?}");
    for ((line, reason), (want_line, want)) in reasons.iter().zip(expect) {
        assert_eq!(*line, want_line);
        assert!(reason.contains(want), "line {line}: {reason:?} should mention {want:?}");
    }
    assert!(ing.rejected.iter().all(|r| r.source.path.ends_with("debit-malformed.csv")));
}

#[test]
fn icbc_reference_export_if_present() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/formats/icbc-debit-v2.sample.csv");
    if !path.exists() {
        return;
    }
    let ing = ingest::load(&[path], &options(None)).expect("reference file loads");
    assert_accounted(&ing);
    let input = &ing.inputs[0];
    assert_eq!((input.format.as_str(), input.account.as_str()), ("icbc-debit", "icbc:9876"));
    assert_eq!((input.rows, input.transactions, input.rejected), (11, 11, 0), "{:?}", rejected(&ing));
    assert!(ing.transactions.iter().all(|t| t.balance.is_none() && t.time.precision == Precision::Day));
    assert_eq!(ing.transactions[0].provider.as_deref(), Some("wechat"));
}

// ---------------------------------------------------------------------------------------------
// Mapping files

#[test]
fn mapping_cmb_like_credit_card_with_debit_and_credit_columns() {
    let ing = load("mapping/cmb-credit.csv", Some("mapping/cmb-credit.toml"));
    assert_accounted(&ing);
    let input = &ing.inputs[0];
    assert_eq!((input.format.as_str(), input.side, input.account.as_str()), ("cmb-credit", Side::Bank, "cmb:4321"));
    assert_eq!((input.rows, input.transactions, input.rejected), (5, 4, 1));
    assert_eq!(rejected(&ing), [(8, "no amount: 支出 and 存入 empty or zero")]);
    let txs = &ing.transactions;
    assert_eq!(total(txs, Direction::Out), dec("1258.50"));
    assert_eq!(total(txs, Direction::In), dec("2035.00"));
    assert_eq!(txs[0].time.at.to_rfc3339(), "2024-03-02T00:00:00+08:00");
    assert_eq!(txs[0].time.precision, Precision::Day);
    let providers: Vec<Option<&str>> = txs.iter().map(|t| t.provider.as_deref()).collect();
    assert_eq!(providers, [Some("wechat"), Some("alipay"), None, Some("alipay")]);
    let kinds: Vec<Kind> = txs.iter().map(|t| t.kind).collect();
    assert_eq!(kinds, [Kind::Other, Kind::Other, Kind::Transfer, Kind::Refund]);
    assert!(txs.iter().all(|t| t.card_last4.as_deref() == Some("4321")));
}

#[test]
fn mapping_with_explicit_gbk_encoding() {
    let ing = load("mapping/cmb-credit-gbk.csv", Some("mapping/cmb-credit-gbk.toml"));
    assert_eq!((ing.inputs[0].encoding.as_str(), ing.inputs[0].transactions), ("GB18030", 4));
    // The same mapping refuses a file that is not GBK, saying why.
    let err = ingest::load(&[fixture("mapping/cmb-credit.csv")], &options(Some("mapping/cmb-credit-gbk.toml")))
        .expect_err("encoding mismatch");
    assert!(err.0.contains("cmb-credit.csv") && err.0.contains("encoding = \"gbk\""), "{err}");
    assert!(err.0.contains("UTF-8"), "{err}");
}

#[test]
fn mapping_signed_amount_with_time_column_and_semicolons() {
    let ing = load("mapping/signed.csv", Some("mapping/signed.toml"));
    assert_accounted(&ing);
    let input = &ing.inputs[0];
    assert_eq!((input.format.as_str(), input.account.as_str(), input.rows), ("demo-bank", "demo:9999", 4));
    let reasons = rejected(&ing);
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0].0, 5);
    assert!(reasons[0].1.starts_with("Amount: not an amount"), "{reasons:?}");
    let txs = &ing.transactions;
    let flow: Vec<(Direction, Decimal, Kind)> = txs.iter().map(|t| (t.direction, t.money.amount, t.kind)).collect();
    assert_eq!(
        flow,
        [
            (Direction::In, dec("3000.00"), Kind::Income),
            (Direction::Out, dec("200.00"), Kind::TopUp),
            (Direction::Out, dec("45.99"), Kind::Other),
        ]
    );
    assert_eq!(txs[0].time.at.to_rfc3339(), "2024-04-01T09:15:00+00:00");
    assert_eq!((txs[0].time.precision, txs[1].time.precision), (Precision::Second, Precision::Minute));
    assert_eq!(txs[1].provider.as_deref(), Some("alipay"));
    assert_eq!(txs[2].provider.as_deref(), Some("paypal"));
    assert_eq!((txs[2].reference.as_deref(), txs[2].balance), (Some("R3"), Some(dec("3254.01"))));
    assert!(txs.iter().all(|t| t.money.currency == "EUR" && t.card_last4.as_deref() == Some("9999")));
}

#[test]
fn mapping_attempts_side_with_status_values() {
    let ing = load("mapping/gateway-attempts.csv", Some("mapping/gateway-attempts.toml"));
    assert_accounted(&ing);
    let input = &ing.inputs[0];
    assert_eq!((input.format.as_str(), input.side, input.account.as_str()), ("gateway", Side::Attempts, "attempts"));
    assert_eq!((input.rows, input.transactions), (5, 4));
    let reasons = rejected(&ing);
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0].0, 5);
    assert!(reasons[0].1.contains("\"未知状态\"") && reasons[0].1.contains("[status_values]"), "{reasons:?}");
    let txs = &ing.transactions;
    let statuses: Vec<Status> = txs.iter().map(|t| t.status).collect();
    assert_eq!(statuses, [Status::Success, Status::Failed, Status::Pending, Status::Failed]);
    assert!(txs.iter().all(|t| t.kind == Kind::TopUp && t.provider.as_deref() == Some("alipay")));
    let failure = txs[1].failure.as_ref().expect("failure info");
    assert_eq!((failure.code.as_deref(), failure.message.as_deref()), (Some("51"), Some("余额不足")));
    assert_eq!(txs[0].failure, None);
    assert_eq!((txs[1].reference.as_deref(), txs[1].card_last4.as_deref()), (Some("T002"), Some("4321")));
    assert_eq!((txs[3].money.amount, txs[3].card_last4.as_deref()), (dec("50.00"), Some("8888")));
    assert_eq!(txs[3].time.at.to_rfc3339(), "2024-05-01T10:08:00+08:00");
}

#[test]
fn mapping_unknown_keys_are_errors_naming_file_and_key() {
    for (file, key) in [("mapping/bad-unknown-key.toml", "delimeter"), ("mapping/bad-unknown-column-key.toml", "amout")]
    {
        let err = Mapping::load(&fixture(file)).expect_err("unknown key");
        assert!(err.contains(file) && err.contains(key), "{err}");
    }
    let err = Mapping::load(&fixture("mapping/no-such-mapping.toml")).expect_err("missing file");
    assert!(err.contains("no-such-mapping.toml"), "{err}");
}

#[test]
fn mapping_missing_required_column() {
    let err = Mapping::load(&fixture("mapping/bad-no-date.toml")).expect_err("date is required");
    assert!(err.contains("bad-no-date.toml") && err.contains("date"), "{err}");
    // A mapped column that the file lacks: the mapping does not claim the file.
    let opts = options(Some("mapping/cmb-missing-column.toml"));
    let err = ingest::load(&[fixture("mapping/cmb-credit.csv")], &opts).expect_err("column missing");
    assert!(err.0.contains("cmb-credit.csv") && err.0.contains("not recognised"), "{err}");
    assert!(err.0.contains("the --mapping file's column 入账金额 is not in it"), "{err}");
    let text = std::fs::read(fixture("mapping/cmb-credit.csv")).expect("fixture");
    let src = ingest::SourceText::from_bytes("cmb-credit.csv", &text);
    let mapping = opts.mapping.as_ref().expect("mapping");
    assert_eq!(mapping.missing_columns(&src), ["入账金额"]);
}

#[test]
fn icbc_is_not_claimed_by_mapping_and_mapping_files_by_icbc() {
    // Built-in adapters come first; the mapping only reads what nobody else claims.
    let ing = ingest::load(
        &[fixture("icbc/debit-2024.csv"), fixture("mapping/cmb-credit.csv")],
        &options(Some("mapping/cmb-credit.toml")),
    )
    .expect("both load");
    let formats: Vec<&str> = ing.inputs.iter().map(|i| i.format.as_str()).collect();
    assert_eq!(formats, ["icbc-debit", "cmb-credit"]);
}

#[test]
fn truncated_and_garbled_input_never_panics_and_loses_no_row() {
    use wallet_audit::ingest::Adapter;
    let cases = [
        ("icbc/debit-2024.csv", None),
        ("icbc/debit-malformed.csv", None),
        ("icbc/debit-2024-gbk.csv", None),
        ("mapping/cmb-credit.csv", Some("mapping/cmb-credit.toml")),
        ("mapping/signed.csv", Some("mapping/signed.toml")),
        ("mapping/gateway-attempts.csv", Some("mapping/gateway-attempts.toml")),
    ];
    for (file, mapping) in cases {
        let opts = options(mapping);
        let bytes = std::fs::read(fixture(file)).expect("fixture");
        let adapters: Vec<&dyn Adapter> = match &opts.mapping {
            Some(m) => vec![m],
            None => vec![&ingest::icbc::IcbcDebit],
        };
        for cut in (0..bytes.len()).step_by(5) {
            let mut garbled = bytes[..cut].to_vec();
            garbled.extend_from_slice(b",\"x\n");
            let src = ingest::SourceText::from_bytes(file, &garbled);
            for adapter in &adapters {
                let Some(header) = adapter.sniff(&src) else { continue };
                let parsed = adapter.parse(&src, header, &opts).expect("a claimed file parses");
                assert_eq!(parsed.rows, parsed.transactions.len() + parsed.rejected.len(), "{file} cut at {cut}");
            }
        }
    }
}

#[test]
fn icbc_crlf_export_keeps_physical_lines() {
    use wallet_audit::ingest::Adapter;
    let text = std::fs::read_to_string(fixture("icbc/debit-2024.csv")).expect("fixture");
    let src = ingest::SourceText::from_bytes("crlf.csv", text.replace('\n', "\r\n").as_bytes());
    let adapter = ingest::icbc::IcbcDebit;
    let header = adapter.sniff(&src).expect("claimed");
    assert_eq!(header, 6);
    let parsed = adapter.parse(&src, header, &options(None)).expect("parses");
    let lines: Vec<usize> = parsed.transactions.iter().map(|t| t.source.line).collect();
    assert_eq!((parsed.rows, lines), (6, vec![8, 9, 10, 11, 12, 13]));
}
