//! Text as the classifier compares it: folded (lower case, full-width to half-width), read as
//! ASCII words for English phrases and compacted (letters and digits only) for Chinese terms.

use super::vocabulary::{FILLERS, MAX_GAP, WORD_FILLERS};

/// Lower case, full-width ASCII folded to ASCII (`ＣＶＶ` → `cvv`), the ideographic space to a space.
pub fn fold(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The ASCII words of folded text: runs of ASCII letters and digits (`card_frozen` → `card`,
/// `frozen`; Chinese characters separate words too, so `cvv错误` holds `cvv`).
pub fn words(folded: &str) -> impl Iterator<Item = &str> + Clone {
    folded.split(not_word as fn(char) -> bool).filter(non_empty as fn(&&str) -> bool)
}

fn not_word(c: char) -> bool {
    !c.is_ascii_alphanumeric()
}

fn non_empty(w: &&str) -> bool {
    !w.is_empty()
}

/// Folded text without spaces and punctuation, for Chinese terms: `卡片 已损坏！` → `卡片已损坏`.
pub fn compact(folded: &str) -> String {
    folded.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A message prepared once for every keyword test.
pub struct Message<'a> {
    pub words: Vec<&'a str>,
    pub compact: String,
}

impl<'a> Message<'a> {
    pub fn new(folded: &'a str) -> Self {
        Message { words: words(folded).collect(), compact: compact(folded) }
    }

    /// Whether the message holds the keyword: an ASCII keyword as a phrase of whole words,
    /// any other as Chinese key terms (see the `classify` module documentation).
    pub fn holds(&self, keyword: &str) -> bool {
        if keyword.is_ascii() { self.holds_phrase(keyword) } else { holds_terms(&self.compact, keyword) }
    }

    /// The words of `phrase` in order, each the next word or separated from the previous one
    /// by at most `MAX_GAP` filler words.
    fn holds_phrase(&self, phrase: &str) -> bool {
        let mut wanted = words(phrase);
        let Some(first) = wanted.next() else { return false };
        self.words.iter().enumerate().any(|(i, w)| *w == first && self.phrase_follows(i + 1, wanted.clone()))
    }

    fn phrase_follows<'k>(&self, at: usize, mut wanted: impl Iterator<Item = &'k str> + Clone) -> bool {
        let Some(next) = wanted.next() else { return true };
        for gap in 0..=MAX_GAP {
            match self.words.get(at + gap) {
                Some(&w) if w == next && self.phrase_follows(at + gap + 1, wanted.clone()) => return true,
                Some(w) if WORD_FILLERS.contains(w) => {}
                _ => return false,
            }
        }
        false
    }
}

/// Whether compacted `text` holds the key terms of `pattern` (`卡|卡片 损坏`): the first term
/// anywhere, each further term right after the previous one or after at most `MAX_GAP` fillers.
pub fn holds_terms(text: &str, pattern: &str) -> bool {
    let mut terms = pattern.split(' ');
    let Some(first) = terms.next() else { return false };
    first
        .split('|')
        .filter(|alt| !alt.is_empty())
        .any(|alt| text.match_indices(alt).any(|(at, _)| terms_follow(&text[at + alt.len()..], terms.clone())))
}

fn terms_follow(rest: &str, mut terms: std::str::Split<'_, char>) -> bool {
    let Some(term) = terms.next() else { return true };
    let mut gap = rest;
    for _ in 0..=MAX_GAP {
        let here =
            |alt: &&str| !alt.is_empty() && gap.strip_prefix(*alt).is_some_and(|r| terms_follow(r, terms.clone()));
        if term.split('|').any(|alt| here(&alt)) {
            return true;
        }
        match gap.chars().next() {
            Some(c) if FILLERS.contains(&c) => gap = &gap[c.len_utf8()..],
            _ => return false,
        }
    }
    false
}

/// A keyword in the form the matcher expects, from a user's spelling: folded; an ASCII phrase
/// as its words joined by single spaces; Chinese terms split at white space, alternatives at
/// `|`, each compacted. `None` when nothing matchable is left (`"！！"`, `"卡| 损坏"`).
pub fn normalise_keyword(raw: &str) -> Option<String> {
    let folded = fold(raw);
    if folded.is_ascii() && !folded.contains('|') {
        let phrase: Vec<&str> = words(&folded).collect();
        return (!phrase.is_empty()).then(|| phrase.join(" "));
    }
    let mut terms = Vec::new();
    for term in folded.split_whitespace() {
        let alternatives: Vec<String> = term.split('|').map(compact).collect();
        if alternatives.iter().any(String::is_empty) {
            return None;
        }
        terms.push(alternatives.join("|"));
    }
    // A pattern that folded to ASCII (`u|v`) must still be read as terms, not as a phrase.
    let pattern = terms.join(" ");
    (!terms.is_empty() && !pattern.is_ascii()).then_some(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(message: &str, keyword: &str) -> bool {
        let folded = fold(message);
        Message::new(&folded).holds(keyword)
    }

    #[test]
    fn chinese_terms_allow_fillers_between_them_and_nothing_else() {
        for message in ["卡片损坏", "卡片已损坏", "该卡片已经被损坏了", "卡 片 已 损 坏", "卡片，已损坏！"]
        {
            assert!(holds(message, "卡片 损坏"), "{message}");
        }
        for message in ["卡片无损坏", "损坏卡片", "卡片已经已经损坏", "卡片"] {
            assert!(!holds(message, "卡片 损坏"), "{message}");
        }
        assert!(holds("银行卡已损坏", "卡|卡片 损坏"));
        assert!(holds("卡片已破损", "卡|卡片 损坏|破损"));
        assert!(holds("请求发送失败", "请求 未发送|发送失败"));
    }

    #[test]
    fn english_phrases_are_whole_words_with_filler_words_between() {
        assert!(holds("Your card has been blocked.", "card blocked"));
        assert!(holds("card_blocked", "card blocked"));
        assert!(holds("CARD IS BLOCKED", "card is blocked"));
        assert!(!holds("card not blocked", "card blocked"));
        assert!(!holds("Shipping address invalid", "pin"));
        assert!(holds("ＣＶＶ错误", "cvv"));
        assert!(holds("doesn't match", "doesn't match"));
        assert!(holds("getaddrinfo EAI_AGAIN api.example.com", "eai_again"));
    }

    #[test]
    fn user_keywords_are_normalised_or_refused() {
        assert_eq!(normalise_keyword("  Card  Frozen! ").as_deref(), Some("card frozen"));
        assert_eq!(normalise_keyword("链路，抖动").as_deref(), Some("链路抖动"));
        assert_eq!(normalise_keyword("卡|卡片  损坏").as_deref(), Some("卡|卡片 损坏"));
        assert_eq!(normalise_keyword("ＡＢＣ错误").as_deref(), Some("abc错误"));
        for bad in ["", "  ", "！！", "卡| 损坏", "|"] {
            assert_eq!(normalise_keyword(bad), None, "{bad:?}");
        }
    }
}
