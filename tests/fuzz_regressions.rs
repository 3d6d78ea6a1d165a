//! Inputs the fuzz targets (fuzz/, see fuzz/README.md) found crashing, replayed under `cargo test`.
//!
//! Each file in tests/fixtures/fuzz/ is named `<target>-<short-name>` and holds the bytes the
//! target's entry point saw (what `WALLET_AUDIT_FUZZ_DUMP` writes, header prefix included);
//! `mapping<N>-…` files are read with the N-th mapping of the `mapping` target. Every file is
//! run through the same checks the target makes: no panic, rows = transactions + rejected
//! (+ duplicates after the ledger), lines that exist, and no control character in the table.

use std::path::{Path, PathBuf};
use wallet_audit::finding::Lang;
use wallet_audit::ingest::decode::decode;
use wallet_audit::ingest::mapping::Mapping;
use wallet_audit::ingest::{ADAPTERS, Adapter, IngestOptions, Parsed, SourceText, load};
use wallet_audit::model::{CHINA_ZONE, format_amount, parse_amount, parse_timestamp};

const PATH: &str = "fuzz.csv";

fn fixtures() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
                .filter(|(name, _)| !name.starts_with('.') && !name.ends_with(".md"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn options() -> IngestOptions {
    IngestOptions { zone: CHINA_ZONE.into(), zone_given: false, mapping: None }
}

fn check_parsed(name: &str, src: &SourceText, parsed: &Parsed) {
    assert_eq!(parsed.rows, parsed.transactions.len() + parsed.rejected.len(), "{name}: rows lost or counted twice");
    let lines = src.text.lines().count();
    for t in &parsed.transactions {
        assert!((1..=lines).contains(&t.source.line), "{name}: transaction on line {} of {lines}", t.source.line);
        assert!(t.time.at <= t.time.latest());
    }
    for r in &parsed.rejected {
        assert!((1..=lines).contains(&r.source.line), "{name}: rejected row on line {} of {lines}", r.source.line);
        assert!(!r.reason.is_empty());
    }
}

fn check_adapter(adapter: &dyn Adapter, bytes: &[u8]) {
    let src = SourceText::from_bytes(PATH, bytes);
    let Some(header) = adapter.sniff(&src) else { return };
    assert!(header < src.text.lines().count());
    if let Ok(parsed) = adapter.parse(&src, header, &options()) {
        check_parsed(adapter.name(), &src, &parsed);
    }
}

fn adapter(name: &str) -> &'static dyn Adapter {
    ADAPTERS.iter().copied().find(|a| a.name() == name).unwrap_or_else(|| panic!("no adapter {name}"))
}

fn check_mapping(index: usize, bytes: &[u8]) {
    let file = ["cmb-credit.toml", "gateway-attempts.toml", "signed.toml"][index];
    let mapping =
        Mapping::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest/mapping").join(file))
            .expect("mapping loads");
    let src = SourceText::from_bytes(PATH, bytes);
    let _ = mapping.missing_columns(&src);
    let Some(header) = mapping.sniff(&src) else { return };
    if let Ok(parsed) = mapping.parse(&src, header, &options()) {
        check_parsed(mapping.name(), &src, &parsed);
    }
}

fn check_decode(bytes: &[u8]) {
    let (text, encoding) = decode(bytes);
    assert!(!text.contains('\r'), "line endings come out as \\n only");
    if let Ok(input) = std::str::from_utf8(bytes)
        && !input.starts_with('\u{feff}')
        && !input.contains('\0')
    {
        assert_eq!(encoding, "UTF-8");
        let breaks = if input.contains('\n') { input.matches('\n').count() } else { input.matches('\r').count() };
        assert_eq!(text.matches('\n').count(), breaks, "line numbers are unchanged");
    }
}

fn check_values(bytes: &[u8]) {
    let Ok(s) = std::str::from_utf8(bytes) else { return };
    if let Ok(value) = parse_amount(s) {
        assert_eq!(parse_amount(&format_amount(value)), Ok(value));
    }
    for offset in [8 * 3600, 0, -5 * 3600, 14 * 3600, -12 * 3600] {
        let zone = chrono::FixedOffset::east_opt(offset).unwrap();
        if let Ok(t) = parse_timestamp(s, zone) {
            assert!(t.at <= t.latest());
            let _ = t.display();
        }
    }
}

/// The audit as `check` runs it, on one file.
fn check_pipeline(bytes: &[u8], lang: Lang) {
    use wallet_audit::analysis::{self, Analysis};
    use wallet_audit::ledger::Ledger;
    use wallet_audit::reconcile::{Settings, reconcile};
    use wallet_audit::render::{Format, Style, render};
    use wallet_audit::report;
    use wallet_audit::rules::{self, Context, Selection};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.csv");
    std::fs::write(&path, bytes).unwrap();
    let Ok(ingested) = load(&[path], &options()) else { return };
    let ledger = Ledger::build(ingested);
    for input in &ledger.inputs {
        assert_eq!(input.rows, input.transactions + input.duplicates + input.rejected, "{}", input.format);
    }
    let settings = Settings::default();
    let recon = reconcile(&ledger, &settings);
    let Ok(analysis) = Analysis::new(&ledger, &recon, analysis::Settings::default()) else { return };
    let Some(now) = report::data_now(&ledger.inputs) else { return };
    let ctx = Context {
        ledger: &ledger,
        recon: &recon,
        analysis: &analysis,
        settings: &settings,
        now,
        lang,
        show_pii: false,
    };
    let selection = Selection { select: Vec::new(), ignore: Vec::new() };
    let findings = rules::run(&ctx, &selection);
    let not_run = rules::not_run(&ctx, &selection);
    let report = report::build(&ledger, &recon, findings, not_run, now, false);
    let mut json = Vec::new();
    render(&report, Format::Json, &Style { lang, width: None, color: false }, &mut json).unwrap();
    serde_json::from_slice::<serde_json::Value>(&json).expect("the JSON report parses");
    let mut table = Vec::new();
    render(&report, Format::Table, &Style { lang, width: Some(120), color: false }, &mut table).unwrap();
    let table = String::from_utf8(table).unwrap();
    assert!(!table.chars().any(|c| c.is_control() && c != '\n'), "a control character reached the table");
}

fn run(name: &str, bytes: &[u8]) {
    let target = name.split('-').next().unwrap_or_default();
    match target {
        "alipay" => check_adapter(adapter("alipay"), bytes),
        "wechat" => check_adapter(adapter("wechat"), bytes),
        "icbc" => check_adapter(adapter("icbc-debit"), bytes),
        "attempts" => check_adapter(adapter("attempts"), bytes),
        "decode" => check_decode(bytes),
        "values" => check_values(bytes),
        "pipeline" => {
            check_pipeline(bytes, Lang::En);
            check_pipeline(bytes, Lang::Zh);
        }
        mapping if mapping.starts_with("mapping") => {
            let index = mapping.trim_start_matches("mapping").parse().expect("mapping<N>-name");
            check_mapping(index, bytes);
        }
        other => panic!("{name}: unknown fuzz target {other:?}"),
    }
}

/// Every fixture, named or not, passes its target's checks.
#[test]
fn every_fuzz_found_input_runs_clean() {
    let mut failed = Vec::new();
    for (name, path) in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        if std::panic::catch_unwind(|| run(&name, &bytes)).is_err() {
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "tests/fixtures/fuzz/ inputs failing their fuzz target's checks: {failed:?}");
}
