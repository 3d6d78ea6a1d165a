//! Exports inside one file: `cat jan.csv feb.csv > both.csv`, or an attempts log and a wallet
//! bill pasted together. Every header row starts an export of its own, with the preamble
//! above it; each is read, counted and deduplicated as its own input.

use super::table::looks_like_row;
use super::{ADAPTERS, Adapter, IngestOptions, SourceText, header_owner, sniff};

/// One export in a file: lines `start..end` (0-based), its header on line `header`; `bytes`
/// is where those lines are in the file's text.
pub struct Segment<'a> {
    pub adapter: &'a dyn Adapter,
    pub start: usize,
    pub header: usize,
    pub end: usize,
    pub bytes: std::ops::Range<usize>,
}

impl Segment<'_> {
    /// The export's own text, cut from the file's (by byte range: a file of thousands of
    /// exports is cut in time linear in its size).
    pub fn text(&self, src: &SourceText) -> SourceText {
        let text = src.text.get(self.bytes.clone()).unwrap_or_default().to_string();
        SourceText { path: src.path.clone(), text, encoding: src.encoding, first_line: self.start }
    }
}

/// The exports `src` holds, in file order; `None` when no format claims it. The first header
/// is found as [`sniff`] finds it (near the top); further headers of any format anywhere.
pub fn split<'a>(src: &SourceText, opts: &'a IngestOptions) -> Option<Vec<Segment<'a>>> {
    let (first, first_header) = sniff(src, opts)?;
    let lines: Vec<&str> = src.text.lines().collect();
    let adapters: Vec<&dyn Adapter> =
        ADAPTERS.iter().copied().chain(opts.mapping.as_ref().map(|m| m as &dyn Adapter)).collect();
    // Header rows name columns; data rows hold dates and amounts. Skipping lines with digits
    // keeps this scan cheap, unless the headers themselves carry digits.
    let digits_in_header = lines.get(first_header).is_some_and(|l| has_digit(l));
    let mut headers: Vec<(&dyn Adapter, usize)> = vec![(first, first_header)];
    for (i, line) in lines.iter().enumerate() {
        if i == first_header || (!digits_in_header && has_digit(line)) || !has_delimiters(line) {
            continue;
        }
        if let Some(adapter) = header_owner(&adapters, line) {
            headers.push((adapter, i));
        }
    }
    headers.sort_by_key(|(_, line)| *line);
    let mut starts: Vec<usize> = Vec::with_capacity(headers.len());
    for (k, &(adapter, header)) in headers.iter().enumerate() {
        let start = match k.checked_sub(1).and_then(|p| headers.get(p)) {
            None => 0,
            Some(&(_, previous)) => {
                let earlier = headers.iter().zip(&starts).find(|((a, _), _)| a.name() == adapter.name());
                let title = earlier.and_then(|((_, h), s)| title_line(&lines, *s, *h));
                let titles: Vec<&str> = title.into_iter().chain(known_titles(adapter.name()).iter().copied()).collect();
                preamble_start(&lines, previous + 1, header, &titles)
            }
        };
        starts.push(start);
    }
    // Where each line starts in the text, and where the text ends.
    let offsets: Vec<usize> = std::iter::once(0)
        .chain(src.text.split_inclusive('\n').scan(0, |at, line| {
            *at += line.len();
            Some(*at)
        }))
        .collect();
    let byte = |line: usize| offsets.get(line).copied().unwrap_or(src.text.len());
    let ends = starts.iter().skip(1).copied().chain([lines.len()]);
    let segments = headers
        .iter()
        .zip(&starts)
        .zip(ends)
        .map(|((&(adapter, header), &start), end)| Segment {
            adapter,
            start,
            header,
            end,
            bytes: byte(start)..byte(end),
        })
        .collect();
    Some(segments)
}

fn has_digit(line: &str) -> bool {
    line.bytes().any(|b| b.is_ascii_digit())
}

fn has_delimiters(line: &str) -> bool {
    line.bytes().filter(|b| matches!(b, b',' | b'\t' | b';' | b'|')).count() >= 2
}

/// The first non-blank line of an export's preamble (`微信支付账单明细`), which the same
/// export repeats when it is concatenated.
fn title_line<'l>(lines: &[&'l str], start: usize, header: usize) -> Option<&'l str> {
    let line = lines.get(start..header)?.iter().map(|l| bare(l)).find(|l| !l.is_empty())?;
    Some(line)
}

/// A line without its padding cells or a BOM (the second of two files joined with `cat` keeps
/// its own): `微信支付账单明细,,,,` → `微信支付账单明细`.
fn bare(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').trim_end_matches([',', '\t', ';', ' ']).trim()
}

/// The first line of each layout's preamble as the institution writes it. The lines between
/// one export's last row and the next header may be the first export's footer (the Alipay web
/// export ends with `共3笔记录` and its totals): the next export's preamble starts at its title.
fn known_titles(format: &str) -> &'static [&'static str] {
    match format {
        "wechat" => &["微信支付账单明细"],
        "icbc-debit" => &["明细查询文件下载"],
        "jd-pay" => &["导出信息："],
        "meituan-pay" => &["美团交易账单明细"],
        "alipay" => &[
            "支付宝交易记录明细查询",
            "------------------------------------------------------------------------------------",
        ],
        _ => &[],
    }
}

/// Where the preamble above `header` begins, no earlier than `floor`: at the nearest title line
/// (the first line of an earlier export of the format, or the format's known title), else right
/// after the last line above that looks like a data row.
fn preamble_start(lines: &[&str], floor: usize, header: usize, titles: &[&str]) -> usize {
    let above = || (floor..header).rev();
    if let Some(at) = above().find(|&i| lines.get(i).is_some_and(|l| titles.contains(&bare(l)))) {
        return at;
    }
    above().find(|&i| lines.get(i).is_some_and(|l| looks_like_row(l))).map_or(floor, |i| i + 1)
}
