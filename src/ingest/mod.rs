//! Reading exports: the adapter trait and registry, content sniffing, and loading files and
//! folders into transactions, rejected rows and a per-input report.

pub mod aliases;
pub mod alipay;
pub mod apple_card;
pub mod attempts;
pub mod balances;
pub mod banks;
pub mod bill_summary;
pub mod camt;
pub mod cells;
pub mod decode;
pub mod files;
pub mod google_wallet;
pub mod icbc;
pub mod jd;
pub mod mapping;
pub mod meituan;
pub mod mt940;
pub mod ofx;
pub mod paypal;
pub mod preamble;
pub mod revolut;
pub mod segments;
pub mod sizes;
pub mod sniffing;
pub mod table;
pub mod wallet_bill;
pub mod wechat;
pub mod wise;
pub mod workbook;

pub use sniffing::{claims, closest, header_owner, sniff};

use crate::model::{Side, SourceRef, Transaction};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

/// A decoded input file.
pub struct SourceText {
    /// The path as the user gave it (or as found in a folder they gave); `-` for stdin.
    pub path: Arc<str>,
    pub text: String,
    pub encoding: &'static str,
    /// Lines of the file before this text (an export that starts inside a file holding several).
    pub first_line: usize,
}

impl SourceText {
    pub fn from_bytes(path: &str, bytes: &[u8]) -> Self {
        let (text, encoding) = decode::decode(bytes);
        SourceText { path: Arc::from(path), text, encoding, first_line: 0 }
    }

    /// [`SourceText::from_bytes`] of bytes read for it: UTF-8 text is kept without a copy.
    pub fn from_owned_bytes(path: &str, bytes: Vec<u8>) -> Self {
        let (text, encoding) = decode::decode_owned(bytes);
        SourceText { path: Arc::from(path), text, encoding, first_line: 0 }
    }

    /// Where the text's 1-based `line` is in the file.
    pub fn at(&self, line: usize) -> SourceRef {
        SourceRef { path: self.path.clone(), line: line + self.first_line }
    }
}

/// A period a statement speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub from: DateTime<FixedOffset>,
    pub to: DateTime<FixedOffset>,
}

impl Coverage {
    pub fn contains(&self, t: DateTime<FixedOffset>) -> bool {
        self.from <= t && t <= self.to
    }
}

/// A row that could not be read (becomes a D001 finding).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rejected {
    pub source: SourceRef,
    pub reason: String,
    pub raw: String,
}

/// What an adapter makes of one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub account: String,
    pub transactions: Vec<Transaction>,
    pub rejected: Vec<Rejected>,
    /// Data rows read (footers and blank lines are not rows).
    pub rows: usize,
    /// The period the export says it covers, from its preamble.
    pub declared_coverage: Option<Coverage>,
    /// How many records the export says it holds (`共51笔记录`), from its preamble or footer.
    pub declared_rows: Option<DeclaredRows>,
    /// Further statements the same file holds (an OFX file of two accounts, an MT940 file of
    /// several statements): each is an input of its own (`inputs[].part`), with its own
    /// account, coverage, counts and running balance (D003); this one is the first.
    pub statements: Vec<Parsed>,
}

/// A record count an export states about itself, and the 1-based line that states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredRows {
    pub count: usize,
    pub line: usize,
}

pub struct IngestOptions {
    /// Zone for naive times in exports.
    pub zone: crate::model::Zone,
    /// Whether `zone` is the user's (`--tz` or the config's `timezone`), not the built-in
    /// default (UTC+08:00, the zone of the Chinese exports).
    pub zone_given: bool,
    pub mapping: Option<mapping::Mapping>,
}

impl IngestOptions {
    /// The zone an export's naive times are read in, by one rule for every adapter whose
    /// export has a zone of its own: a zone the row prints wins (the adapter reads it first);
    /// else the user's zone, when given; else `documented`, the zone the adapter documents for
    /// that export (Apple Card's Pacific days, Revolut's London, OFX's and CAMT's UTC, …).
    pub fn zone_or(&self, documented: crate::model::Zone) -> crate::model::Zone {
        if self.zone_given { self.zone } else { documented }
    }
}

