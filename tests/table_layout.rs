//! The human table of `check` as a person reads it (issue 9): it fits any width in both
//! languages without splitting a token, clamps nonsense widths, colours only when allowed
//! (NO_COLOR, CLICOLOR_FORCE, a terminal), shows five evidence rows and "and N more", sorts
//! as `--sort` says, and stays bounded on an absurdly long cell.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use unicode_width::UnicodeWidthStr;

/// The binary with the environment pinned: no width, colour or locale from the caller.
fn wallet_audit() -> Command {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    for var in ["COLUMNS", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TERM"] {
        cmd.env_remove(var);
    }
    cmd.env("LANG", "C.UTF-8");
    cmd
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn table(args: &[&str]) -> Run {
    let r = run(wallet_audit().args(["check", "samples", "--color", "never"]).args(args));
    assert!(r.code.is_some_and(|c| c < 2), "{args:?}: {}", r.stderr);
    r
}

fn json(args: &[&str]) -> Value {
    let r = run(wallet_audit().args(["check", "samples", "--format", "json"]).args(args));
    assert!(r.code.is_some_and(|c| c < 2), "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// How often `token` occurs whole: not preceded by a file-name character, not followed by a digit.
fn whole(text: &str, token: &str) -> usize {
    text.match_indices(token)
        .filter(|(at, _)| {
            let before = text[..*at].chars().next_back();
            let after = text[at + token.len()..].chars().next();
            !before.is_some_and(|c| c.is_alphanumeric() || "-_.".contains(c))
                && !after.is_some_and(|c| c.is_ascii_digit())
        })
        .count()
}

/// `name.csv:NN` of the evidence rows the table shows (the first five of each finding), with
/// how many findings show each.
fn shown_evidence(report: &Value) -> BTreeMap<String, usize> {
    let mut tokens = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        for e in f["evidence"].as_array().unwrap().iter().take(5) {
            let token = format!("{}:{}", file_name(e["path"].as_str().unwrap()), e["line"]);
            *tokens.entry(token).or_insert(0) += 1;
        }
    }
    tokens
}

fn widths() -> Vec<usize> {
    let mut widths: Vec<usize> = (40..=250).step_by(7).chain([80, 119, 120, 200, 250]).collect();
    widths.sort_unstable();
    widths.dedup();
    widths
}

#[test]
fn the_table_fits_every_width_in_both_languages_and_keeps_every_token_whole() {
    for lang in ["en", "zh"] {
        let report = json(&["--lang", lang]);
        let evidence = shown_evidence(&report);
        assert!(evidence.len() > 50, "{}", evidence.len());
        let widest = table(&["--lang", lang, "--width", "250"]).stdout;
        let phones: BTreeMap<&str, usize> =
            ["95588", "95017", "95533", "95188"].into_iter().map(|p| (p, widest.matches(p).count())).collect();
        assert!(phones.values().all(|n| *n > 0), "{phones:?}");
        let names: Vec<&str> =
            report["inputs"].as_array().unwrap().iter().map(|i| file_name(i["path"].as_str().unwrap())).collect();
        let failures: Vec<Run> = std::thread::scope(|s| {
            let handles: Vec<_> = widths()
                .into_iter()
                .map(|w| s.spawn(move || table(&["--lang", lang, "--width", &w.to_string()])))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (w, r) in widths().into_iter().zip(failures) {
            for line in r.stdout.lines() {
                assert!(line.width() <= w, "{lang} at {w}: {} columns: {line:?}", line.width());
            }
            for (token, n) in &evidence {
                assert!(whole(&r.stdout, token) >= *n, "{lang} at {w}: {token} split or missing:\n{}", r.stdout);
            }
            for name in &names {
                assert!(r.stdout.contains(name), "{lang} at {w}: input {name} split:\n{}", r.stdout);
            }
            // Support numbers in brackets (`（95588）`, `(95017)`): as often as in the widest table.
            for phone in ["95588", "95017", "95533", "95188"] {
                assert_eq!(r.stdout.matches(phone).count(), phones[phone], "{lang} at {w}: {phone} split");
            }
        }
    }
}

#[test]
fn wide_tables_keep_the_seven_columns_and_narrow_ones_get_the_finding_first() {
    let wide = table(&["--width", "200"]).stdout;
    assert!(wide.contains("┆ evidence ") && wide.contains("┆ advice "), "{wide}");
    let compact = table(&["--width", "100"]).stdout;
    assert!(compact.contains("┆ when / amount") && compact.contains("Evidence:"), "{compact}");
    let list = table(&["--width", "50"]).stdout;
    assert!(list.contains("── critical · R001 ─") && !list.contains('┆'), "{list}");
    // The inputs: a table of whole paths when they fit, else one block per input.
    assert!(table(&["--width", "200"]).stdout.contains(" input "));
    assert!(compact.contains("Inputs:\n samples/alipay-2026-09-01_2026-10-31.csv\n"), "{compact}");
}

#[test]
fn nonsense_widths_are_read_as_40_columns_with_a_note() {
    for width in ["0", "10", "39"] {
        let r = table(&["--width", width]);
        let lines = r.stdout.lines().count();
        assert!(lines < 2_000, "--width {width}: {lines} lines");
        assert!(r.stdout.lines().all(|l| l.width() <= 40), "--width {width}");
        assert!(
            r.stderr.contains(&format!("a width of {width} columns is too narrow for the table; using 40")),
            "{}",
            r.stderr
        );
    }
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), "width = 5\n").unwrap();
    let r = table(&["--config", file.path().to_str().unwrap()]);
    assert!(r.stdout.lines().all(|l| l.width() <= 40) && r.stderr.contains("too narrow"), "{}", r.stderr);
    // $COLUMNS says the width when no option does; 0 there means nothing.
    let r = run(wallet_audit().args(["check", "samples", "--exit-zero"]).env("COLUMNS", "90"));
    assert!(r.stdout.lines().all(|l| l.width() <= 90) && r.stdout.lines().any(|l| l.width() > 80));
    let r = run(wallet_audit().args(["check", "samples", "--exit-zero"]).env("COLUMNS", "0"));
    assert!(r.stdout.lines().any(|l| l.width() > 150) && r.stdout.lines().all(|l| l.width() <= 160));
}

#[test]
fn colour_follows_no_color_clicolor_force_and_the_option() {
    let esc = |envs: &[(&str, &str)], args: &[&str]| {
        let mut cmd = wallet_audit();
        cmd.args(["check", "samples", "--select", "R001,F001"]).args(args);
        if !args.contains(&"--width") {
            cmd.args(["--width", "100"]);
        }
        for (k, v) in envs {
            cmd.env(k, v);
        }
        run(&mut cmd).stdout.contains('\u{1b}')
    };
    assert!(!esc(&[], &[]), "a pipe gets no colour");
    assert!(esc(&[("CLICOLOR_FORCE", "1")], &[]), "CLICOLOR_FORCE colours a pipe");
    assert!(!esc(&[("CLICOLOR_FORCE", "0")], &[]));
    assert!(!esc(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]), "NO_COLOR wins");
    assert!(esc(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")], &[]), "an empty NO_COLOR is unset");
    assert!(!esc(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]));
    assert!(esc(&[("NO_COLOR", "1")], &["--color", "always"]), "the option beats the variable");
    // The list layout draws its own colour, under the same rules.
    assert!(esc(&[("CLICOLOR_FORCE", "1")], &["--width", "50"]));
    assert!(!esc(&[("CLICOLOR_FORCE", "1")], &["--width", "50", "--color", "never"]));
}

/// Runs `check` on a pseudo-terminal (util-linux `script`, whose terminal reports 0×0).
fn on_terminal(args: &str, envs: &[(&str, &str)]) -> String {
    let bin = assert_cmd::cargo::cargo_bin("wallet-audit");
    let command = format!("{} check samples --select R001,F001 {args}", bin.display());
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_clear()
        .env("LANG", "C.UTF-8")
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(envs.iter().copied())
        .output()
        .expect("util-linux `script` runs a command on a pseudo-terminal");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn on_a_terminal_colour_is_on_unless_never_or_no_color_and_a_0x0_terminal_gets_80_columns() {
    let coloured = on_terminal("", &[("TERM", "xterm")]);
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    for (args, envs) in [("--color never", vec![("TERM", "xterm")]), ("", vec![("TERM", "xterm"), ("NO_COLOR", "1")])] {
        let plain = on_terminal(args, &envs);
        assert!(plain.contains("R001") && !plain.contains('\u{1b}'), "{args} {envs:?}: {plain:?}");
    }
    let plain = on_terminal("--color never", &[("TERM", "xterm")]);
    let widest = plain.lines().map(|l| l.trim_end_matches('\r').width()).max().unwrap_or(0);
    assert!((60..=80).contains(&widest), "{widest}:\n{plain}");
}

#[test]
fn a_finding_shows_five_evidence_rows_and_says_how_many_more_json_keeps_them_all() {
    let report = json(&[]);
    let big =
        report["findings"].as_array().unwrap().iter().max_by_key(|f| f["evidence"].as_array().unwrap().len()).unwrap();
    let n = big["evidence"].as_array().unwrap().len();
    assert!(n > 5, "{n}");
    let code = big["code"].as_str().unwrap();
    for width in ["200", "100", "50"] {
        let text = table(&["--select", code, "--width", width]).stdout;
        assert!(text.contains(&format!("and {} more (--format json lists all)", n - 5)), "{width}:\n{text}");
    }
    let zh = table(&["--select", code, "--lang", "zh"]).stdout;
    assert!(zh.contains(&format!("另有 {} 条", n - 5)), "{zh}");
}

fn ids(findings: &[Value]) -> Vec<String> {
    findings.iter().map(|f| f["id"].as_str().unwrap().to_string()).collect()
}

fn ids_of(report: &Value) -> Vec<String> {
    ids(report["findings"].as_array().unwrap())
}

#[test]
fn sort_orders_the_findings_by_amount_time_or_code_ties_as_by_severity() {
    let by_severity = json(&[]);
    let findings = by_severity["findings"].as_array().unwrap().clone();
    let amount = |f: &Value| f["amount"].as_str().map(|a| a.parse::<rust_decimal::Decimal>().unwrap());
    let time = |f: &Value| f["start"].as_str().map(|t| chrono::DateTime::parse_from_rfc3339(t).unwrap());
    let mut expected = findings.clone();
    // Stable: equal keys keep the severity order. `None` (no amount, no time) goes last.
    expected.sort_by(|a, b| match (amount(a), amount(b)) {
        (Some(x), Some(y)) => y.cmp(&x),
        (x, y) => x.is_none().cmp(&y.is_none()),
    });
    let by_amount = json(&["--sort", "amount"]);
    assert_eq!(ids_of(&by_amount), ids(&expected));
    let amounts: Vec<Option<rust_decimal::Decimal>> =
        by_amount["findings"].as_array().unwrap().iter().map(amount).collect();
    assert!(amounts.windows(2).all(|w| match (w[0], w[1]) {
        (Some(a), Some(b)) => a >= b,
        (None, Some(_)) => false,
        _ => true,
    }));
    assert_eq!(amounts.first().copied().flatten(), findings.iter().filter_map(amount).max());

    let mut expected = findings.clone();
    expected.sort_by(|a, b| match (time(a), time(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (x, y) => x.is_none().cmp(&y.is_none()),
    });
    assert_eq!(ids_of(&json(&["--sort", "time"])), ids(&expected));

    let mut expected = findings.clone();
    expected.sort_by(|a, b| a["code"].as_str().cmp(&b["code"].as_str()));
    let by_code = ids(&expected);
    assert_eq!(ids_of(&json(&["--sort", "code"])), by_code);
    // The settings file's `sort`, and the table follows the same order.
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), "sort = \"code\"\n").unwrap();
    assert_eq!(ids_of(&json(&["--config", file.path().to_str().unwrap()])), by_code);
    let text = table(&["--sort", "code", "--width", "200"]).stdout;
    let codes: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split('┆').nth(1))
        .map(str::trim)
        .filter(|c| c.len() == 4 && *c != "code")
        .collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
    assert!(codes.len() > 30);
}

#[test]
fn the_header_sums_the_failures_by_cause_and_draws_them_by_hour() {
    let report = json(&[]);
    let failures = &report["summary"]["failures"];
    let by_cause = failures["by_cause"].as_array().unwrap();
    let total: u64 = by_cause.iter().map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(total, report["summary"]["top_ups"]["failed"].as_u64().unwrap());
    let hours = failures["by_hour"].as_array().unwrap();
    assert_eq!(hours.len(), 24);
    let timed: u64 = hours.iter().map(|h| h["failed"].as_u64().unwrap()).sum();
    assert_eq!(timed + failures["untimed"].as_u64().unwrap(), total);
    // The default peak hours 11:30-13:30 and 19:00-23:00 touch hours 11–13 and 19–22.
    let peaks: Vec<u64> = hours.iter().filter(|h| h["peak"] == true).map(|h| h["hour"].as_u64().unwrap()).collect();
    assert_eq!(peaks, [11, 12, 13, 19, 20, 21, 22]);

    let text = table(&["--width", "100"]).stdout;
    let first = &by_cause[0];
    let line = text.lines().find(|l| l.contains("F008 wallet system")).unwrap_or_default();
    assert!(line.contains(&first["count"].to_string()) && line.contains("7000.00 CNY"), "{line}");
    assert!(text.contains("━ peak hours 11:30-13:30, 19:00-23:00"), "{text}");
    assert!(text.chars().any(|c| ('▁'..='█').contains(&c)));
    // Not a UTF-8 locale: ASCII bars and `^` marks.
    let ascii = run(wallet_audit().args(["check", "samples", "--width", "100"]).env("LC_ALL", "C")).stdout;
    let picture: String =
        ascii.lines().skip_while(|l| !l.contains("by hour of day")).take(5).collect::<Vec<_>>().join("\n");
    assert!(
        picture.contains("^ peak hours") && picture.contains('@') && !picture.chars().any(|c| ('▁'..='█').contains(&c)),
        "{picture}"
    );
    let zh = table(&["--lang", "zh", "--width", "100"]).stdout;
    assert!(zh.contains("失败充值按原因") && zh.contains("F008 系统故障") && zh.contains("为高峰时段"), "{zh}");
}

#[test]
fn a_cell_too_long_for_any_column_is_cut_not_wrapped_forever() {
    // The longest value an export may hold (4 KiB), one word, as a failure's raw message.
    let dir = tempfile::tempdir().unwrap();
    let word = "x".repeat(4000);
    std::fs::write(
        dir.path().join("attempts.csv"),
        format!(
            "time,amount,status,error_message\n2026-09-01 10:00,50.00,failed,{word}\n2026-09-02 10:00,60.00,success,\n"
        ),
    )
    .unwrap();
    for width in ["40", "100", "200"] {
        let r = run(wallet_audit().args(["check", dir.path().to_str().unwrap(), "--color", "never", "--width", width]));
        assert!(r.stdout.contains("F010") && r.stdout.contains("x…"), "{}{}", r.stdout, r.stderr);
        assert!(r.stdout.lines().count() < 200, "{width}: {} lines", r.stdout.lines().count());
        assert!(r.stdout.lines().all(|l| l.width() <= width.parse().unwrap()));
    }
}

#[test]
fn a_500_000_character_cell_renders_in_bounded_lines() {
    use wallet_audit::finding::{Code, Evidence, Finding, Lang, Severity};
    use wallet_audit::render::{Format, Style, render};
    let ledger = wallet_audit::ledger::Ledger::build(Default::default());
    let recon = wallet_audit::reconcile::Reconciliation::default();
    let code = Code { code: "F010", slug: "unclassified-failure", severity: Severity::Low };
    let token = "9".repeat(500_000);
    let spaced = "word ".repeat(100_000);
    let mut f = Finding::new(code, &["x".into()], format!("title {token}"), format!("{spaced} {token}"));
    f.advice = vec![token.clone(), spaced.clone()];
    let path = |i: usize| if i < 10 { token.clone() } else { "attempts.csv".to_string() };
    f.evidence = (0..10_000)
        .map(|i| Evidence { path: path(i), line: i, reference: None, role: "failed attempt".into() })
        .collect();
    let now = chrono::DateTime::parse_from_rfc3339("2026-10-31T23:59:59+08:00").unwrap();
    let report = wallet_audit::report::build(&ledger, &recon, vec![f], Vec::new(), now, false);
    for (lang, width) in [(Lang::En, 40), (Lang::Zh, 120), (Lang::En, 250)] {
        let started = std::time::Instant::now();
        let mut out = Vec::new();
        render(&report, Format::Table, &Style { lang, width: Some(width), color: false }, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        eprintln!("500,000-character cells at {width} columns: {:?}", started.elapsed());
        assert!(text.lines().count() < 400, "{width}: {} lines", text.lines().count());
        assert!(text.lines().all(|l| l.width() <= usize::from(width)), "{width}");
        assert!(text.contains("99…"), "{width}");
    }
}

#[test]
fn the_three_layouts_as_a_reader_sees_them() {
    let wide = table(&["--select", "R001,F008,D004", "--width", "200"]).stdout;
    insta::assert_snapshot!("wide_200", wide);
    let list = table(&["--select", "R001,D004", "--lang", "zh", "--width", "50"]).stdout;
    insta::assert_snapshot!("list_zh_50", list);
}
