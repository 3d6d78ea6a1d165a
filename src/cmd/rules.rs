//! `wallet-audit rules` and `wallet-audit rule CODE`: the rule table and one rule's documentation.

use crate::outcome::{Failure, exit, write_out};
use crate::render::terminal::printable;
use crate::rules::{RULES, by_code};

pub fn list() -> Result<u8, Failure> {
    write_out(|out| {
        for rule in RULES {
            let line = format!("{}  {:<30} {:<9} {}", rule.code, rule.slug, rule.severity, rule.summary);
            writeln!(out, "{}", printable(&line))?;
        }
        Ok(())
    })?;
    Ok(exit::CLEAN)
}

pub fn show(code: &str) -> Result<u8, Failure> {
    let rule = by_code(code).ok_or_else(|| Failure(format!("no rule {code:?}; `wallet-audit rules` lists them")))?;
    write_out(|out| {
        writeln!(out, "{} {} (default severity: {})\n", rule.code, rule.slug, rule.severity)?;
        writeln!(out, "{}", printable(&rule.doc()))
    })?;
    Ok(exit::CLEAN)
}
