//! Text fitted to a width in terminal columns (CJK and other wide characters count double):
//! lines break at spaces and between CJK characters, never inside a token (`file.csv:25`, an
//! amount, a date, a reference, `（95588）`, an id); a token wider than the line is cut with "…",
//! and a paragraph stops after [`MAX_LINES`], so no cell can run on for thousands of lines.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A space never broken at, shown as a plain space: it keeps `2026-09-18 21:05` on one line.
pub const GLUE: char = '\u{a0}';

/// The lines one paragraph may take; the last of them ends in "…" when there was more (the JSON
/// report keeps every word).
pub const MAX_LINES: usize = 40;

/// Display width: East Asian wide and fullwidth characters count 2, combining marks 0.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Joins words with [`GLUE`] so that the wrapper keeps them together.
pub fn glued(text: &str) -> String {
    text.replace(' ', "\u{a0}")
}

/// The display width of `text`, or anything above `cap` once it passes it: a huge token is
/// not measured to its end.
fn width_upto(text: &str, cap: usize) -> usize {
    let mut used = 0;
    for c in text.chars() {
        used += char_width(c);
        if used > cap {
            break;
        }
    }
    used
}

/// `text` cut to `room` columns, ending in "…" when something was left out.
pub fn cut(text: &str, room: usize) -> String {
    if width_upto(text, room) <= room {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w + 1 > room {
            break;
        }
        out.push(c);
        used += w;
    }
    if room > 0 {
        out.push('…');
    }
    out
}

/// Wraps every paragraph (`\n`-separated) of `text` into lines at most `room` columns wide.
/// A paragraph's leading spaces indent all its lines; after a leading "• " the continuation
/// lines hang under the text.
pub fn wrap(text: &str, room: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph, room, 0, &mut lines);
    }
    lines
}

/// `text` wrapped with its continuation lines indented `hang` columns more, as the header's
/// lines are.
pub fn hanging(text: &str, room: usize, hang: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph, room, hang, &mut lines);
    }
    lines
}

/// `text` wrapped and joined again with newlines.
pub fn wrapped(text: &str, room: usize) -> String {
    wrap(text, room).join("\n")
}

/// The paragraph's indent and the further indent of its continuation lines, both dropped
/// when they would leave less than half the line.
fn indents(paragraph: &str, room: usize) -> (usize, usize) {
    let indent = paragraph.len() - paragraph.trim_start_matches(' ').len();
    let hang = if paragraph[indent..].starts_with("• ") { 2 } else { 0 };
    match indent + hang {
        total if total * 2 <= room => (indent, hang),
        _ => (0, 0),
    }
}

fn wrap_paragraph(paragraph: &str, room: usize, extra: usize, out: &mut Vec<String>) {
    let (indent, hang) = indents(paragraph, room);
    let hang = if (indent + hang + extra) * 2 <= room { hang + extra } else { hang };
    let continuation = " ".repeat(indent + hang);
    let mut line = " ".repeat(indent);
    let mut used = indent;
    let mut empty = true;
    let mut taken = 0;
    for (spaced, token) in Tokens::new(paragraph) {
        let w = width_upto(token, room);
        if !empty && used + usize::from(spaced) + w <= room {
            if spaced {
                line.push(' ');
                used += 1;
            }
            line.push_str(token);
            used += w;
            continue;
        }
        if !empty {
            taken += 1;
            if taken == MAX_LINES {
                let more = if used < room { format!("{line}…") } else { cut(&line, room) };
                out.push(shown(more));
                return;
            }
            out.push(shown(std::mem::replace(&mut line, continuation.clone())));
            used = continuation.len();
        }
        let token = cut(token, room.saturating_sub(used));
        used += width(&token);
        line.push_str(&token);
        empty = false;
    }
    out.push(shown(line));
}

/// A finished line: glue shows as the space it stands for.
fn shown(line: String) -> String {
    if line.contains(GLUE) { line.replace(GLUE, " ") } else { line }
}

