//! `check --format html` (and `-o FILE.html`) on the real binary: the page's structure read as
//! text (one table row per finding, every chart an `<svg>` with a title, nothing that could
//! load anything), and the page opened in headless Chromium (Debian's `chromium`, which
//! `.ci/run` installs; without it these tests fail, they do not skip): the script runs without a
//! console error, the table sorts and filters, no request leaves the page, and text from input
//! (a counterparty named `<script>alert(1)</script>`) stays text.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed top-ups whose funding method is `中国银行(6217000012348888)`: a card number in full.
const FULL_CARD: &str = "tests/fixtures/report_formats/formula-attempts.csv";
const HOSTILE: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>";

fn wallet_audit() -> Command {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.env_remove("COLUMNS").env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

/// Runs `check PATH ARGS -o DIR/NAME` (exit 0 or 1) and returns the page's path and text.
fn page(dir: &Path, name: &str, path: &Path, args: &[&str]) -> (PathBuf, String) {
    let file = dir.join(name);
    let out = wallet_audit().arg("check").arg(path).args(args).arg("-o").arg(&file).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "-o writes the file, not stdout");
    let text = std::fs::read_to_string(&file).unwrap();
    (file, text)
}

fn json_report(path: &Path, args: &[&str]) -> Value {
    let out = wallet_audit().arg("check").arg(path).args(args).args(["--format", "json"]).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A start tag as a browser would read it: its name and attributes (names lowercased).
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// The start tags of `html`, skipping comments, end tags, and the raw text of `<script>` and
/// `<style>` (where `<` is not a tag).
fn tags(html: &str) -> Vec<Tag> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end_name = rest.find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
        let name = rest[..end_name].to_ascii_lowercase();
        rest = &rest[end_name..];
        let mut attrs = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                rest = rest.get(1..).unwrap_or("");
                break;
            }
            let end = rest.find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>').unwrap_or(rest.len());
            let key = rest[..end].to_ascii_lowercase();
            rest = &rest[end..];
            let mut value = String::new();
            if let Some(after) = rest.trim_start().strip_prefix('=') {
                let after = after.trim_start();
                let (v, tail) = match after.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                        (&after[1..close], after.get(close + 1..).unwrap_or(""))
                    }
                    _ => {
                        let e = after.find(|c: char| c.is_ascii_whitespace() || c == '>').unwrap_or(after.len());
                        (&after[..e], &after[e..])
                    }
                };
                value = v.to_string();
                rest = tail;
            }
            attrs.push((key, value));
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |i| &rest[i..]);
        }
        found.push(Tag { name, attrs });
    }
    found
}

fn attr<'a>(tag: &'a Tag, key: &str) -> Option<&'a str> {
    tag.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// Nothing on the page can load anything or run anything but its one inline script.
fn assert_self_contained(html: &str) {
    let tags = tags(html);
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    for banned in ["link", "img", "iframe", "object", "embed", "base", "image", "use", "audio", "video", "source"] {
        assert!(!names.contains(&banned), "a <{banned}> on the page");
    }
    let scripts: Vec<&Tag> = tags.iter().filter(|t| t.name == "script").collect();
    assert_eq!(scripts.len(), 1, "one inline script");
    for t in &tags {
        for (k, v) in &t.attrs {
            let loads = ["src", "href", "xlink:href", "action", "formaction", "poster", "data", "srcset", "background"];
            assert!(!loads.contains(&k.as_str()), "<{} {k}={v:?}> would load something", t.name);
            assert!(!k.starts_with("on"), "<{} {k}={v:?}>: an event handler from the page", t.name);
            let v = v.to_ascii_lowercase();
            assert!(!v.contains("http://") && !v.contains("https://") && !v.contains("url("), "<{} {k}={v:?}>", t.name);
        }
    }
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("url(") && !lower.contains("@import") && !lower.contains("@font-face"));
    let csp = tags.iter().find(|t| attr(t, "http-equiv") == Some("Content-Security-Policy")).expect("a CSP");
    assert!(attr(csp, "content").unwrap().starts_with("default-src 'none';"), "{csp:?}");
}

/// The `<svg class="chart …">` elements, by their `<title>`.
fn chart_titles(html: &str) -> Vec<String> {
    html.split("<svg class=\"chart ")
        .skip(1)
        .map(|s| {
            let svg = &s[..s.find("</svg>").unwrap()];
            let title = svg.split_once("<title>").expect("every chart has a title").1;
            title[..title.find("</title>").unwrap()].to_string()
        })
        .collect()
}

