//! The rule registry: one file per finding code, whose `//!` comment is the rule's documentation.

mod assumed;
mod describe;
mod failures;
mod groups;
mod identity;
mod related;

mod d001_unparsed_row;
mod d002_coverage_gap;
mod d003_balance_discontinuity;
mod d004_overlapping_exports;
mod d005_incomplete_export;
mod f001_insufficient_funds;
mod f002_card_locked;
mod f003_card_expired;
mod f004_card_binding;
mod f005_bank_limit;
mod f006_identity_verification;
mod f007_network;
mod f008_wallet_system;
mod f009_risk_declined;
mod f010_unclassified_failure;
mod p001_peak_hour_network_failures;
mod p002_outage_window;
mod p003_repeated_card_failures;
mod p004_retry_storm;
mod p005_verification_lockout;
mod p006_outdated_app;
mod p007_weak_network_type;
mod r001_debited_not_credited;
mod r002_duplicate_debit;
mod r003_orphan_bank_debit;
mod r004_credit_without_debit;
mod r005_awaiting_refund;
mod r006_stuck_pending;
mod r007_amount_mismatch;
mod s001_unusual_hour;
mod s002_new_counterparty_large;
mod s003_amount_outlier;
mod s004_card_testing;
mod s005_new_device_or_location;
mod s006_after_verification_failures;
mod s007_duplicate_charge;
mod s008_unusual_currency;

use crate::analysis::Analysis;
use crate::finding::{Code, Finding, Lang, Severity};
use crate::ledger::Ledger;
use crate::model::Transaction;
use crate::reconcile::{Reconciliation, Settings};
use chrono::{DateTime, FixedOffset};

/// A finding code: its identity, default severity, documentation and detector.
pub struct Rule {
    pub code: &'static str,
    pub slug: &'static str,
    pub severity: Severity,
    /// One line for `wallet-audit rules`.
    pub summary: &'static str,
    /// The rule's source file; its `//!` block is the documentation `wallet-audit rule` prints.
    pub source: &'static str,
    pub check: fn(&Context) -> Vec<Finding>,
}

impl Rule {
    /// The rule's documentation: its file's `//!` lines.
    pub fn doc(&self) -> String {
        let lines: Vec<&str> = self
            .source
            .lines()
            .take_while(|l| l.starts_with("//!") || l.trim().is_empty())
            .filter_map(|l| l.strip_prefix("//!"))
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        lines.join("\n").trim().to_string()
    }
}

impl From<&Rule> for Code {
    fn from(rule: &Rule) -> Code {
        Code { code: rule.code, slug: rule.slug, severity: rule.severity }
    }
}

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &r001_debited_not_credited::RULE,
    &r002_duplicate_debit::RULE,
    &r003_orphan_bank_debit::RULE,
    &r004_credit_without_debit::RULE,
    &r005_awaiting_refund::RULE,
    &r006_stuck_pending::RULE,
    &r007_amount_mismatch::RULE,
    &f001_insufficient_funds::RULE,
    &f002_card_locked::RULE,
    &f003_card_expired::RULE,
    &f004_card_binding::RULE,
    &f005_bank_limit::RULE,
    &f006_identity_verification::RULE,
    &f007_network::RULE,
    &f008_wallet_system::RULE,
    &f009_risk_declined::RULE,
    &f010_unclassified_failure::RULE,
    &p001_peak_hour_network_failures::RULE,
    &p002_outage_window::RULE,
    &p003_repeated_card_failures::RULE,
    &p004_retry_storm::RULE,
    &p005_verification_lockout::RULE,
    &p006_outdated_app::RULE,
    &p007_weak_network_type::RULE,
    &s001_unusual_hour::RULE,
    &s002_new_counterparty_large::RULE,
    &s003_amount_outlier::RULE,
    &s004_card_testing::RULE,
    &s005_new_device_or_location::RULE,
    &s006_after_verification_failures::RULE,
    &s007_duplicate_charge::RULE,
    &s008_unusual_currency::RULE,
    &d001_unparsed_row::RULE,
    &d002_coverage_gap::RULE,
    &d003_balance_discontinuity::RULE,
    &d004_overlapping_exports::RULE,
    &d005_incomplete_export::RULE,
];