/// The widest token of `text` that is at most `limit` wide, with the indent its paragraph
/// gives it: the narrowest column that keeps those tokens whole. Wider tokens are cut in any
/// layout, so they do not count.
pub fn longest_token(text: &str, limit: usize) -> usize {
    let mut longest = 0;
    for paragraph in text.split('\n') {
        let (indent, hang) = indents(paragraph, limit);
        for (_, token) in Tokens::new(paragraph) {
            let w = indent + hang + width_upto(token, limit);
            if w <= limit {
                longest = longest.max(w);
            }
        }
    }
    longest
}

/// The width of the longest paragraph laid out on one line, or `cap` when that is more.
pub fn natural_width(text: &str, cap: usize) -> usize {
    text.split('\n')
        .map(|paragraph| {
            let (indent, _) = indents(paragraph, usize::MAX);
            let mut used = indent;
            for (i, (spaced, token)) in Tokens::new(paragraph).enumerate() {
                used += width_upto(token, cap) + usize::from(spaced && i > 0);
                if used >= cap {
                    return cap;
                }
            }
            used
        })
        .max()
        .unwrap_or(0)
}

/// A run of at most this many wide characters is a word: a name such as 工商银行 or 周凯 in an
/// English sentence stays whole; longer runs (Chinese sentences) break between characters.
const SHORT_RUN: usize = 6;

/// A paragraph's tokens, each with whether a space came before it. Linear: each run of wide
/// characters is measured once, when it starts.
struct Tokens<'a> {
    text: &'a str,
    at: usize,
    /// Where the current run of wide characters ends, and whether it is longer than a word.
    run_end: usize,
    run_long: bool,
}

impl<'a> Tokens<'a> {
    fn new(paragraph: &'a str) -> Self {
        Tokens { text: paragraph, at: 0, run_end: 0, run_long: false }
    }

    /// Notes the run of wide characters starting at byte `at`, unless `at` is inside the last.
    fn enter_run(&mut self, at: usize) {
        if at < self.run_end {
            return;
        }
        let rest = self.text.get(at..).unwrap_or_default();
        let mut chars = 0;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            if char_width(c) != 2 {
                end = i;
                break;
            }
            chars += 1;
        }
        self.run_end = at + end;
        self.run_long = chars > SHORT_RUN;
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (bool, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.text.get(self.at..).unwrap_or_default();
        let trimmed = rest.trim_start_matches(breaking_space);
        let spaced = trimmed.len() < rest.len();
        let start = self.at + (rest.len() - trimmed.len());
        if trimmed.is_empty() {
            self.at = self.text.len();
            return None;
        }
        let mut end = trimmed.len();
        let mut previous: Option<char> = None;
        for (i, c) in trimmed.char_indices() {
            let wide = char_width(c) == 2;
            if wide {
                self.enter_run(start + i);
            }
            let inside_word = wide && previous.is_some_and(|p| char_width(p) == 2) && !self.run_long;
            if breaking_space(c) || previous.is_some_and(|p| breaks_between(p, c) && !inside_word) {
                end = i;
                break;
            }
            previous = Some(c);
        }
        self.at = start + end;
        trimmed.get(..end).map(|token| (spaced, token))
    }
}

fn breaking_space(c: char) -> bool {
    c.is_whitespace() && c != GLUE
}

/// Whether a line may break between two characters with no space between them: after a path's
/// `/` (not in `2026/09/18`), and next to a wide (CJK) character, except after an opening
/// bracket or quote and before closing punctuation, so `（95588）`, `CNY。`, `“余额不足”` and
/// `'余额不足'` stay whole (Unicode's line breaking, UAX #14, in brief).
fn breaks_between(before: char, after: char) -> bool {
    if before == '/' {
        return !after.is_ascii_digit() && after != '/' && !closes(after);
    }
    // A straight quote may open or close: it stays with both neighbours. So does `(` after a
    // name, as in 建设银行(5566).
    let quote = |c: char| c == '\'' || c == '"';
    (char_width(before) == 2 || char_width(after) == 2)
        && !opens(before)
        && !closes(after)
        && !quote(before)
        && !quote(after)
        && after != '('
}

fn opens(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '<' | '（' | '［' | '｛' | '「' | '『' | '【' | '〔' | '〈' | '《' | '“' | '‘')
}

