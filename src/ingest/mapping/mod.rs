//! User-described CSV layouts (`--mapping FILE`): the adapter that reads any delimited export a
//! mapping file describes (see docs/mapping.md).

mod encoding;
mod rows;
mod schema;

use super::table::{Row, clean, collect_rows, read_rows_dated};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::{Direction, Side, Status, Zone};
use encoding::Expected;
use rows::HeaderColumns;
use schema::{AmountSign, Columns, MappingFile};
use std::collections::BTreeMap;
use std::path::Path;

/// How many lines from the top the header is looked for when `skip_lines` is not given.
const HEADER_SEARCH_LINES: usize = 80;

/// A layout described by a mapping file: an adapter like the built-in ones.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub side: Side,
    /// Format name shown in reports (`name` in the file, default `mapping`).
    name: String,
    /// The mapping file, for messages.
    path: String,
    account: String,
    provider: Option<String>,
    encoding: Expected,
    encoding_label: String,
    skip_lines: Option<usize>,
    delimiter: u8,
    date_format: Option<String>,
    time_format: Option<String>,
    timezone: Option<Zone>,
    currency: String,
    sign: AmountSign,
    footer: Vec<String>,
    columns: Columns,
    status_values: BTreeMap<String, Status>,
    direction_values: BTreeMap<String, Direction>,
}

impl Mapping {
    /// Reads and checks a mapping file; every error names the file.
    pub fn load(path: &Path) -> Result<Mapping, String> {
        let shown = path.display().to_string();
        let text = super::files::read_settings(path, "mapping file")?;
        Mapping::from_toml(&text, &shown).map_err(|e| format!("{shown}: {e}"))
    }

    /// Parses mapping TOML; `path` is only used in messages.
    pub fn from_toml(text: &str, path: &str) -> Result<Mapping, String> {
        let file: MappingFile =
            toml::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| format!("invalid mapping file: {e}"))?;
        file.validate(path)
    }

    /// The mapped columns a file's best header candidate lacks, to explain why the mapping did
    /// not claim it (empty when it would be claimed).
    pub fn missing_columns(&self, src: &SourceText) -> Vec<String> {
        let lines: Vec<&str> = match self.skip_lines {
            Some(n) => src.text.lines().skip(n).take(1).collect(),
            None => src.text.lines().take(HEADER_SEARCH_LINES).collect(),
        };
        let missing = |line: &str| {
            let cells = self.header_cells(line);
            let names = self.columns.named();
            names.into_iter().filter(|(_, n)| !cells.iter().any(|c| c == n)).map(|(_, n)| n.to_string()).collect()
        };
        let all = || self.columns.named().into_iter().map(|(_, n)| n.to_string()).collect();
        lines.into_iter().map(missing).min_by_key(Vec::len).unwrap_or_else(all)
    }

    fn header_cells(&self, line: &str) -> Vec<String> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .from_reader(line.as_bytes());
        let mut record = csv::StringRecord::new();
        match reader.read_record(&mut record) {
            Ok(true) => record.iter().map(clean).collect(),
            _ => Vec::new(),
        }
    }

    fn is_header(&self, line: &str) -> bool {
        if line.len() > super::table::MAX_HEADER_BYTES {
            return false;
        }
        let cells = self.header_cells(line);
        self.columns.named().iter().all(|(_, name)| cells.iter().any(|c| c == name))
    }

    /// A footer line: its first cell with a value is one of `footer`, whole (a `Total` footer
    /// is not `Total Wine & More`), and no cell is a date.
    fn is_footer(&self, row: &Row) -> bool {
        let first = row.cells.iter().find(|c| !c.is_empty()).map_or("", String::as_str);
        self.footer.iter().any(|footer| first == footer.as_str()) && !row.is_dated()
    }
}