#[test]
fn the_page_has_the_summary_a_row_per_finding_and_every_chart() {
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = page(dir.path(), "report.html", Path::new("samples"), &["--format", "html"]);
    let report = json_report(Path::new("samples"), &[]);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(html.matches("<tr data-order=").count(), findings.len());
    for (k, f) in findings.iter().enumerate() {
        let row = format!(
            "<tr data-order=\"{k}\" data-severity=\"{}\" data-code=\"{}\">",
            f["severity"].as_str().unwrap(),
            f["code"].as_str().unwrap()
        );
        assert!(html.contains(&row), "{row}");
        assert!(html.contains(&format!("<td class=\"id\">{}</td>", f["id"].as_str().unwrap())));
    }
    // A code filter option per code, counted.
    assert!(html.contains("<option value=\"F002\">F002 (2)</option>"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("2506.00 CNY") && html.contains(">38</div>"), "the money at risk and the finding count");
    assert_eq!(
        chart_titles(&html),
        [
            "Failed top-ups by hour of day",
            "Failures by cause",
            "Failures by card",
            "Money at risk over time (CNY)",
            "Reconciliation of icbc:4321",
            "Reconciliation of bocom:7449",
            "Reconciliation of ccb:5566",
            "Reconciliation of cmb:1234",
        ]
    );
    // Peak hours shaded as configured (11:30-13:30, 19:00-23:00), a bar per hour.
    let hours = &html[html.find("<svg class=\"chart hours\"").unwrap()..];
    let hours = &hours[..hours.find("</svg>").unwrap()];
    assert_eq!(hours.matches("<rect class=\"peak\" x=").count(), 3, "two spans and the legend");
    assert_eq!(hours.matches("<rect class=\"bar\"").count(), 24);
    assert!(hours.contains("<title>12:00–12:59 · 7</title>"));
    // The samples' planted discrepancies on icbc:4321: R001's, R005's and the orphan R003's
    // debits, R002's second debit; R004's top-up credited without a debit.
    let icbc = html.split("<h3>icbc:4321</h3>").nth(1).unwrap();
    let icbc = &icbc[..icbc.find("</svg>").unwrap()];
    assert_eq!(icbc.matches("class=\"debit problem\"").count(), 4);
    assert_eq!(icbc.matches("class=\"top-up problem\"").count(), 1);
    assert_eq!(icbc.matches("<rect class=\"covered\"").count(), 2, "two ICBC statements, a week apart");
    assert_self_contained(&html);
}

#[test]
fn the_extension_picks_html_and_chinese_is_written_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = page(dir.path(), "report.HTM", Path::new("samples"), &["--lang", "zh"]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    for text in [
        "钱包审计报告",
        "风险金额",
        "各时段充值失败次数",
        "按原因统计的失败",
        "钱包或银行系统错误",
        "icbc:4321 的对账时间线",
    ] {
        assert!(html.contains(text), "{text}");
    }
    assert!(html.contains("<span class=\"sev critical\">严重</span>"));
    // The same page on stdout, byte for byte, and again on the next run (DESIGN.md §6).
    let (_, file) = page(dir.path(), "report.html", Path::new("samples"), &[]);
    let stdout = |_: u8| wallet_audit().args(["check", "samples", "--format", "html"]).output().unwrap().stdout;
    assert_eq!(String::from_utf8(stdout(1)).unwrap(), file);
    assert_eq!(stdout(1), stdout(2));
}

#[test]
fn card_numbers_are_masked_unless_show_pii() {
    let dir = tempfile::tempdir().unwrap();
    let (_, masked) = page(dir.path(), "masked.html", Path::new(FULL_CARD), &[]);
    assert!(!masked.contains("6217000012348888") && masked.contains("中国银行(****8888)"));
    let (_, full) = page(dir.path(), "full.html", Path::new(FULL_CARD), &["--show-pii"]);
    assert!(full.contains("中国银行(6217000012348888)"));
}

/// A card with thousands of rows: its ordinary rows are one mark a day, so that the page stays
/// light and its problems are not buried; problems are still drawn one by one.
#[test]
fn a_busy_card_is_drawn_one_mark_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let sim = dir.path().join("sim");
    let out =
        wallet_audit().args(["simulate", "--seed", "3", "--days", "120", "--scale", "4", "--out"]).arg(&sim).output();
    assert!(out.unwrap().status.success());
    std::fs::remove_file(sim.join("truth.json")).unwrap();
    let (_, html) = page(dir.path(), "busy.html", &sim, &[]);
    let icbc = html.split("<h3>icbc:4321</h3>").nth(1).unwrap();
    let icbc = &icbc[..icbc.find("</svg>").unwrap()];
    assert!(icbc.contains("over 600 rows: ordinary rows drawn one mark a day"));
    let credited = icbc.matches("class=\"top-up ok\"").count();
    assert!((30..=121).contains(&credited), "{credited} marks for 120 days");
    assert!(icbc.contains(" top-ups credited</title>"), "a day's count in its tooltip");
    assert!(icbc.contains("class=\"debit problem\""), "problems drawn one by one");
    assert!(html.len() < 400_000, "{} bytes", html.len());
    assert_self_contained(&html);
}

