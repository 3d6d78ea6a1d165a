//! Masking of card numbers in text that is echoed from input (private by default).

/// Replaces every run of 13–19 digits that passes the Luhn check (a card number) with
/// `****` and its last four digits. Shorter or failing runs (order numbers, amounts) stay.
pub fn mask_card_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        if (13..=19).contains(&run.len()) && luhn(&run) {
            out.push_str("****");
            out.push_str(&run[run.len() - 4..]);
        } else {
            out.push_str(&run);
        }
        run.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
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
