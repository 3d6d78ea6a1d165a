//! Shared harness for the fuzz targets: what each target feeds the library, and the
//! invariants it checks. Every target is `bytes -> entry point -> invariants`; no target
//! writes files except `pipeline`, which goes through `ingest::load` as the CLI does.
//!
//! A fuzzer input is not always what the entry point sees: the adapter, mapping and pipeline
//! targets use the first byte to pick a real header (and preamble) to put before the rest, so
//! that sniffing passes and the fuzzer spends its time in the row parser. Set
//! `WALLET_AUDIT_FUZZ_DUMP=FILE` when running a target on one input to write the bytes the
//! entry point saw; that file is what `tests/fixtures/fuzz/` keeps (see fuzz/README.md).

use std::path::PathBuf;
use std::sync::OnceLock;
use wallet_audit::finding::Lang;
use wallet_audit::ingest::mapping::Mapping;
use wallet_audit::ingest::{self, ADAPTERS, Adapter, IngestOptions, Parsed, SourceText};
use wallet_audit::ledger::Ledger;
use wallet_audit::model::CHINA_ZONE;

/// The path every in-memory source is read as.
pub const PATH: &str = "fuzz.csv";

/// Alipay app export (2023 layout): preamble lines up to and including the header.
const ALIPAY_APP_PREAMBLE: &str = "------------------------------------------------------------------------------------\n\
导出信息：\n姓名：林晓雯\n支付宝账户：138****2716\n\
起始时间：[2026-09-01 00:00:00]    终止时间：[2026-10-31 23:59:59]\n导出交易类型：[全部]\n\
导出时间：[2026-11-01 10:05:33]\n共93笔记录\n收入：1笔 1500.00元\n支出：76笔 6992.25元\n不计收支：16笔 8268.00元\n\n\
特别提示：\n9.本明细仅供个人对账使用。\n\n\
------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\n";
const ALIPAY_APP_HEADER: &str =
    "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n";
/// Alipay web export (2019 layout).
const ALIPAY_WEB_PREAMBLE: &str = "支付宝交易记录明细查询\n账号:[wxm***@example.com]\n\
起始日期:[2019-01-01 00:00:00]    终止日期:[2019-02-01 00:00:00]\n\
---------------------------------交易记录明细列表------------------------------------\n";
const ALIPAY_WEB_HEADER: &str = "交易号         ,商家订单号       ,交易创建时间      ,付款时间        ,最近修改时间      ,\
交易来源地       ,类型          ,交易对方        ,商品名称        ,金额（元）       ,收/支         ,交易状态        ,\
服务费（元）      ,成功退款（元）     ,备注          ,资金状态        ,\n";

const WECHAT_PREAMBLE: &str = "微信支付账单明细,,,,,,,,,,\n微信昵称：[晓雯],,,,,,,,,,\n\
起始时间：[2026-09-01 00:00:00] 终止时间：[2026-10-15 23:59:59],,,,,,,,,,\n导出类型：[全部],,,,,,,,,,\n\
导出时间：[2026-10-16 08:12:45],,,,,,,,,,\n,,,,,,,,,,\n共116笔记录,,,,,,,,,,\n收入：5笔 903.80元,,,,,,,,,,\n\
支出：98笔 3568.90元,,,,,,,,,,\n中性交易：13笔 4750.00元,,,,,,,,,,\n注：,,,,,,,,,,\n,,,,,,,,,,\n\
----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n";
const WECHAT_HEADER: &str = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n";

const ICBC_PREAMBLE: &str = "明细查询文件下载\n\n卡号: 6222****4321,\"卡别名: 工资卡\"\n\n\
子账户序号: 00000,子账户类别: 活期,\"子账户别名: \"\n\n";
const ICBC_HEADER: &str = "交易日期,摘要,交易详情,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,\
记账金额(收入),记账金额(支出),记账币种,余额,对方户名,对方账户\n";
/// The same header with full-width parentheses, as some ICBC downloads write it.
const ICBC_HEADER_FULL_WIDTH: &str = "交易日期,摘要,交易场所,交易国家或地区简称,钞/汇,交易金额（收入）,交易金额（支出）,\
交易币种,记账金额（收入）,记账金额（支出）,记账币种,余额,对方户名,对方账户\n";

const ATTEMPTS_HEADER: &str = "time,amount,status,currency,wallet,method,reference,error_code,error_message\n";
const ATTEMPTS_HEADER_LONG: &str =
    "time,amount,status,currency,wallet,method,reference,error_code,error_message,network,device,location,app_version\n";

