//! Which bank statement a funding card's money shows on, and which wallet rows moved money
//! straight to or from a card.

use super::types::{AssumedCards, CardPayment, TopUp};
use crate::institutions::{bank_of, is_bank_code};
use crate::model::{Account, Kind, Side, Status, Transaction};

/// The bank statements (`icbc:4321`, …) the card's rows may appear on; empty when no
/// statement of that card was given.
///
/// Same last four digits and same bank when both are known. A statement that names no card
/// (`icbc`: its preamble was stripped) may be any card of its bank, so it serves every card
/// of that bank the wallets use, beside the card's own statements (`assumed_cards` says so in
/// the report); for a card of unknown bank it serves only when no statement matches the
/// digits. A card of unknown bank and digits may be on any statement.
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
        Some(card) if bank.is_some() => {
            pick(&|prefix, digits| (digits == Some(card) || digits.is_none()) && same_bank(prefix))
        }
        Some(card) => {
            let exact = pick(&|prefix, digits| digits == Some(card) && same_bank(prefix));
            if exact.is_empty() { pick(&|prefix, digits| digits.is_none() && same_bank(prefix)) } else { exact }
        }
        None => pick(&|prefix, _| same_bank(prefix)),
    }
}

/// The statements among `statements` that name no card number but a bank, each with the
/// cards of that bank the top-ups and card payments use (their digits known): the cards
/// `statements_of` let it stand for.
pub fn assumed_cards(
    txs: &[Transaction],
    top_ups: &[TopUp],
    payments: &[CardPayment],
    statements: &[String],
) -> Vec<AssumedCards> {
    let mut used: Vec<(&str, String)> = top_ups
        .iter()
        .filter_map(|t| Some((t.bank?, t.card_last4.clone()?)))
        .chain(payments.iter().filter_map(|p| {
            let tx = txs.get(p.wallet)?;
            Some((tx.method.as_deref().and_then(bank_of)?, tx.card_last4.clone()?))
        }))
        .collect();
    used.sort();
    used.dedup();
    statements
        .iter()
        .filter_map(|s| {
            let account = Account::parse(s);
            if account.card.is_some() || !is_bank_code(account.institution) {
                return None;
            }
            let cards: Vec<String> = used
                .iter()
                .filter(|(bank, _)| *bank == account.institution)
                .map(|(bank, digits)| Account::label(bank, Some(digits)))
                .collect();
            (!cards.is_empty()).then(|| AssumedCards { statement: s.clone(), bank: account.institution.into(), cards })
        })
        .collect()
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
            vec!["icbc", "card:4321"],
            "a user's own label may be any bank, and a statement without a card number any ICBC card"
        );
        assert_eq!(statements_of(None, None, &all), all);
        assert_eq!(statements_of(Some("icbc"), None, &all), all, "digit-less and unlabeled both may hold it");
    }

    #[test]
    fn a_statement_without_a_card_number_serves_every_card_of_its_bank() {
        let all = accounts(&["icbc", "icbc:4321", "cmb"]);
        assert_eq!(statements_of(Some("icbc"), Some("4321"), &all), vec!["icbc", "icbc:4321"]);
        assert_eq!(statements_of(Some("icbc"), Some("9876"), &all), vec!["icbc"]);
        assert_eq!(statements_of(None, Some("4321"), &all), vec!["icbc:4321"], "an unknown bank: the digits decide");
    }
}
