//! Masking of card numbers in text that is echoed from input (private by default).

/// Replaces every run of 13–19 digits that passes the Luhn check (a card number) with
/// `****` and its last four digits. The digits may be grouped by single spaces or dashes
/// (`6222 0212 3456 7894`, `6222-0212-…`), as people type them. Shorter or failing runs
/// (order numbers, amounts) stay.
pub fn mask_card_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The current run as written (digits and inner separators), and its digits alone.
    let (mut run, mut digits) = (String::new(), String::new());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            run.push(c);
            digits.push(c);
            continue;
        }
        let inner = matches!(c, ' ' | '-') && !digits.is_empty() && chars.peek().is_some_and(char::is_ascii_digit);
        if inner && run.ends_with(|r: char| r.is_ascii_digit()) {
            run.push(c);
            continue;
        }
        flush(&mut out, &mut run, &mut digits);
        out.push(c);
    }
    flush(&mut out, &mut run, &mut digits);
    out
}

fn flush(out: &mut String, run: &mut String, digits: &mut String) {
    if (13..=19).contains(&digits.len()) && luhn(digits) {
        out.push_str("****");
        out.push_str(&digits[digits.len() - 4..]);
    } else {
        out.push_str(run);
    }
    run.clear();
    digits.clear();
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i.is_multiple_of(2) {
                d
            } else if d * 2 > 9 {
                d * 2 - 9
            } else {
                d * 2
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    #[test]
    fn grouped_card_numbers_are_masked_and_dates_are_not() {
        assert_eq!(super::mask_card_numbers("张三 6222 0212 3456 7894"), "张三 ****7894");
        assert_eq!(super::mask_card_numbers("卡 6222-0212-3456-7894 已冻结"), "卡 ****7894 已冻结");
        assert_eq!(super::mask_card_numbers("2026-03-04 21:13 500.00"), "2026-03-04 21:13 500.00");
        assert_eq!(super::mask_card_numbers("x 6222 0212"), "x 6222 0212");
    }

    use super::mask_card_numbers;

    #[test]
    fn card_numbers_are_masked_other_numbers_kept() {
        assert_eq!(mask_card_numbers("card 6222021234567890128,5OO.00"), "card ****0128,5OO.00");
        assert_eq!(mask_card_numbers("4111111111111111"), "****1111");
        // Fails Luhn: an order number, kept.
        assert_eq!(mask_card_numbers("order 4111111111111112"), "order 4111111111111112");
        // Too long for a card: kept.
        assert_eq!(mask_card_numbers("110126092510004179436002925380"), "110126092510004179436002925380");
        assert_eq!(mask_card_numbers("工商银行(4321) 500.00"), "工商银行(4321) 500.00");
    }
}