/// One export format.
pub trait Adapter: Sync {
    /// Stable format name shown in reports (`alipay`, `icbc-debit`, …).
    fn name(&self) -> &str;
    fn side(&self) -> Side;
    fn description(&self) -> &'static str;
    /// Claims the file when its content is this format: the 0-based line of its header row
    /// (by default the first line holding every cell of one of its `signatures`).
    fn sniff(&self, src: &SourceText) -> Option<usize> {
        self.signatures().iter().filter_map(|s| table::find_header(src, s)).min()
    }
    /// Whether `line` is this format's header row: anywhere in a file, it starts an export
    /// (by default a line holding every cell of one of its `signatures`).
    fn claims_header(&self, line: &str) -> bool {
        self.signatures().iter().any(|s| table::header_matches(line, s))
    }
    /// The header cells that identify this format, one set per layout it reads: what
    /// `formats --sniff` shows, and what it compares a file nobody claims against.
    fn signatures(&self) -> &'static [&'static [&'static str]];
    /// What identifies this format's files when it is their content rather than a header row
    /// (an XML namespace, SWIFT fields): what `formats --sniff` says instead of header cells.
    fn identified_by(&self) -> Option<&'static str> {
        None
    }
    /// How specific its header is: the fewest cells of any of its signatures. When two
    /// formats claim the same header line (a JD Pay bill holds every cell Alipay looks for),
    /// the more specific one reads the file.
    fn specificity(&self) -> usize {
        self.signatures().iter().map(|s| s.len()).min().unwrap_or(0)
    }
    /// Reads the file; an `Err` means the file as a whole cannot be read as this format.
    fn parse(&self, src: &SourceText, header: usize, opts: &IngestOptions) -> Result<Parsed, String>;
}

/// The built-in formats. Of those that claim a file, the one whose header comes first reads
/// it; on the same header line, the more specific one (then the first listed).
pub static ADAPTERS: LazyLock<Vec<&'static dyn Adapter>> = LazyLock::new(|| {
    // One per line: formats with their own reader, then the bank layouts read as data.
    let own_code: &[&'static dyn Adapter] = &[
        &alipay::Alipay,
        &wechat::WeChat,
        &jd::JdPay,
        &meituan::MeituanPay,
        &icbc::IcbcDebit,
        &attempts::Attempts,
        &apple_card::AppleCard,
        &google_wallet::GoogleWallet,
        &wise::Wise,
        &mt940::Mt940,
        &paypal::PayPal,
        &revolut::Revolut,
        &ofx::Ofx,
        &camt::Camt053,
    ];
    let layouts = banks::LAYOUTS.iter().map(|&l| l as &'static dyn Adapter);
    own_code.iter().copied().chain(layouts).collect()
});

/// One input as the report shows it; `rows = transactions + duplicates + rejected`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputReport {
    pub path: String,
    /// Which export of the file this is (1, 2, …) when the file holds several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<usize>,
    pub format: String,
    pub side: Side,
    pub account: String,
    pub encoding: String,
    pub rows: usize,
    pub transactions: usize,
    pub duplicates: usize,
    pub rejected: usize,
    pub coverage: Option<Coverage>,
    /// The record count the export states (`共51笔记录`), where it states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_rows: Option<DeclaredRows>,
}

impl InputReport {
    /// Which export of its file this is, as `Transaction::part` counts (0 for the first).
    pub fn part_index(&self) -> u16 {
        u16::try_from(self.part.unwrap_or(1).saturating_sub(1)).unwrap_or(u16::MAX)
    }

    /// Whether `tx` was read from this input.
    pub fn holds(&self, tx: &Transaction) -> bool {
        *tx.source.path == *self.path && tx.part == self.part_index()
    }
}

/// Everything read from all inputs.
#[derive(Debug, Default)]
pub struct Ingested {
    pub inputs: Vec<InputReport>,
    pub transactions: Vec<Transaction>,
    pub rejected: Vec<Rejected>,
    /// Files skipped because no adapter recognised them (only when other inputs were read).
    pub warnings: Vec<String>,
}

/// A reason no audit could run: names the file and says what to do.
#[derive(Debug)]
pub struct IngestError(pub String);