fn gb18030(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

/// The prefixes a target picks from, index 0 being "no prefix": the real layouts, in UTF-8
/// and, for the formats that are downloaded in it, GB18030.
fn prefixes(target: &str) -> &'static [Vec<u8>] {
    static TABLE: OnceLock<Vec<(&'static str, Vec<Vec<u8>>)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let utf8 = |parts: &[&str]| parts.concat().into_bytes();
        let gbk = |parts: &[&str]| gb18030(&parts.concat());
        let bom = |parts: &[&str]| [&b"\xef\xbb\xbf"[..], parts.concat().as_bytes()].concat();
        let crlf = |parts: &[&str]| parts.concat().replace('\n', "\r\n").into_bytes();
        let alipay = vec![
            Vec::new(),
            utf8(&[ALIPAY_APP_HEADER]),
            utf8(&[ALIPAY_APP_PREAMBLE, ALIPAY_APP_HEADER]),
            gbk(&[ALIPAY_APP_PREAMBLE, ALIPAY_APP_HEADER]),
            gbk(&[ALIPAY_WEB_PREAMBLE, ALIPAY_WEB_HEADER]),
            utf8(&[ALIPAY_WEB_HEADER]),
        ];
        let wechat = vec![
            Vec::new(),
            utf8(&[WECHAT_HEADER]),
            utf8(&[WECHAT_PREAMBLE, WECHAT_HEADER]),
            bom(&[WECHAT_PREAMBLE, WECHAT_HEADER]),
            crlf(&[WECHAT_PREAMBLE, WECHAT_HEADER]),
        ];
        let icbc = vec![
            Vec::new(),
            utf8(&[ICBC_HEADER]),
            utf8(&[ICBC_PREAMBLE, ICBC_HEADER]),
            gbk(&[ICBC_PREAMBLE, ICBC_HEADER]),
            utf8(&[ICBC_PREAMBLE, ICBC_HEADER_FULL_WIDTH]),
        ];
        let attempts = vec![Vec::new(), utf8(&[ATTEMPTS_HEADER]), utf8(&[ATTEMPTS_HEADER_LONG]), crlf(&[ATTEMPTS_HEADER])];
        let mut pipeline = vec![Vec::new()];
        for list in [&alipay, &wechat, &icbc, &attempts] {
            pipeline.extend(list.iter().skip(1).cloned());
        }
        vec![("alipay", alipay), ("wechat", wechat), ("icbc", icbc), ("attempts", attempts), ("pipeline", pipeline)]
    });
    table.iter().find(|(name, _)| *name == target).map_or(&[], |(_, list)| list.as_slice())
}

/// What the entry point of `target` sees for fuzzer input `data`: the first byte picks a
/// prefix (or none), the rest follows it. Also the bytes a regression fixture keeps.
pub fn entry_bytes(target: &str, data: &[u8]) -> Vec<u8> {
    let Some((&selector, rest)) = data.split_first() else { return Vec::new() };
    let choices = prefixes(target);
    let prefix = match choices.len() {
        0 => &[][..],
        n => choices[usize::from(selector) % n].as_slice(),
    };
    let bytes = [prefix, rest].concat();
    if let Some(path) = std::env::var_os("WALLET_AUDIT_FUZZ_DUMP") {
        let _ = std::fs::write(path, &bytes);
    }
    bytes
}

pub fn options() -> IngestOptions {
    IngestOptions { zone: CHINA_ZONE.into(), zone_given: false, mapping: None }
}

/// The built-in adapter called `name` (`alipay`, `wechat`, `icbc-debit`, `attempts`).
pub fn adapter(name: &str) -> &'static dyn Adapter {
    ADAPTERS.iter().copied().find(|a| a.name() == name).unwrap_or_else(|| panic!("no adapter {name}"))
}

/// Sniff, and when the adapter claims the text, parse and check the result.
pub fn check_adapter(adapter: &dyn Adapter, bytes: &[u8]) {
    let src = SourceText::from_bytes(PATH, bytes);
    let Some(header) = adapter.sniff(&src) else { return };
    let lines = src.text.lines().count();
    assert!(header < lines, "{}: header line {header} is past the end ({lines} lines)", adapter.name());
    match adapter.parse(&src, header, &options()) {
        Ok(mut parsed) => {
            // A file of several statements (OFX accounts, MT940 accounts): each is checked.
            let further = std::mem::take(&mut parsed.statements);
            for statement in std::iter::once(&parsed).chain(&further) {
                check_parsed(adapter.name(), &src, statement);
            }
        }
        Err(e) => assert!(!e.is_empty(), "{}: an empty error message", adapter.name()),
    }
}

/// `check_adapter` on `data` after the document start its first byte picks from `prefixes`
/// (or none): the fuzzer's bytes then pass sniffing and exercise the statement reader.
pub fn check_prefixed(name: &str, prefixes: &[&str], data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else { return };
    let prefix = prefixes.get(usize::from(selector) % prefixes.len().max(1)).copied().unwrap_or_default();
    check_adapter(adapter(name), &[prefix.as_bytes(), rest].concat());
}

/// Nothing lost: every data row is a transaction or a rejected row, and each points at a line
/// of the file.
pub fn check_parsed(name: &str, src: &SourceText, parsed: &Parsed) {
    assert_eq!(
        parsed.rows,
        parsed.transactions.len() + parsed.rejected.len(),
        "{name}: rows != transactions + rejected ({} transactions, {} rejected)",
        parsed.transactions.len(),
        parsed.rejected.len()
    );
    let lines = src.text.lines().count();
    for t in &parsed.transactions {
        assert!((1..=lines).contains(&t.source.line), "{name}: transaction on line {} of {lines}", t.source.line);
        assert_eq!(&*t.source.path, PATH);
        assert!(t.time.at <= t.time.latest());
    }
    for r in &parsed.rejected {
        assert!((1..=lines).contains(&r.source.line), "{name}: rejected row on line {} of {lines}", r.source.line);
        assert!(!r.reason.is_empty(), "{name}: a rejected row without a reason");
    }
}

