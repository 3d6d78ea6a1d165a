//! Findings that rest on a bank statement without its card number say which card it was taken
//! for: reconciliation matched it against every card of its bank the wallets use
//! (`Reconciliation::assumed_cards`), which is a guess the reader must be able to check.

use super::Context;
use crate::finding::Finding;
use crate::institutions::bank_name;
use crate::model::{Account, Side, file_name};
use crate::reconcile::AssumedCards;

/// Appends the note to every finding whose evidence is on such a statement, and to R004
/// findings whose card only such a statement covers.
pub fn annotate(findings: &mut [Finding], ctx: &Context) {
    if ctx.recon.assumed_cards.is_empty() {
        return;
    }
    for f in findings.iter_mut() {
        let mut involved: Vec<&AssumedCards> = ctx
            .recon
            .assumed_cards
            .iter()
            .filter(|a| f.evidence.iter().any(|e| statement_files(ctx, &a.statement).any(|p| p == e.path)))
            .collect();
        if involved.is_empty() && f.code == "R004" {
            let covers = |a: &AssumedCards| f.start.is_some_and(|at| ctx.recon.coverage.covers(&a.statement, at, at));
            let card = f.account.as_deref();
            involved =
                ctx.recon.assumed_cards.iter().filter(|a| a.cards.iter().any(|c| Some(c.as_str()) == card)).collect();
            involved.retain(|a| covers(a));
        }
        for a in involved {
            let note = note(ctx, a);
            f.message = ctx.t(format!("{} {note}", f.message), format!("{}{note}", f.message));
        }
    }
}

/// The files of statement account `statement`, as the inputs name them.
fn statement_files<'a>(ctx: &'a Context, statement: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    ctx.ledger.inputs.iter().filter(move |i| i.side == Side::Bank && i.account == statement).map(|i| i.path.as_str())
}

fn note(ctx: &Context, a: &AssumedCards) -> String {
    let mut files: Vec<&str> = statement_files(ctx, &a.statement).map(file_name).collect();
    files.dedup();
    let digits: Vec<&str> = a.cards.iter().filter_map(|c| Account::parse(c).card).collect();
    let (bank_en, bank_zh) = (bank_name(&a.bank, false), bank_name(&a.bank, true));
    let several = digits.len() > 1;
    let list = match digits.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => digits.join(""),
    };
    let (statement, names, were) =
        if files.len() > 1 { ("statements", "name", "they were") } else { ("statement", "names", "it was") };
    let en = if several {
        format!(
            "The {statement} {} {names} no card number: {were} taken for any of the {bank_en} cards {list}, the {bank_en} cards the wallets use.",
            files.join(", ")
        )
    } else {
        format!(
            "The {statement} {} {names} no card number: {were} taken for {bank_en} card {list}, the {bank_en} card the wallets use.",
            files.join(", ")
        )
    };
    let zh = format!("{} 未注明卡号：已按钱包使用的{bank_zh}卡（尾号 {}）核对。", files.join("、"), digits.join("、"));
    ctx.t(en, zh)
}