/// Looks a rule up by code (`R001`) or slug (`debited-not-credited`), case-insensitively.
pub fn by_code(code: &str) -> Option<&'static Rule> {
    let code = code.trim();
    RULES.iter().copied().find(|r| r.code.eq_ignore_ascii_case(code) || r.slug.eq_ignore_ascii_case(code))
}

/// A `--select`/`--ignore` item as a code prefix: a slug becomes its code (slugs and codes
/// cannot be confused: no slug starts with a letter and three digits), anything else is
/// upper-cased.
fn as_prefix(item: &str) -> String {
    match RULES.iter().find(|r| r.slug.eq_ignore_ascii_case(item.trim())) {
        Some(rule) => rule.code.to_string(),
        None => item.trim().to_ascii_uppercase(),
    }
}

/// Everything a rule may look at.
pub struct Context<'a> {
    pub ledger: &'a Ledger,
    pub recon: &'a Reconciliation,
    /// The activity frame the P and S rules query.
    pub analysis: &'a Analysis,
    pub settings: &'a Settings,
    /// The moment windows are judged against: the end of the latest input's coverage unless
    /// `--now` is given, never the wall clock.
    pub now: DateTime<FixedOffset>,
    pub lang: Lang,
    /// Echo card numbers from input unmasked (`--show-pii`).
    pub show_pii: bool,
}

impl Context<'_> {
    /// The ledger row at `index`, a position reconciliation or analysis computed from this
    /// ledger (so always there; a rule skips what it cannot find rather than panic).
    pub fn tx(&self, index: usize) -> Option<&Transaction> {
        self.ledger.transactions.get(index)
    }

    /// The ledger rows at `indices`, in order (see `tx`).
    pub fn txs(&self, indices: impl IntoIterator<Item = usize>) -> impl Iterator<Item = &Transaction> {
        indices.into_iter().filter_map(|i| self.tx(i))
    }

    /// Picks the text for the output language.
    pub fn t(&self, en: String, zh: String) -> String {
        self.lang.pick(en, zh)
    }

    /// A time as messages show it, in the row's own zone: `2026-03-04 21:13` (date only for
    /// date-only rows).
    pub fn when(&self, tx: &Transaction) -> String {
        tx.time.display()
    }
}

/// Which codes to run: `--select` / `--ignore` by code, prefix or slug (a slug counts as its
/// full code); the most specific match wins, and on a tie `--ignore` does.
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    /// The selection the `--select` and `--ignore` items name (surrounding spaces ignored).
    /// An empty item, from an empty value (`--ignore "$UNSET"`) or a stray comma, is an error:
    /// it must not switch every rule on or off unnoticed.
    pub fn parse(select: &[String], ignore: &[String]) -> Result<Selection, String> {
        let items = |option: &str, items: &[String]| -> Result<Vec<String>, String> {
            if items.iter().any(|i| i.trim().is_empty()) {
                return Err(format!(
                    "{option}: empty code (an empty value or a stray comma); name codes or prefixes, e.g. {option} R,F002"
                ));
            }
            Ok(items.iter().map(|i| i.trim().to_string()).collect())
        };
        Ok(Selection { select: items("--select", select)?, ignore: items("--ignore", ignore)? })
    }

    pub fn allows(&self, code: &str) -> bool {
        let best = |list: &[String]| {
            list.iter()
                .filter(|p| p.eq_ignore_ascii_case("ALL") || code.starts_with(&as_prefix(p)))
                .map(|p| if p.eq_ignore_ascii_case("ALL") { 0 } else { as_prefix(p).len() })
                .max()
        };
        let selected = if self.select.is_empty() { Some(0) } else { best(&self.select) };
        match (selected, best(&self.ignore)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(s), Some(i)) => s > i,
        }
    }

    /// Codes or prefixes that name no rule: a typo must not silently select nothing.
    pub fn unknown(&self) -> Vec<String> {
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|p| !p.eq_ignore_ascii_case("ALL"))
            .filter(|p| !RULES.iter().any(|r| r.code.starts_with(&as_prefix(p))))
            .cloned()
            .collect()
    }
}

/// A selected rule that could not judge the inputs, and what it needed (a stable token:
/// `timed-attempts`, `app-version`, `network`, `device-or-location`, `account-history`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NotRun {
    pub code: &'static str,
    pub needs: &'static str,
}

