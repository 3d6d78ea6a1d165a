//! `--format concise`: one line per finding, `path:line: CODE [severity] title`, and nothing
//! else (ruff's concise output), for grep and for editors that jump to `path:line`.

use super::terminal::printable;
use crate::finding::Finding;
use crate::report::Report;
use std::io::{self, Write};

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for finding in &report.findings {
        writeln!(out, "{}", line(finding))?;
    }
    Ok(())
}

/// One finding's line: its first evidence row (`-` for a finding without evidence), code,
/// severity (the JSON token, whatever `--lang`, so that `grep '\[high\]'` works) and title.
/// Text from input goes through `printable`, and a newline in it becomes a space: one finding
/// must stay one line.
fn line(f: &Finding) -> String {
    line_with_status(f, None)
}

/// The line, with `review`'s status after the severity (`[high] new: …`) when there is one.
pub(super) fn line_with_status(f: &Finding, status: Option<&str>) -> String {
    let place = f.evidence.first().map_or_else(|| "-".to_string(), |e| format!("{}:{}", printable(&e.path), e.line));
    let status = status.map(|s| format!("{s}: ")).unwrap_or_default();
    let text = format!("{place}: {} [{}] {status}{}", f.code, f.severity.as_str(), printable(&f.title));
    text.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::line;
    use crate::finding::{Code, Evidence, Finding, Severity};

    fn finding(title: &str) -> Finding {
        let code = Code { code: "R001", slug: "debited-not-credited", severity: Severity::Critical };
        Finding::new(code, &["k".to_string()], title.to_string(), String::new())
    }

    #[test]
    fn the_first_evidence_row_is_the_place() {
        let mut f = finding("Bank debited 500.00 CNY");
        for (path, line) in [("samples/icbc.csv", 41), ("samples/attempts.csv", 3)] {
            f.evidence.push(Evidence { path: path.into(), line, reference: None, role: "bank-debit".into() });
        }
        assert_eq!(line(&f), "samples/icbc.csv:41: R001 [critical] Bank debited 500.00 CNY");
    }

    #[test]
    fn no_evidence_no_place() {
        assert_eq!(line(&finding("Something")), "-: R001 [critical] Something");
    }

    #[test]
    fn input_text_cannot_break_the_line_or_act_on_the_terminal() {
        let mut f = finding("to 李四\u{1b}[2J\nsecond\rthird");
        f.evidence.push(Evidence { path: "a\u{7}.csv".into(), line: 2, reference: None, role: "attempt".into() });
        assert_eq!(line(&f), "a\u{fffd}.csv:2: R001 [critical] to 李四\u{fffd}[2J second\u{fffd}third");
    }
}
