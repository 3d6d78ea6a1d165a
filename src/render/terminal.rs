//! Text as a terminal may see it: what is read from input (cells, file names, option values,
//! error messages) can hold escape sequences that recolour or clear the screen, set the window
//! title, forge hyperlinks (OSC 8), erase what came before (backspace, CR) or reorder what the
//! reader sees (bidirectional controls such as U+202E). Everything written to a terminal goes
//! through [`printable`] once: the table's cells, every error and warning on stderr, `formats`
//! and `rules` output. JSON output escapes control characters itself and is left exact.

/// Whether the locale takes more than ASCII pictures: the first of `LC_ALL`, `LC_CTYPE` and
/// `LANG` that is set (and not empty), as the C library reads them, names UTF-8 (`C.UTF-8`,
/// `zh_CN.utf8`), or none is set. `C`, `POSIX` or `zh_CN.GB18030` make the table's histogram
/// ASCII (`.:-=+*#@` bars, `^` for peak hours) instead of block characters.
pub fn unicode_locale() -> bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"].iter().find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
    locale.is_none_or(|l| {
        let l = l.to_ascii_lowercase();
        l.contains("utf-8") || l.contains("utf8")
    })
}

/// Replaces every control character but the newline (C0, DEL, C1 such as U+009B CSI) and every
/// bidirectional control with U+FFFD, so that escape sequences show as text and cannot act.
/// Newlines stay: table cells and multi-line messages use them.
pub fn printable(text: &str) -> String {
    if !text.chars().any(unsafe_char) {
        return text.to_string();
    }
    text.chars().map(|c| if unsafe_char(c) { '\u{fffd}' } else { c }).collect()
}

/// A character a terminal would act on rather than show.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n') || is_bidi_control(c)
}

/// Bidirectional formatting characters (Unicode UAX #9): marks, embeddings, overrides and
/// isolates, plus the line and paragraph separators that break a line like a newline would.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn control_characters_from_input_never_reach_the_terminal() {
        assert_eq!(printable("李四\u{1b}[2J\u{7}\r\t"), "李四\u{fffd}[2J\u{fffd}\u{fffd}\u{fffd}");
        assert_eq!(printable("line\nnext"), "line\nnext");
        assert_eq!(printable("\u{1b}]0;title\u{7}"), "\u{fffd}]0;title\u{fffd}");
        assert_eq!(printable("\u{1b}]8;;http://x\u{1b}\\a"), "\u{fffd}]8;;http://x\u{fffd}\\a");
        assert_eq!(printable("ab\u{8}\u{8}\u{7f}"), "ab\u{fffd}\u{fffd}\u{fffd}");
        assert_eq!(printable("\u{9b}31m \u{85}"), "\u{fffd}31m \u{fffd}");
    }

    #[test]
    fn bidirectional_controls_are_replaced() {
        assert_eq!(printable("invoice\u{202e}fdp.exe"), "invoice\u{fffd}fdp.exe");
        for c in ['\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202d}', '\u{2066}', '\u{2069}', '\u{2028}'] {
            assert_eq!(printable(&format!("a{c}b")), "a\u{fffd}b", "{c:?}");
        }
    }

    #[test]
    fn ordinary_text_is_kept_as_it_is() {
        for text in
            ["工商银行(4321) 500.00 CNY", "2026-03-04 21:13 – 2026-03-05", "• Call ICBC (95588)", "¥15.80 ＡＢＣ ✓"]
        {
            assert_eq!(printable(text), text);
        }
    }
}