impl std::fmt::Display for IngestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads every file. An unrecognised file is an error when it is the only input, otherwise a
/// warning; a file no adapter can read as a whole is always an error.
pub fn load(paths: &[PathBuf], opts: &IngestOptions) -> Result<Ingested, IngestError> {
    let (files, skipped) = files::expand_paths(paths)?;
    if files.is_empty() {
        let given: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(IngestError(format!(
            "no statement files found in {} (looked for {} files)",
            given.join(", "),
            files::DATA_EXTENSIONS.map(|e| format!(".{e}")).join(", ")
        )));
    }
    let mut out = Ingested { warnings: skipped, ..Ingested::default() };
    let mut unrecognised = Vec::new();
    for file in &files {
        // A workbook gives one source per sheet holding data.
        for src in files::read_sources(file)? {
            let Some(parts) = segments::split(&src, opts) else {
                unrecognised.push(unrecognised_message(&src, opts));
                continue;
            };
            // Every export of the file, and every statement of each export, is an input.
            let mut exports: Vec<(InputReport, Parsed)> = Vec::new();
            for part in &parts {
                let export = (parts.len() > 1).then(|| part.text(&src));
                let text = export.as_ref().unwrap_or(&src);
                let header = part.header - text.first_line;
                let mut parsed =
                    part.adapter.parse(text, header, opts).map_err(|e| IngestError(format!("{}: {e}", src.path)))?;
                let further = std::mem::take(&mut parsed.statements);
                for statement in std::iter::once(parsed).chain(further) {
                    exports.push((input_report(text, part.adapter, &statement), statement));
                }
            }
            let several = exports.len() > 1;
            for (k, (mut report, mut parsed)) in exports.into_iter().enumerate() {
                let index = u16::try_from(k).unwrap_or(u16::MAX);
                parsed.transactions.iter_mut().for_each(|t| t.part = index);
                report.part = several.then_some(k + 1);
                out.inputs.push(report);
                out.transactions.extend(parsed.transactions);
                out.rejected.extend(parsed.rejected);
            }
        }
    }
    if out.inputs.is_empty() {
        return Err(IngestError(unrecognised.join("\n")));
    }
    out.warnings.extend(unrecognised.into_iter().map(|m| format!("{m}; skipped")));
    Ok(out)
}

fn unrecognised_message(src: &SourceText, opts: &IngestOptions) -> String {
    // Only the start of the first lines is looked at: the file may be one 100 MB line.
    let starts = || src.text.lines().take(80).map(|l| table::head(l, table::MAX_HEADER_BYTES));
    let delimiters = |l: &str| l.bytes().filter(|b| matches!(b, b',' | b'\t' | b';')).count();
    let header_like = starts()
        .find(|l| delimiters(l) >= 2)
        .or_else(|| starts().find(|l| !l.trim().is_empty()))
        .map(|l| l.chars().take(120).collect::<String>().trim().to_string())
        .unwrap_or_else(|| "(empty file)".into());
    let hint = match &opts.mapping {
        Some(mapping) => match mapping.missing_columns(src).as_slice() {
            [] => "the --mapping file does not claim it either".to_string(),
            [one] => format!("the --mapping file's column {one} is not in it"),
            many => format!("the --mapping file's columns {} are not in it", many.join(", ")),
        },
        None => "to read another layout, describe its columns in a mapping file and pass --mapping FILE".into(),
    };
    format!("{}: format not recognised (first header-like line: {header_like:?}); {hint}", src.path)
}

fn input_report(src: &SourceText, adapter: &dyn Adapter, parsed: &Parsed) -> InputReport {
    let coverage = parsed.declared_coverage.or_else(|| {
        let from = parsed.transactions.iter().map(|t| t.time.at).min()?;
        let to = parsed.transactions.iter().map(|t| t.time.latest()).max()?;
        Some(Coverage { from, to })
    });
    InputReport {
        path: src.path.to_string(),
        part: None,
        format: adapter.name().to_string(),
        side: adapter.side(),
        account: parsed.account.clone(),
        encoding: src.encoding.to_string(),
        rows: parsed.rows,
        transactions: parsed.transactions.len(),
        duplicates: 0,
        rejected: parsed.rejected.len(),
        coverage,
        declared_rows: parsed.declared_rows,
    }
}