/// The samples with a counterparty and a funding method named as markup.
fn hostile_samples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("samples").unwrap() {
        let path = entry.unwrap().path();
        let to = dir.path().join(path.file_name().unwrap());
        match path.file_name().unwrap().to_str().unwrap() {
            "wechat-2026-10-10_2026-10-31.csv" => {
                let text = std::fs::read_to_string(&path).unwrap().replace("李建华", HOSTILE);
                std::fs::write(to, text).unwrap();
            }
            "attempts.csv" => {
                let text = std::fs::read_to_string(&path).unwrap().replace("招商银行(1234)", "<svg onload=alert(3)>");
                std::fs::write(to, text).unwrap();
            }
            _ => drop(std::fs::copy(&path, to).unwrap()),
        }
    }
    dir
}

#[test]
fn text_from_input_stays_text() {
    let samples = hostile_samples();
    let (_, html) = page(samples.path(), "report.html", samples.path(), &[]);
    assert!(!html.contains("<script>alert") && !html.contains("<img") && !html.contains("<svg onload"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"),
        "S002 names the payee"
    );
    assert!(html.contains("<h3>&lt;svg onload=alert(3)&gt;</h3>"), "the funding method's timeline");
    assert_self_contained(&html);
}

#[test]
fn chromium_renders_the_table_and_charts_without_errors_or_requests() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = page(dir.path(), "report.html", Path::new("samples"), &["--format", "html"]);
    let findings = json_report(Path::new("samples"), &[])["findings"].as_array().unwrap().len();
    let run = chromium(&file, &["--dump-dom".into()]);
    assert_clean_run(&run);
    let dom = &run.stdout;
    let table = &dom[dom.find("<table id=\"findings\">").expect("the audit table")..];
    let body = &table[..table.find("</tbody>").unwrap()];
    assert_eq!(body.matches("<tr ").count(), findings);
    assert_eq!(dom.matches("<svg class=\"chart ").count(), 8, "hours, causes, cards, risk, 4 card timelines");
    assert_eq!(chart_titles(dom).len(), 8);
    assert_eq!(dom.matches("<script").count(), 1);

    let png = dir.path().join("report.png");
    let shot = chromium(&file, &[format!("--screenshot={}", png.display()), "--window-size=1280,2000".into()]);
    assert!(shot.page_requests.is_empty(), "{:?}", shot.page_requests);
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    let size = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    assert_eq!((size(16), size(20)), (1280, 2000), "IHDR width and height");
}

#[test]
fn chromium_runs_hostile_samples_without_running_their_text() {
    let samples = hostile_samples();
    let (file, _) = page(samples.path(), "report.html", samples.path(), &[]);
    let run = chromium(&file, &["--dump-dom".into()]);
    assert_clean_run(&run);
    let dom = &run.stdout;
    let names: Vec<String> = tags(dom).into_iter().map(|t| t.name).collect();
    assert_eq!(names.iter().filter(|n| *n == "script").count(), 1, "only the page's own script");
    assert!(!names.iter().any(|n| n == "img"));
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the payee's name shown as text");
}