/// The selected P and S rules that had nothing to judge: their optional columns are absent,
/// or the history is too thin for a statistical judgement (so "no finding" is not "all clear").
pub fn not_run(ctx: &Context, selection: &Selection) -> Vec<NotRun> {
    let a = ctx.analysis.availability();
    let mut out = Vec::new();
    for rule in RULES.iter().filter(|r| selection.allows(r.code)) {
        let needs = match rule.code {
            c if c.starts_with('P') && a.timed_attempts == 0 => "timed-attempts",
            "P006" if a.app_versions == 0 => "app-version",
            "P007" if a.networks == 0 => "network",
            "S005" if a.devices_or_locations == 0 => "device-or-location",
            "S001" | "S002" | "S003" if a.max_outgoing < u64::from(crate::analysis::profiles::MIN_ROWS) => {
                "account-history"
            }
            _ => continue,
        };
        out.push(NotRun { code: rule.code, needs });
    }
    out
}

/// Runs every selected rule.
pub fn run(ctx: &Context, selection: &Selection) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    for rule in RULES.iter().filter(|r| selection.allows(r.code)) {
        findings.extend((rule.check)(ctx));
        crate::timings::mark(rule.code);
    }
    identity::make_unique(&mut findings);
    assumed::annotate(&mut findings, ctx);
    related::link(&mut findings, ctx.lang);
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(select: &[&str], ignore: &[&str]) -> Selection {
        Selection {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn most_specific_prefix_wins() {
        let s = sel(&["F002"], &["F"]);
        assert!(s.allows("F002"));
        assert!(!s.allows("F001"));
        assert!(!s.allows("R001"));
        let s = sel(&[], &["R00", "D"]);
        assert!(!s.allows("R001"));
        assert!(s.allows("F001"));
        assert!(!s.allows("D004"));
        let s = sel(&["R"], &["R003"]);
        assert!(s.allows("R001") && !s.allows("R003") && !s.allows("F001"));
    }

    #[test]
    fn empty_selection_items_are_errors() {
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        for (select, ignore) in [(vec![""], vec![]), (vec![], vec![""]), (vec!["R", ""], vec![]), (vec![], vec![" "])] {
            let e = Selection::parse(&items(&select), &items(&ignore)).err().unwrap_or_default();
            assert!(e.contains("empty code"), "{select:?} {ignore:?}: {e}");
        }
        let s = Selection::parse(&items(&[" R "]), &items(&["R003"])).unwrap();
        assert!(s.allows("R001") && !s.allows("R003"));
    }

    #[test]
    fn unknown_codes_are_reported() {
        assert_eq!(sel(&["X9"], &["r001"]).unknown(), vec!["X9".to_string()]);
        assert_eq!(sel(&["card-testing", "Retry-Storm"], &["card-tested"]).unknown(), vec!["card-tested".to_string()]);
    }

    #[test]
    fn slugs_name_their_codes() {
        assert_eq!(by_code("debited-not-credited").map(|r| r.code), Some("R001"));
        assert_eq!(by_code("r001").map(|r| r.slug), Some("debited-not-credited"));
        assert!(by_code("debited").is_none());
        // A slug is as specific as its full code: it beats a prefix either way.
        let s = sel(&["network"], &["F"]);
        assert!(s.allows("F007") && !s.allows("F001"));
        let s = sel(&["F"], &["network"]);
        assert!(!s.allows("F007") && s.allows("F001") && !s.allows("R001"));
        for rule in RULES {
            assert!(!rule.slug.is_empty() && rule.slug != rule.code.to_ascii_lowercase(), "{}", rule.code);
            assert!(!RULES.iter().any(|r| r.code.starts_with(&rule.slug.to_ascii_uppercase())), "{}", rule.slug);
        }
    }

    #[test]
    fn every_rule_has_documentation_with_advice() {
        for rule in RULES {
            let doc = rule.doc();
            assert!(doc.starts_with(rule.code), "{} doc must start with its code", rule.code);
            assert!(doc.contains("Advice") || doc.contains("advice"), "{} doc lacks advice", rule.code);
        }
    }

    #[test]
    fn codes_are_unique_and_in_order() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.dedup();
        assert_eq!(codes.len(), sorted.len());
    }
}
