//! `wallet-audit config`: the effective configuration as TOML lines, each with where its value
//! came from (`default` or `config file PATH`), and which file was found where.

use crate::cmd::settings::{AuditArgs, Found, Resolved, resolve};
use crate::ingest::files::DEFAULT_MAX_INPUT_SIZE;
use crate::outcome::{Failure, exit, write_out};
use crate::render::terminal::printable;
use toml::Value;

#[derive(clap::Args)]
pub struct Args {
    /// The settings file to show [default: ./wallet-audit.toml, else
    /// $XDG_CONFIG_HOME/wallet-audit/config.toml]
    #[arg(long, value_name = "FILE")]
    config: Option<std::path::PathBuf>,
}

/// `config --help`'s examples.
pub const EXAMPLES: &str = "Examples:
  wallet-audit config                       what check would use here, and where each value came from
  wallet-audit config --config cron.toml    the same for the file a scheduled job names";

pub fn run(args: Args) -> Result<u8, Failure> {
    // Resolved exactly as `check` resolves it: an invalid file fails here the same way.
    let r = resolve(&AuditArgs { config: args.config, ..AuditArgs::default() })?;
    let lines = lines(&r);
    write_out(|out| lines.iter().try_for_each(|line| writeln!(out, "{}", printable(line))))?;
    Ok(exit::CLEAN)
}

/// The whole listing: the file found, the top-level keys, then each section.
fn lines(r: &Resolved) -> Vec<String> {
    let s = &r.source;
    let mut out = vec![match &s.file {
        Some((path, found)) => format!(
            "# config file: {} ({})",
            path.display(),
            match found {
                Found::Given => "--config",
                Found::CurrentDir => "found in the current directory",
                Found::UserConfig => "found in the user's config folder",
            }
        ),
        None => "# config file: none, every value is the default".into(),
    }];
    let looked: Vec<String> = s.looked.iter().map(|p| p.display().to_string()).collect();
    if !matches!(s.file, Some((_, Found::Given))) {
        out.push(format!("# looked at, in order: {}", looked.join(", ")));
    }
    let set = |out: &mut Vec<String>, key: &str, dotted: &str, value: Value| {
        out.push(format!("{} = {value}  # {}", bare(key), s.origin(dotted)));
    };
    let text = |t: &str| Value::String(t.into());
    let list = |items: &[String]| Value::Array(items.iter().map(|i| text(i)).collect());
    let unset = |out: &mut Vec<String>, key: &str, meaning: &str| {
        out.push(format!("# {key}: not set; {meaning}  # default"));
    };
    set(&mut out, "lang", "lang", text(if r.lang == crate::finding::Lang::Zh { "zh" } else { "en" }));
    set(&mut out, "timezone", "timezone", text(&r.zone.to_string()));
    set(&mut out, "fail_on", "fail_on", text(r.fail_on.as_str()));
    set(&mut out, "exit_zero", "exit_zero", Value::Boolean(r.exit_zero));
    set(&mut out, "select", "select", list(&r.selection.select));
    set(&mut out, "ignore", "ignore", list(&r.selection.ignore));
    set(&mut out, "show_pii", "show_pii", Value::Boolean(r.show_pii));
    match r.width {
        Some(width) => set(&mut out, "width", "width", Value::Integer(i64::from(width))),
        None => unset(&mut out, "width", "$COLUMNS, else the terminal's width, else 160"),
    }
    set(&mut out, "color", "color", text(r.color.as_str()));
    set(&mut out, "sort", "sort", text(r.sort.as_str()));
    match s.table.get("max_input_size") {
        Some(value) => set(&mut out, "max_input_size", "max_input_size", value.clone()),
        None => set(&mut out, "max_input_size", "max_input_size", size_value(DEFAULT_MAX_INPUT_SIZE)),
    }
    match &r.mapping {
        Some(path) => set(&mut out, "mapping", "mapping", text(&path.display().to_string())),
        None => unset(&mut out, "mapping", "only the built-in formats are read"),
    }
    match &r.store {
        Some(path) => set(&mut out, "store", "store", text(&path.display().to_string())),
        None => unset(&mut out, "store", "review keeps its history in $XDG_DATA_HOME/wallet-audit/history.sqlite3"),
    }
    set(&mut out, "stale_after", "stale_after", Value::Integer(i64::from(r.stale_after)));

    out.push(String::new());
    out.push("[severity]".into());
    if r.severity.is_empty() {
        out.push("# no overrides: each rule's own severity".into());
    }
    for (code, severity) in &r.severity {
        let dotted = s
            .table
            .get("severity")
            .and_then(Value::as_table)
            .and_then(|t| t.keys().find(|k| k.eq_ignore_ascii_case(code)).map(|k| format!("severity.{k}")));
        set(&mut out, code, dotted.as_deref().unwrap_or("severity"), text(severity.as_str()));
    }

    out.push(String::new());
    out.push("[reconcile]".into());
    let c = &r.reconcile;
    let decimal = |d: rust_decimal::Decimal| text(&d.to_string());
    for (key, value) in [
        ("merge_window_minutes", Value::Integer(c.merge_window_minutes)),
        ("posting_delay_days", Value::Integer(c.posting_delay_days)),
        ("early_minutes", Value::Integer(c.early_minutes)),
        ("fee_tolerance_ratio", decimal(c.fee_tolerance_ratio)),
        ("fee_tolerance_abs", decimal(c.fee_tolerance_abs)),
        ("mismatch_ratio", decimal(c.mismatch_ratio)),
        ("refund_window_days", Value::Integer(c.refund_window_days)),
        ("pending_hours", Value::Integer(c.pending_hours)),
    ] {
        set(&mut out, key, &format!("reconcile.{key}"), value);
    }

    out.push(String::new());
    out.push("[patterns]".into());
    set(&mut out, "peak_hours", "patterns.peak_hours", list(&r.patterns.peak_hours));

    // The open-ended tables hold only what the file says; the built-in vocabulary and "no
    // aliases" are their defaults.
    for (section, dotted, empty) in [
        ("[classify.codes]", &["classify", "codes"][..], "# none: the built-in error codes only"),
        ("[classify.messages]", &["classify", "messages"][..], "# none: the built-in message keywords only"),
        ("[accounts]", &["accounts"][..], "# none: every statement is the account it names"),
    ] {
        out.push(String::new());
        out.push(section.into());
        let table = dotted.iter().try_fold(&s.table, |t, key| t.get(*key).and_then(Value::as_table));
        match table.filter(|t| !t.is_empty()) {
            None => out.push(empty.into()),
            Some(table) => {
                for (key, value) in table {
                    let at = format!("{}.{key}", dotted.join("."));
                    out.push(format!("{} = {value}  # {}", bare(key), s.origin(&at)));
                }
            }
        }
    }
    out
}

/// A size as the file would say it: `"1G"` for whole gibibytes and so on, else bytes.
fn size_value(bytes: u64) -> Value {
    for (shift, unit) in [(40, "T"), (30, "G"), (20, "M"), (10, "K")] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return Value::String(format!("{}{unit}", bytes >> shift));
        }
    }
    i64::try_from(bytes).map(Value::Integer).unwrap_or_else(|_| Value::String(bytes.to_string()))
}

/// A key as TOML writes it: bare when it can be, else quoted (`"ccb:5678"`).
fn bare(key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        key.to_string()
    } else {
        Value::String(key.into()).to_string()
    }
}
