//! Which bank statement a funding card's money shows on, and which wallet rows moved money
//! straight to or from a card.

use crate::institutions::{bank_of, is_bank_code};
use crate::model::{Account, Kind, Side, Status, Transaction};

/// The bank statements (`icbc:4321`, …) the card's rows may appear on; empty when no
/// statement of that card was given.
///
/// Same last four digits and same bank when both are known; a statement that names no card
/// (`icbc`) serves its bank's cards when no statement matches the digits; a card of unknown
/// bank and digits may be on any statement.
pub fn statements_of(bank: Option<&str>, last4: Option<&str>, accounts: &[String]) -> Vec<String> {
    // A label of the user's own making (`card:4321`) names no bank and may be any bank.
    let same_bank = |prefix: &str| bank.is_none_or(|b| prefix == b || !is_bank_code(prefix));
    let pick = |keep: &dyn Fn(&str, Option<&str>) -> bool| -> Vec<String> {
        let mut out: Vec<String> = accounts
            .iter()
            .filter(|a| {
                let account = Account::parse(a);
                keep(account.institution, account.card)
            })
            .cloned()
            .collect();
        out.dedup();
        out
    };
    match last4 {
        Some(card) => {
            let exact = pick(&|prefix, digits| digits == Some(card) && same_bank(prefix));
            if exact.is_empty() { pick(&|prefix, digits| digits.is_none() && same_bank(prefix)) } else { exact }
        }
        None => pick(&|prefix, _| same_bank(prefix)),
    }
}

/// A wallet row that moved money straight between a bank card and a merchant or the wallet's
/// owner (not the wallet's balance): card payments, card repayments, and refunds to a card.
/// Top-ups and withdrawals are reconciled on their own.
pub fn is_card_funded(tx: &Transaction) -> bool {
    tx.side == Side::Wallet
        && tx.status == Status::Success
        && !matches!(tx.kind, Kind::TopUp | Kind::Withdrawal)
        && (tx.card_last4.is_some() || tx.method.as_deref().and_then(bank_of).is_some())
}

#[cfg(test)]
mod tests {
    use super::statements_of;

    fn accounts(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn digits_and_bank_pick_the_statement() {
        let all = accounts(&["icbc:4321", "bocom:7449", "cmbc:4321"]);
        assert_eq!(statements_of(Some("icbc"), Some("4321"), &all), vec!["icbc:4321"]);
        assert_eq!(statements_of(Some("boc"), Some("7449"), &all), Vec::<String>::new(), "boc is not bocom");
        assert_eq!(statements_of(Some("cmb"), Some("4321"), &all), Vec::<String>::new(), "cmb is not cmbc");
        assert_eq!(statements_of(None, Some("4321"), &all), vec!["icbc:4321", "cmbc:4321"]);
    }

    #[test]
    fn statements_without_card_numbers_and_cards_without_digits() {
        let all = accounts(&["icbc", "card:4321"]);
        assert_eq!(statements_of(Some("icbc"), Some("9876"), &all), vec!["icbc"]);
        assert_eq!(
            statements_of(Some("icbc"), Some("4321"), &all),
            vec!["card:4321"],
            "a user's own label may be any bank"
        );
        assert_eq!(statements_of(None, None, &all), all);
        assert_eq!(statements_of(Some("icbc"), None, &all), all, "digit-less and unlabeled both may hold it");
    }
}
