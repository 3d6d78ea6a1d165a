//! Account aliases from the settings file (`[accounts]`): the card a statement is about when
//! the statement itself names another number or none (`"ccb:5678" = "ccb:1234"`: the preamble
//! prints the account number ending 5678, the wallets fund from the card ending 1234).

use super::Ingested;
use crate::model::{Account, Side};
use serde::Deserialize;
use std::collections::BTreeMap;

/// `statement's label = label to use`, both `bank` or `bank:1234`; either may also be written
/// as the wallets name the card (`"cmb" = "招商银行储蓄卡(8705)"` is `"cmb" = "cmb:8705"`).
#[derive(Debug, Default, Clone)]
pub struct AccountAliases(BTreeMap<String, String>);

impl<'de> Deserialize<'de> for AccountAliases {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let written = BTreeMap::<String, String>::deserialize(d)?;
        Ok(AccountAliases(written.into_iter().map(|(from, to)| (as_label(from), as_label(to))).collect()))
    }
}

/// A funding method as the wallets show it (`招商银行储蓄卡(8705)`) as the account label of its
/// card (`cmb:8705`); anything else as written, for `validate` to judge.
fn as_label(text: String) -> String {
    if is_label(&text) {
        return text;
    }
    match (crate::institutions::bank_of(&text), crate::model::last4_digits(&text)) {
        (Some(bank), Some(last4)) => Account::label(bank, Some(&last4)),
        (Some(bank), None) => bank.to_string(),
        _ => text,
    }
}

impl AccountAliases {
    /// Refuses labels that are not `name` or `name:` followed by four digits, and chains
    /// (`a = b`, `b = c`): which card is meant would depend on the order they are applied.
    pub fn validate(&self) -> Result<(), String> {
        for (from, to) in &self.0 {
            for label in [from, to] {
                if !is_label(label) {
                    return Err(format!(
                        "accounts: {label:?} is not an account label (a bank code, optionally with the card's last \
                         four digits: \"ccb\" or \"ccb:1234\")"
                    ));
                }
            }
            if self.0.contains_key(to) && to != from {
                return Err(format!(
                    "accounts: {from:?} = {to:?}, and {to:?} is itself an alias: name the card directly"
                ));
            }
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Relabels the bank rows and inputs of every aliased statement, card digits included.
    pub fn apply(&self, ingested: &mut Ingested) {
        if self.0.is_empty() {
            return;
        }
        for t in ingested.transactions.iter_mut().filter(|t| t.side == Side::Bank) {
            if let Some(to) = self.0.get(&t.account) {
                t.account.clone_from(to);
                t.card_last4 = Account::parse(to).card.map(str::to_string);
            }
        }
        for input in ingested.inputs.iter_mut().filter(|i| i.side == Side::Bank) {
            if let Some(to) = self.0.get(&input.account) {
                input.account.clone_from(to);
            }
        }
    }
}

fn is_label(label: &str) -> bool {
    let Account { institution, card } = Account::parse(label);
    let name_ok =
        !institution.is_empty() && institution.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    name_ok && card.is_none_or(|d| d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aliases(pairs: &[(&str, &str)]) -> AccountAliases {
        AccountAliases(pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect())
    }

    #[test]
    fn labels_are_checked_and_chains_refused() {
        assert!(aliases(&[("ccb:5678", "ccb:1234"), ("boc", "boc:0001")]).validate().is_ok());
        let e = aliases(&[("ccb:56789", "ccb:1234")]).validate().unwrap_err();
        assert!(e.contains("\"ccb:56789\" is not an account label"), "{e}");
        assert!(aliases(&[("工行", "icbc:1234")]).validate().is_err());
        let e = aliases(&[("a", "b"), ("b", "c")]).validate().unwrap_err();
        assert!(e.contains("\"b\" is itself an alias"), "{e}");
    }

    #[test]
    fn a_card_may_be_named_as_the_wallets_show_it() {
        let read: AccountAliases =
            toml::from_str("cmb = \"招商银行储蓄卡(8705)\"\n\"中国银行(0001)\" = \"boc:0002\"").unwrap();
        assert_eq!(read.0.get("cmb").map(String::as_str), Some("cmb:8705"));
        assert_eq!(read.0.get("boc:0001").map(String::as_str), Some("boc:0002"));
        assert!(read.validate().is_ok());
    }
}
