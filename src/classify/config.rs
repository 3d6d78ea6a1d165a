//! The `[classify]` configuration section: the user's codes and message keywords per cause,
//! checked and turned into a `Classifier`.

use super::text::{fold, normalise_keyword};
use super::{Classifier, UserVocabulary, strip_zero_pad};
use crate::model::Cause;
use serde::Deserialize;
use std::sync::Arc;

/// `[classify]`: `[classify.codes]` and `[classify.messages]`, each cause name → entries.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClassifyConfig {
    pub codes: CauseLists,
    pub messages: CauseLists,
}

/// Entries per cause, keyed by the cause names of DESIGN.md §4. `unknown` is not a key:
/// an entry says what a failure means, and "not recognised" needs no entry.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct CauseLists {
    pub insufficient_funds: Vec<String>,
    pub card_locked: Vec<String>,
    pub card_expired: Vec<String>,
    pub card_binding: Vec<String>,
    pub bank_limit: Vec<String>,
    pub identity_verification: Vec<String>,
    pub network: Vec<String>,
    pub wallet_system: Vec<String>,
    pub risk_declined: Vec<String>,
}

impl CauseLists {
    /// The entries with their cause, in the order of DESIGN.md §4.
    fn by_cause(&self) -> [(Cause, &[String]); 9] {
        [
            (Cause::InsufficientFunds, &self.insufficient_funds),
            (Cause::CardLocked, &self.card_locked),
            (Cause::CardExpired, &self.card_expired),
            (Cause::CardBinding, &self.card_binding),
            (Cause::BankLimit, &self.bank_limit),
            (Cause::IdentityVerification, &self.identity_verification),
            (Cause::Network, &self.network),
            (Cause::WalletSystem, &self.wallet_system),
            (Cause::RiskDeclined, &self.risk_declined),
        ]
    }
}

impl ClassifyConfig {
    /// The classifier with these entries; an entry that can never match is an error naming it.
    /// Without entries the classifier is the built-in one (nothing allocated).
    pub fn classifier(&self) -> Result<Classifier, String> {
        let mut user = UserVocabulary::default();
        for (cause, codes) in self.codes.by_cause() {
            for raw in codes {
                let folded = fold(raw.trim());
                let code = strip_zero_pad(folded.trim());
                if code.is_empty() {
                    return Err(format!("[classify.codes] {}: an empty code", cause.as_str()));
                }
                user.codes.push((code.to_string(), cause));
            }
        }
        for (cause, keywords) in self.messages.by_cause() {
            for raw in keywords {
                let keyword = normalise_keyword(raw).ok_or_else(|| {
                    format!(
                        "[classify.messages] {}: {raw:?} has nothing to match (words or Chinese terms, \
                         alternatives `|` only between Chinese characters, none empty)",
                        cause.as_str()
                    )
                })?;
                user.messages.push((keyword, cause));
            }
        }
        // The longest entry first: `验证码超时` under one cause beats `超时` under another.
        // The sort is stable, so equal lengths keep the order of DESIGN.md §4.
        user.messages.sort_by_key(|(keyword, _)| std::cmp::Reverse(keyword.chars().count()));
        if user.codes.is_empty() && user.messages.is_empty() {
            return Ok(Classifier::default());
        }
        Ok(Classifier { user: Some(Arc::new(user)) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(toml_text: &str) -> Result<ClassifyConfig, String> {
        toml::from_str(toml_text).map_err(|e| e.to_string())
    }

    #[test]
    fn cause_names_are_the_keys_and_others_are_refused_by_name() {
        let config = parse("[codes]\ncard-locked = [\"X99\"]\n[messages]\nnetwork = [\"链路抖动\"]\n").unwrap();
        assert_eq!(config.codes.card_locked, ["X99"]);
        assert_eq!(config.messages.network, ["链路抖动"]);
        let wrong = parse("[codes]\ncard_locked = [\"X99\"]\n").unwrap_err();
        assert!(wrong.contains("card_locked"), "{wrong}");
        let unknown = parse("[messages]\nunknown = [\"x\"]\n").unwrap_err();
        assert!(unknown.contains("unknown"), "{unknown}");
        let section = parse("[keywords]\nnetwork = []\n").unwrap_err();
        assert!(section.contains("keywords"), "{section}");
    }

    #[test]
    fn entries_that_cannot_match_are_errors_naming_them() {
        let empty = ClassifyConfig {
            codes: CauseLists { network: vec!["  ".into()], ..Default::default() },
            ..Default::default()
        };
        assert_eq!(empty.classifier().unwrap_err(), "[classify.codes] network: an empty code");
        let blank = ClassifyConfig {
            messages: CauseLists { bank_limit: vec!["！！".into()], ..Default::default() },
            ..Default::default()
        };
        let err = blank.classifier().unwrap_err();
        assert!(err.starts_with("[classify.messages] bank-limit: \"！！\""), "{err}");
    }

    #[test]
    fn no_entries_is_the_built_in_classifier() {
        assert!(ClassifyConfig::default().classifier().unwrap().user.is_none());
    }
}
