//! What the HTML page and its charts share: [`escape`], which every text from input goes
//! through, the report's words in its language, and how a finding's time is shown.

use super::terminal::printable;
use chrono::{DateTime, FixedOffset, NaiveTime};

/// Text made safe for HTML content and for attribute values in double or single quotes:
/// `& < > " '` become references, and control and bidirectional characters (which could
/// reorder what the reader sees) become U+FFFD, as on a terminal.
pub fn escape(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Words in the report's language.
#[derive(Clone, Copy)]
pub(super) struct Words {
    pub zh: bool,
}

impl Words {
    pub fn tr<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        if self.zh { zh } else { en }
    }
}

/// A finding's time; midnight means a date-only row (bank statements), shown as a date.
pub(super) fn moment(t: DateTime<FixedOffset>) -> String {
    if t.time() == NaiveTime::MIN { t.format("%Y-%m-%d").to_string() } else { t.format("%Y-%m-%d %H:%M").to_string() }
}
