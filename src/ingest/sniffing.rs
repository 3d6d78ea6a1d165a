//! Which format reads a file: every built-in format that claims it, the most specific header
//! among several, and, for a file nobody claims, the format it comes closest to.

use super::table::{MAX_HEADER_BYTES, head, line_cells};
use super::{ADAPTERS, Adapter, IngestOptions, SourceText};

/// The adapter that reads `src`, with its header line (see [`ADAPTERS`]); a mapping file is
/// used only when no built-in format claims the file.
pub fn sniff<'a>(src: &SourceText, opts: &'a IngestOptions) -> Option<(&'a dyn Adapter, usize)> {
    let built_in = claims(src).into_iter().next();
    built_in.or_else(|| opts.mapping.as_ref().and_then(|m| m.sniff(src).map(|h| (m as &dyn Adapter, h))))
}

/// Every built-in format that claims `src`, with its header line, the one that reads it first.
pub fn claims(src: &SourceText) -> Vec<(&'static dyn Adapter, usize)> {
    let mut found: Vec<(&'static dyn Adapter, usize)> =
        ADAPTERS.iter().copied().filter_map(|a| a.sniff(src).map(|h| (a, h))).collect();
    // A stable sort keeps the registry's order among equals.
    found.sort_by_key(|&(a, line)| (line, std::cmp::Reverse(a.specificity())));
    found
}

/// Of the formats in `adapters` whose header `line` is, the most specific (the first listed
/// among equals).
pub fn header_owner<'a>(adapters: &[&'a dyn Adapter], line: &str) -> Option<&'a dyn Adapter> {
    let mut owner: Option<&'a dyn Adapter> = None;
    for &a in adapters {
        if a.claims_header(line) && owner.is_none_or(|o| a.specificity() > o.specificity()) {
            owner = Some(a);
        }
    }
    owner
}

/// How many lines from the top a header is looked for in (as [`super::table::find_header`]).
const HEADER_SEARCH_LINES: usize = 80;

/// The format a file nobody claims comes closest to: the line holding most of one of its
/// signatures, and the cells of that signature the line lacks.
pub struct Closest {
    pub adapter: &'static dyn Adapter,
    /// 0-based.
    pub line: usize,
    pub present: usize,
    pub missing: Vec<&'static str>,
}

/// The built-in format whose header some line of `src` comes closest to, when a line holds at
/// least two of its cells.
pub fn closest(src: &SourceText) -> Option<Closest> {
    let lines: Vec<Vec<String>> =
        src.text.lines().take(HEADER_SEARCH_LINES).map(|l| line_cells(head(l, MAX_HEADER_BYTES))).collect();
    let mut best: Option<Closest> = None;
    for &adapter in ADAPTERS.iter() {
        for signature in adapter.signatures() {
            for (line, cells) in lines.iter().enumerate() {
                let has = |name: &str| cells.iter().any(|c| c.eq_ignore_ascii_case(name));
                let present = signature.iter().filter(|n| has(n)).count();
                // Fewest missing cells first, then most cells recognised.
                let better = best.as_ref().is_none_or(|b| {
                    let missing = signature.len() - present;
                    (missing, std::cmp::Reverse(present)) < (b.missing.len(), std::cmp::Reverse(b.present))
                });
                if present >= 2 && better {
                    let missing = signature.iter().filter(|n| !has(n)).copied().collect();
                    best = Some(Closest { adapter, line, present, missing });
                }
            }
        }
    }
    best
}