/// The table's script, driven by a test script added to a copy of the page (without the
/// Content-Security-Policy, which would refuse it): clicking "amount" sorts ascending, rows
/// without an amount last, again descending; the filters show only the chosen severity or code.
#[test]
fn chromium_sorts_and_filters_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = page(dir.path(), "report.html", Path::new("samples"), &[]);
    let csp_start = html.find("<meta http-equiv=\"Content-Security-Policy\"").unwrap();
    let csp_end = csp_start + html[csp_start..].find('>').unwrap() + 1;
    let probe = r#"<script>(function () {
      var t = document.getElementById("findings"), heads = t.tHead.rows[0].cells, b = document.body;
      var codes = function () { return Array.prototype.filter.call(t.tBodies[0].rows, function (r) { return !r.hidden; })
        .map(function (r) { return r.getAttribute("data-code"); }).join(" "); };
      var amount = Array.prototype.filter.call(heads, function (h) { return h.textContent === "amount"; })[0].querySelector("button");
      amount.click(); b.setAttribute("data-ascending", codes());
      amount.click(); b.setAttribute("data-descending", codes());
      var sev = document.getElementById("filter-severity"), code = document.getElementById("filter-code");
      sev.value = "critical"; sev.dispatchEvent(new Event("change")); b.setAttribute("data-critical", codes());
      sev.value = ""; code.value = "F002"; code.dispatchEvent(new Event("change"));
      b.setAttribute("data-f002", codes() + " / " + document.getElementById("shown").textContent);
    })();</script></body>"#;
    let probed = format!("{}{}", &html[..csp_start], &html[csp_end..]).replace("</body>", probe);
    let file = dir.path().join("probed.html");
    std::fs::write(&file, probed).unwrap();
    let run = chromium(&file, &["--dump-dom".into()]);
    assert_clean_run(&run);
    let body = tags(&run.stdout).into_iter().find(|t| t.name == "body").unwrap();
    let got = |k: &str| attr(&body, k).unwrap_or_default().to_string();

    let findings = json_report(Path::new("samples"), &[])["findings"].as_array().unwrap().clone();
    let amount = |f: &Value| f["amount"].as_str().map(|a| a.parse::<rust_decimal::Decimal>().unwrap());
    let order = |descending: bool| {
        let mut sorted: Vec<&Value> = findings.iter().collect();
        sorted.sort_by(|a, b| match (amount(a), amount(b)) {
            (Some(x), Some(y)) if descending => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (x, y) => x.is_none().cmp(&y.is_none()),
        });
        sorted.iter().map(|f| f["code"].as_str().unwrap()).collect::<Vec<_>>().join(" ")
    };
    assert_eq!(got("data-ascending"), order(false));
    assert_eq!(got("data-descending"), order(true));
    assert!(got("data-ascending").starts_with("S004 R007"), "1.61 and 6.00 CNY first");
    assert_eq!(got("data-critical"), "S006 R001", "still by amount, descending");
    assert_eq!(got("data-f002"), "F002 F002 / 2");
}

// ---- headless Chromium ----

/// One browser at a time: each takes a core and some memory, and the machine has 2 cores.
static BROWSER: Mutex<()> = Mutex::new(());

fn chromium_binary() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .and_then(|p| std::env::split_paths(&p).map(|d| d.join("chromium")).find(|c| c.is_file()));
    on_path.or_else(|| Some(PathBuf::from("/usr/bin/chromium")).filter(|p| p.is_file())).unwrap_or_else(|| {
        panic!(
            "headless Chromium is needed to test the HTML report and was not found: \
             apt-get install chromium (.ci/run installs it when missing)"
        )
    })
}

/// What the browser printed for a page, and the URLs the page itself requested (from
/// Chromium's NetLog: the browser's own background requests have no page as their network
/// isolation key).
struct Run {
    stdout: String,
    stderr: String,
    page_requests: Vec<String>,
}

/// Opens `page` in headless Chromium with `args` (`--dump-dom`, `--screenshot=…`), a new
/// profile, and host names resolving to nothing, so that not even the browser's own
/// background requests can leave the machine.
fn chromium(page: &Path, args: &[String]) -> Run {
    let binary = chromium_binary();
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let profile = tempfile::tempdir().unwrap();
    let netlog = profile.path().join("netlog.json");
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let mut child = std::process::Command::new(binary)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        .args(["--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0"])
        .arg("--host-resolver-rules=MAP * ~NOTFOUND")
        .arg(format!("--user-data-dir={}", profile.path().join("profile").display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .args(args)
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read both pipes while waiting: a full pipe would stall the browser.
    let (mut stdout, mut stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).map(|_| s)
    });
    let err = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut b).map(|_| b)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("chromium did not finish {args:?} in 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stdout = out.join().unwrap().unwrap();
    let stderr = String::from_utf8_lossy(&err.join().unwrap().unwrap()).into_owned();
    assert!(status.success(), "chromium {args:?}: {stderr}");
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&netlog).unwrap()).expect("a complete NetLog");
    let start_job = &log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"];
    let page_requests = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| &e["type"] == start_job)
        .filter(|e| e["params"]["network_isolation_key"].as_str().is_some_and(|k| k.starts_with("file://")))
        .map(|e| e["params"]["url"].as_str().unwrap_or("").to_string())
        .collect();
    Run { stdout, stderr, page_requests }
}

/// The page ran its script (which marks `<body data-ready="1">` last), logged nothing to the
/// console, broke no Content-Security-Policy rule, and requested nothing.
fn assert_clean_run(run: &Run) {
    let body = tags(&run.stdout).into_iter().find(|t| t.name == "body").expect("a body");
    assert_eq!(attr(&body, "data-ready"), Some("1"), "the script did not finish");
    let console: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught") || l.contains("Content Security Policy"))
        .collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    assert!(run.page_requests.is_empty(), "the page requested {:?}", run.page_requests);
}