/// The fixed layouts the `mapping` target reads fuzzed CSV with (the project's own mapping
/// fixtures), and the header line each expects (prepended when the selector says so).
const MAPPINGS: [(&str, &str); 3] = [
    (
        include_str!("../../tests/fixtures/ingest/mapping/cmb-credit.toml"),
        "招商银行信用卡交易明细\n账单周期,2024/03/01-2024/03/31\n交易日期,记账日期,交易摘要,支出,存入,卡号末四位\n",
    ),
    (include_str!("../../tests/fixtures/ingest/mapping/gateway-attempts.toml"), "订单号,发起时间,金额,状态,错误码,错误信息,支付方式\n"),
    (include_str!("../../tests/fixtures/ingest/mapping/signed.toml"), "Date;Time;Description;Amount;Balance;Reference\n"),
];

pub fn mappings() -> &'static [Mapping] {
    static LOADED: OnceLock<Vec<Mapping>> = OnceLock::new();
    LOADED.get_or_init(|| {
        MAPPINGS
            .iter()
            .enumerate()
            .map(|(i, (toml, _))| {
                Mapping::from_toml(toml, &format!("fuzz-{i}.toml")).unwrap_or_else(|e| panic!("mapping {i}: {e}"))
            })
            .collect()
    })
}

/// For the `mapping` target: the first byte picks the mapping (low bits) and whether its
/// header is prepended (bit 7); returns the mapping's index and the bytes it reads.
pub fn mapping_entry(data: &[u8]) -> Option<(usize, Vec<u8>)> {
    let (&selector, rest) = data.split_first()?;
    let index = usize::from(selector & 0x7f) % MAPPINGS.len();
    let prefix = if selector & 0x80 != 0 { MAPPINGS[index].1.as_bytes() } else { &[] };
    let bytes = [prefix, rest].concat();
    if let Some(path) = std::env::var_os("WALLET_AUDIT_FUZZ_DUMP") {
        let _ = std::fs::write(path, &bytes);
        eprintln!("mapping {index}");
    }
    Some((index, bytes))
}

/// A temporary file the pipeline target writes each input to (one per process).
fn scratch_file() -> &'static PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("wallet-audit-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir.join("input.csv")
    })
}

/// The whole audit on one file, as `wallet-audit check` runs it; checks conservation per
/// input and that the table a terminal would show holds no control character.
pub fn check_pipeline(bytes: &[u8], lang: Lang) {
    use wallet_audit::analysis::{self, Analysis};
    use wallet_audit::reconcile::{Settings, reconcile};
    use wallet_audit::render::{Format, Style, render};
    use wallet_audit::report;
    use wallet_audit::rules::{self, Context, Selection};

    let path = scratch_file();
    std::fs::write(path, bytes).expect("write the scratch file");
    let Ok(ingested) = ingest::load(std::slice::from_ref(path), &options()) else { return };
    let ledger = Ledger::build(ingested);
    for input in &ledger.inputs {
        assert_eq!(
            input.rows,
            input.transactions + input.duplicates + input.rejected,
            "rows != transactions + duplicates + rejected for {} ({})",
            input.path,
            input.format
        );
    }
    let settings = Settings::default();
    let recon = reconcile(&ledger, &settings);
    let Ok(analysis) = Analysis::new(&ledger, &recon, analysis::Settings::default()) else { return };
    let Some(now) = report::data_now(&ledger.inputs) else { return };
    let ctx = Context { ledger: &ledger, recon: &recon, analysis: &analysis, settings: &settings, now, lang, show_pii: false };
    let selection = Selection { select: Vec::new(), ignore: Vec::new() };
    let findings = rules::run(&ctx, &selection);
    let not_run = rules::not_run(&ctx, &selection);
    let report = report::build(&ledger, &recon, findings, not_run, now, false);

    let mut json = Vec::new();
    render(&report, Format::Json, &Style { lang, width: None, color: false }, &mut json).expect("render JSON");
    serde_json::from_slice::<serde_json::Value>(&json).expect("the JSON report parses");
    let mut jsonl = Vec::new();
    render(&report, Format::Jsonl, &Style { lang, width: None, color: false }, &mut jsonl).expect("render JSONL");
    for line in jsonl.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        serde_json::from_slice::<serde_json::Value>(line).expect("each JSONL line parses");
    }
    let mut table = Vec::new();
    render(&report, Format::Table, &Style { lang, width: Some(120), color: false }, &mut table).expect("render table");
    let table = String::from_utf8(table).expect("the table is UTF-8");
    assert!(!table.contains('\u{1b}'), "ESC reached the table");
    if let Some(c) = table.chars().find(|c| c.is_control() && *c != '\n') {
        panic!("control character {c:?} reached the table");
    }
}