fn closes(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '>'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '%'
            | '）'
            | '］'
            | '｝'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '》'
            | '”'
            | '’'
            | '、'
            | '，'
            | '。'
            | '；'
            | '：'
            | '！'
            | '？'
            | '％'
            | '…'
            | '·'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_between_words_and_never_inside_a_token() {
        let text = "see icbc-4321-2026-09.csv:25 and 10000500012026102087698315620883 now 2026/09/18";
        for room in 10..60 {
            for line in wrap(text, room) {
                assert!(width(&line) <= room, "{room}: {line:?}");
            }
            let joined = wrap(text, room).join("\n");
            if room >= 32 {
                assert!(joined.contains("10000500012026102087698315620883"), "{room}: {joined}");
            }
            if room >= 24 {
                assert!(joined.contains("icbc-4321-2026-09.csv:25"), "{room}: {joined}");
                assert!(joined.contains("2026/09/18"), "{room}: {joined}");
            }
        }
    }

    #[test]
    fn chinese_breaks_between_characters_but_keeps_numbers_and_brackets_whole() {
        let text = "请您马上致电工商银行（95588），要求核查 2026-09-18 的 500.00 CNY 扣款（icbc.csv 第 69 行）。建设银行(5566)报告'银行卡状态异常'。";
        for room in 18..50 {
            let lines = wrap(text, room);
            for line in &lines {
                assert!(width(line) <= room, "{room}: {line:?}");
                assert!(!line.starts_with(['）', '，', '。']), "{room}: {lines:?}");
                assert!(!line.ends_with('（'), "{room}: {lines:?}");
            }
            let joined = lines.join("\n");
            for token in
                ["（95588），", "2026-09-18", "500.00", "（icbc.csv", "69", "行）。", "行(5566)", "'银", "常'。"]
            {
                assert!(joined.contains(token), "{room}: {token} in {lines:?}");
            }
        }
    }

    #[test]
    fn a_path_may_break_after_a_slash_keeping_the_file_name_whole() {
        assert_eq!(wrap("samples/wechat-2026-10.csv:4", 20), ["samples/", "wechat-2026-10.csv:4"]);
    }

    #[test]
    fn a_short_chinese_name_in_an_english_sentence_stays_whole() {
        assert_eq!(wrap("from 工商银行(4321) on", 16), ["from", "工商银行(4321)", "on"]);
        assert_eq!(wrap("系统异常，请稍后重试", 10), ["系统异常，", "请稍后重试"]);
    }

    #[test]
    fn glue_keeps_words_together_and_shows_as_a_space() {
        let lines = wrap(&format!("at {}", glued("2026-09-18 21:05")), 17);
        assert_eq!(lines, ["at", "2026-09-18 21:05"]);
    }

    #[test]
    fn bullets_hang_and_indents_stay() {
        assert_eq!(wrap("• one two three", 9), ["• one two", "  three"]);
        assert_eq!(hanging("Not run: a b c", 10, 2), ["Not run: a", "  b c"]);
        assert_eq!(wrap("  a.csv:1 (attempt)", 14), ["  a.csv:1", "  (attempt)"]);
    }

    #[test]
    fn a_token_wider_than_the_line_is_cut_with_an_ellipsis() {
        let long = "x".repeat(500_000);
        assert_eq!(wrap(&format!("a {long} b"), 8), ["a", "xxxxxxx…", "b"]);
        assert_eq!(cut("工商银行", 5), "工商…");
        assert_eq!(longest_token(&format!("ab {long}"), 40), 2);
    }

    #[test]
    fn a_paragraph_stops_after_max_lines() {
        let text = "word ".repeat(10_000);
        let lines = wrap(&text, 20);
        assert_eq!(lines.len(), MAX_LINES);
        assert!(lines.last().is_some_and(|l| l.ends_with('…') && width(l) <= 20), "{lines:?}");
    }

    #[test]
    fn natural_width_is_the_longest_paragraph_on_one_line() {
        assert_eq!(natural_width("ab  cd\n工商", 80), 5);
        assert_eq!(natural_width("  • x", 80), 5);
        assert_eq!(natural_width(&"word ".repeat(100_000), 80), 80);
    }
}
