//! Masking of card numbers in text that is echoed from input (private by default).
//!
//! The rule (README "Privacy, limits and hostile input"): every card-like number becomes `****`
//! and its last four digits, whether or not it passes the Luhn check (a mistyped or partly
//! redacted card number is still a card number). Card-like is:
//! - a run of 12–19 digits, or
//! - digit groups joined by single spaces or dashes as people write card numbers
//!   (`6222 0212 3456 4321`, `4111-1111-1111-1111`, `622202 1234567890123`): 12–19 digits in
//!   all, the first group at least 4 digits and every other at least 3.
//!
//! and not part of a longer word or number: next to an ASCII letter or digit (order numbers such
//! as `T2026030421130512`, 28-digit WeChat references), after `*` (an already masked number) or
//! next to a decimal point followed or preceded by a digit (`1234567890123.45`), digits stay.
//! Dates, times and amounts never match: `2026-03-04 21:13` has 2-digit groups, `1,234.56` is
//! split by its comma and point, `2026-03-01 - 2026-03-31` is two runs of 8 digits.

/// Replaces every card-like number in `text` with `****` and its last four digits.
pub fn mask_card_numbers(text: &str) -> String {
    let b = text.as_bytes();
    // ASCII digits and separators never occur inside a multi-byte UTF-8 sequence, so byte
    // positions of digits are char boundaries.
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut i) = (0, 0);
    while let Some(c) = b.get(i) {
        if !c.is_ascii_digit() {
            i += 1;
            continue;
        }
        let groups = groups_at(b, i);
        let end = groups.last().map_or(i, |g| g.1);
        let open_start = i == 0 || !blocks_before(b, i);
        let open_end = !blocks_after(b, end);
        let mut g = 0;
        while g < groups.len() {
            match card_window(&groups, g, open_start, open_end) {
                Some(last) => {
                    let from = groups.get(g).map_or(i, |group| group.0);
                    let to = groups.get(last).map_or(end, |group| group.1);
                    out.push_str(&text[copied..from]);
                    let digits: Vec<char> = text[from..to].chars().filter(char::is_ascii_digit).collect();
                    out.push_str("****");
                    out.extend(digits.iter().skip(digits.len().saturating_sub(4)));
                    copied = to;
                    g = last + 1;
                }
                None => g += 1,
            }
        }
        i = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The digit groups of the run starting at `start`: byte ranges of digits, joined by single
/// spaces or dashes that are followed by a digit.
fn groups_at(b: &[u8], start: usize) -> Vec<(usize, usize)> {
    let mut groups = Vec::new();
    let mut j = start;
    loop {
        let from = j;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        groups.push((from, j));
        let joined = matches!(b.get(j), Some(b' ' | b'-')) && b.get(j + 1).is_some_and(u8::is_ascii_digit);
        if !joined {
            return groups;
        }
        j += 1;
    }
}

/// A run starting at `at` continues a word or number: a letter or digit before it, `*` (a
/// number already masked) or a decimal point after a digit.
fn blocks_before(b: &[u8], at: usize) -> bool {
    let before = |back: usize| at.checked_sub(back).and_then(|p| b.get(p)).copied();
    match before(1) {
        Some(c) if c.is_ascii_alphanumeric() || c == b'*' => true,
        Some(b'.') => before(2).is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// A run ending at `at` continues into a word or decimal fraction.
fn blocks_after(b: &[u8], at: usize) -> bool {
    match b.get(at) {
        Some(c) if c.is_ascii_alphanumeric() => true,
        Some(b'.') => b.get(at + 1).is_some_and(u8::is_ascii_digit),
        _ => false,
    }
}

/// The last group of the longest card-like window of groups starting at `first`.
fn card_window(groups: &[(usize, usize)], first: usize, open_start: bool, open_end: bool) -> Option<usize> {
    if first == 0 && !open_start {
        return None;
    }
    let len = |g: usize| groups.get(g).map_or(0, |(from, to)| to - from);
    let mut digits = 0;
    let mut best = None;
    for last in first..groups.len() {
        if last > first && (len(first) < 4 || len(last) < 3) {
            break;
        }
        digits += len(last);
        if digits > 19 {
            break;
        }
        let closed = last + 1 == groups.len() && !open_end;
        if digits >= 12 && !closed {
            best = Some(last);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::mask_card_numbers;
    use proptest::prelude::*;

    #[test]
    fn grouped_card_numbers_are_masked_and_dates_are_not() {
        assert_eq!(mask_card_numbers("张三 6222 0212 3456 7894"), "张三 ****7894");
        assert_eq!(mask_card_numbers("卡 6222-0212-3456-7894 已冻结"), "卡 ****7894 已冻结");
        assert_eq!(mask_card_numbers("6217 0012 3456 7890 123"), "****0123");
        assert_eq!(mask_card_numbers("622202 1234567890123"), "****0123");
        assert_eq!(mask_card_numbers("3782 822463 10005"), "****0005");
        assert_eq!(mask_card_numbers("2026-03-04 21:13 500.00"), "2026-03-04 21:13 500.00");
        assert_eq!(mask_card_numbers("2026-03-01 - 2026-03-31"), "2026-03-01 - 2026-03-31");
        assert_eq!(mask_card_numbers("x 6222 0212"), "x 6222 0212");
        assert_eq!(mask_card_numbers("1 234 567 890 123,00 €"), "1 234 567 890 123,00 €");
    }

    #[test]
    fn card_numbers_are_masked_whether_or_not_they_pass_luhn() {
        assert_eq!(mask_card_numbers("card 6222021234567890128,5OO.00"), "card ****0128,5OO.00");
        assert_eq!(mask_card_numbers("4111111111111111"), "****1111");
        assert_eq!(mask_card_numbers("order 4111111111111112"), "order ****1112");
        assert_eq!(mask_card_numbers("工商银行(6222021234564321)"), "工商银行(****4321)");
        assert_eq!(mask_card_numbers("2026-03-04 6222021234564321"), "2026-03-04 ****4321");
        assert_eq!(mask_card_numbers("卡号：622202123456"), "卡号：****3456");
    }

    #[test]
    fn numbers_inside_words_references_and_amounts_stay() {
        for text in [
            "T2026030421130512",
            "110126092510004179436002925380",
            "4200001234202603041234567890",
            "工商银行(4321) 500.00",
            "1234567890123.45",
            "0.4111111111111111",
            "****4321",
            "ref_4111111111111111x",
            "12345678901",
        ] {
            assert_eq!(mask_card_numbers(text), text);
        }
    }

    #[test]
    fn a_number_next_to_a_card_is_not_masked_with_it() {
        assert_eq!(mask_card_numbers("4111 1111 1111 1111 12:30"), "****1111 12:30");
        assert_eq!(mask_card_numbers("4111 1111 1111 1111 2222 3333 4444"), "****1111 ****4444");
        assert_eq!(mask_card_numbers("12 4111111111111111"), "12 ****1111");
    }

    /// Pieces of text that hold no card-like number however they are joined below.
    fn harmless() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9]{4}-[01][0-9]-[0-3][0-9]",
            "[0-9]{4}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9](:[0-5][0-9])?",
            "[0-9]{4}-[01][0-9]-[0-3][0-9] - [0-9]{4}-[01][0-9]-[0-3][0-9]",
            "[0-9]{1,3}(,[0-9]{3}){0,4}\\.[0-9]{2}",
            "-?[0-9]{1,12}\\.[0-9]{2}",
            "[A-Z][0-9]{10,30}",
            "[0-9]{20,32}",
            "[0-9]{1,11}",
            "[a-z工商银行支出退款 ]{0,12}",
            "工商银行\\([0-9]{4}\\)",
            "\\*{4}[0-9]{4}",
        ]
    }

    /// A card number as people write it: plain, in fours, 4-6-rest or 6-rest.
    fn written_card() -> impl Strategy<Value = (String, String)> {
        ("[0-9]{12,19}", 0..4usize, prop_oneof![Just(' '), Just('-')]).prop_map(|(digits, style, sep)| {
            let chunks: Vec<usize> = match style {
                1 => std::iter::repeat_n(4, digits.len() / 4).chain([digits.len() % 4]).filter(|n| *n > 0).collect(),
                2 if (14..=16).contains(&digits.len()) => vec![4, 6, digits.len() - 10],
                3 => vec![6, digits.len() - 6],
                _ => vec![digits.len()],
            };
            let mut written = String::new();
            let mut at = 0;
            for n in chunks {
                if at > 0 {
                    written.push(sep);
                }
                written.push_str(&digits[at..at + n]);
                at += n;
            }
            (digits, written)
        })
    }

    proptest! {
        #[test]
        fn masking_is_idempotent(text in "[0-9 .*a-z,工-]{0,80}") {
            let once = mask_card_numbers(&text);
            prop_assert_eq!(mask_card_numbers(&once), once.clone());
        }

        #[test]
        fn masking_twice_changes_nothing_around_cards(pieces in prop::collection::vec((harmless(), written_card()), 0..6)) {
            let text: String = pieces.iter().map(|(h, (_, c))| format!("{h} ({c}) ")).collect();
            let once = mask_card_numbers(&text);
            prop_assert_eq!(mask_card_numbers(&once), once.clone());
        }

        #[test]
        fn text_without_card_numbers_is_unchanged(
            pieces in prop::collection::vec(harmless(), 0..8),
            joins in prop::collection::vec(prop_oneof![Just(", "), Just(" - "), Just("; "), Just("，"), Just(" / "), Just("：")], 8),
        ) {
            let text: String = pieces.iter().zip(&joins).map(|(p, j)| format!("{p}{j}")).collect();
            prop_assert_eq!(mask_card_numbers(&text), text);
        }

        #[test]
        fn no_12_consecutive_digits_of_a_card_are_left(
            (digits, written) in written_card(),
            before in "([a-z工 ]{0,8}[ (:：,])?",
            after in "([ ),。][a-z工 ]{0,8})?",
        ) {
            let masked = mask_card_numbers(&format!("{before}{written}{after}"));
            let kept: String = masked.chars().filter(|c| c.is_ascii_digit()).collect();
            for window in digits.as_bytes().windows(12) {
                let window = std::str::from_utf8(window).unwrap_or_default();
                prop_assert!(!kept.contains(window), "{} left in {}", window, masked);
            }
            prop_assert!(masked.contains("****"), "{}", masked);
        }
    }
}