impl Adapter for Mapping {
    fn name(&self) -> &str {
        &self.name
    }
    fn side(&self) -> Side {
        self.side
    }
    fn description(&self) -> &'static str {
        "any CSV described by a TOML mapping file (--mapping FILE)"
    }

    fn claims_header(&self, line: &str) -> bool {
        self.is_header(line)
    }
    /// Its columns are the mapping file's, not a fixed set; it is tried after every built-in
    /// format (specificity 0), and explains itself with [`Mapping::missing_columns`].
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[]
    }
    fn sniff(&self, src: &SourceText) -> Option<usize> {
        match self.skip_lines {
            Some(n) => self.is_header(src.text.lines().nth(n)?).then_some(n),
            None => src.text.lines().take(HEADER_SEARCH_LINES).position(|line| self.is_header(line)),
        }
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        self.check_encoding(src)?;
        let zone = self.timezone.unwrap_or(opts.zone);
        // A row moved above the header is found by its date, in the format this mapping names.
        let is_date = |cell: &str| {
            super::table::is_date(cell)
                || self.date_format.as_ref().is_some_and(|f| crate::model::parse_timestamp_with(cell, f, zone).is_ok())
        };
        let (header, rows) = read_rows_dated(src, header_line, self.delimiter, &is_date)?;
        let cols = HeaderColumns::find(self, &header, header_line)?;
        let mut out = Parsed { account: self.account.clone(), ..Parsed::default() };
        // Footer lines (totals, page subtotals) are not rows; data after them still is.
        let data = rows.iter().filter(|r| !self.is_footer(r));
        collect_rows(&mut out, src, data, |row| self.read(src, row, &cols, zone));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "side = \"bank\"\n[columns]\ndate = \"Date\"\namount = \"Amount\"\n";

    #[test]
    fn minimal_mapping_has_defaults() {
        let m = Mapping::from_toml(MINIMAL, "m.toml").unwrap();
        assert_eq!(
            (m.name.as_str(), m.side, m.account.as_str(), m.delimiter),
            ("mapping", Side::Bank, "mapping", b',')
        );
        assert_eq!(m.currency, "CNY");
    }

    #[test]
    fn settings_are_checked() {
        let bad = |extra: &str| Mapping::from_toml(&format!("{extra}\n{MINIMAL}"), "m.toml").unwrap_err();
        assert!(bad("delimiter = \";;\"").contains("delimiter"));
        assert!(bad("encoding = \"latin1\"").contains("latin1"));
        assert!(bad("timezone = \"Mars\"").contains("Mars"));
        assert!(bad("date_format = \"%Q\"").contains("%Q"));
        assert!(bad("provider = \"alipay\"").contains("provider"));
        let both = "side = \"bank\"\n[columns]\ndate = \"D\"\namount = \"A\"\ndebit = \"X\"\n";
        assert!(Mapping::from_toml(both, "m.toml").unwrap_err().contains("one or the other"));
        let none = "side = \"bank\"\n[columns]\ndate = \"D\"\n";
        assert!(Mapping::from_toml(none, "m.toml").unwrap_err().contains("needs `amount`"));
        let attempts = "side = \"attempts\"\n[columns]\ndate = \"D\"\namount = \"A\"\n";
        assert!(Mapping::from_toml(attempts, "m.toml").unwrap_err().contains("status"));
    }

    /// Footer lines (page subtotals, the totals of concatenated statements) are skipped wherever
    /// they occur: they are not rows, and the data rows after them are still read.
    #[test]
    fn footer_lines_are_skipped_not_the_end_of_the_data() {
        let m = Mapping::from_toml(&format!("footer = [\"合计\", \"Total\"]\n{MINIMAL}"), "m.toml").unwrap();
        let text = "Date,Amount\n2024-03-01,-10.00\n合计,-10.00\n2024-03-02,-20.00\n\
                    Total,-30.00\n2024-04-01,5.00\n2024-04-31,5.00\n合计,5.00\n";
        let src = SourceText::from_bytes("export.csv", text.as_bytes());
        let header = m.sniff(&src).unwrap();
        let opts = IngestOptions { zone: crate::model::CHINA_ZONE.into(), zone_given: false, mapping: None };
        let p = m.parse(&src, header, &opts).unwrap();
        assert_eq!(p.rows, p.transactions.len() + p.rejected.len(), "rows lost");
        let lines: Vec<usize> = p.transactions.iter().map(|t| t.source.line).collect();
        assert_eq!(lines, [2, 4, 6]);
        // A bad row after a footer (there is no 31 April) is counted and rejected, not lost.
        let rejected: Vec<usize> = p.rejected.iter().map(|r| r.source.line).collect();
        assert_eq!((p.rows, rejected), (4, vec![7]));
    }

    #[test]
    fn tab_delimiter_and_timezone() {
        let m = Mapping::from_toml(&format!("delimiter = \"\\t\"\ntimezone = \"-05:00\"\n{MINIMAL}"), "m").unwrap();
        assert_eq!(m.delimiter, b'\t');
        assert_eq!(m.timezone, chrono::FixedOffset::west_opt(5 * 3600).map(Zone::Fixed));
        let m = Mapping::from_toml(&format!("timezone = \"Europe/Berlin\"\n{MINIMAL}"), "m").unwrap();
        assert_eq!(m.timezone, Some(Zone::Named(chrono_tz::Europe::Berlin)));
    }
}
