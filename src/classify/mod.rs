//! The failure classifier: a raw error code or message, Chinese or English, → one `Cause`,
//! from a built-in vocabulary that the `[classify]` section of the configuration extends.
//!
//! Order of evidence: the raw code first, then the message, then the code's own text read
//! as a message (wallets put `CARD_FROZEN` or `余额不足` in the code column). Nothing
//! recognised → `Cause::Unknown`. The user's entries are consulted before the built-in
//! table at each step, so they can both add and override.
//!
//! Codes (`vocabulary::CODES`) are matched exactly, case-insensitively, after trimming and
//! folding full-width characters: ISO 8583 response codes (`51`, also `051`; `N7`, `1A`),
//! gateway decline codes (Stripe style: `insufficient_funds`), a few wallet codes
//! (`NOTENOUGH`, `ACQ.SYSTEM_ERROR`) and the POSIX socket errors HTTP clients log
//! (`ETIMEDOUT`, `ECONNRESET`, `ECONNREFUSED`, `ECONNABORTED`, `EHOSTUNREACH`, `ENETUNREACH`,
//! `EPIPE`, DNS `EAI_AGAIN`, …: network). A code with surrounding text is accepted only when
//! clearly delimited: `ISO 51`, `rc=51`, `51 - Insufficient funds`, `card_declined:
//! lost_card`, `connect ECONNREFUSED 10.0.0.1:443`. A numeric code inside text must come first
//! or follow a prefix word (`iso`, `rc`, `code`, …) and must not touch another number, so
//! times, dates and HTTP statuses are not read as codes (`14:32` is not `14`); `E51` is one
//! token and is not `51`. If the tokens name different causes the code is ambiguous and the
//! message decides. Generic declines (`generic_decline`, `card_declined`, `call_issuer`, ISO
//! `12`, …) are deliberately absent: they fall through to the message, so a generic code with
//! a specific message is classified by the message, and with no message is `unknown`.
//!
//! Messages are compared in normalised form, never as raw substrings, so that wording that
//! adds or drops a character still matches (`text.rs`):
//!
//! - the text is folded: lower case, full-width letters, digits and punctuation to
//!   half-width (`ＣＶＶ` is `cvv`), the ideographic space to a space;
//! - English keywords (`vocabulary::KEYWORDS`, the ASCII ones) are phrases of whole words,
//!   words being runs of ASCII letters and digits (`pin` is not in `shipping`, `card_frozen`
//!   is `card frozen`, `time-out` is `time out`); between two words of a phrase up to three
//!   filler words (`is`, `has`, `been`, `the`, `your`, …) may stand, so `card blocked` also
//!   reads `Your card has been blocked`;
//! - Chinese keywords are key terms read in a compacted text (spaces and punctuation
//!   removed: `卡片 已损坏！` is `卡片已损坏`). A keyword lists its terms separated by spaces,
//!   each term a set of alternatives separated by `|`: `卡|卡片 损坏|破损`. The first term may
//!   stand anywhere; each further term must follow the previous one directly or after at most
//!   three filler characters (`已 经 了 被 的 该 此 这 张 其 您 暂 时 均 都`, none of which
//!   carries a cause). So `卡|卡片 损坏` reads `卡片损坏`, `卡片已损坏` and `银行卡已被损坏`,
//!   but not `卡片无损坏`; `余额|资金 不足` reads `账户余额不足` and `余额已不足`; `请求
//!   未发送|发送失败` reads `请求未发送` and `请求发送失败`; a one-term keyword (`冻结`) is
//!   found anywhere (`卡已冻结`, `卡片已冻结`, `该卡已被冻结`).
//!
//! Keyword groups are tried in a fixed order; the first group with a hit wins. The order
//! resolves messages that name two things:
//!
//! 1. verification phrases built on other causes' words: `验证码超时`, `OTP expired`,
//!    `密码已锁定` are identity-verification, not network, card-expired or card-locked;
//! 2. card-data phrases that read like other causes are card-binding: `预留手机号不一致`
//!    (before SMS), `有效期错误` / `invalid expiry` (a mistyped date, not an expired card),
//!    `CVV` / `security code` (not risk), `绑定关系已失效` (not expired);
//! 3. balance (`余额不足`), whatever else the message says;
//! 4. card state beats its reason: `card frozen due to risk` and `密码错误次数过多，卡已冻结`
//!    are card-locked;
//! 5. card expired or damaged;
//! 6. wrong card data (number, holder name, ID number);
//! 7. any verification step (SMS code, PIN, face, real name, 3DS), so `实名信息不符` is
//!    identity-verification and `密码错误次数超限` is not a bank limit;
//! 8. generic binding words (`绑定`, `信息不符`, `mismatch`);
//! 9. explicit limits (`限额`, `日累计`, `未开通无卡支付`): `日累计额度不足` is a limit;
//! 10. a bare `额度不足` (credit line used up) is insufficient funds;
//! 11. risk control (`风控`, `fraud`, `security reasons`), before
//! 12. generic refusals (`not allowed`, `restricted`, `不支持`), otherwise read as bank limits;
//! 13. network: every timeout is network (`网络超时`, `银行系统超时`, `ETIMEDOUT`), like ISO
//!     68, unless a verification code timed out (1.);
//! 14. wallet or bank system errors and maintenance, including the `请稍后重试` /
//!     `try again later` that many messages end with.
//!
//! User entries (`config.rs`): `[classify.codes]` and `[classify.messages]` map a cause name
//! (`card-locked = ["X99", "ACQ.CARD_FROZEN"]`, `network = ["链路抖动"]`) to codes, matched
//! like built-in codes, and to keywords, written and matched like built-in keywords. A user
//! code is looked up before the built-in codes; user keywords are tried before the built-in
//! groups, the longest matching entry first (the most specific wording wins, whatever its
//! cause), then in the order of the causes in DESIGN.md §4.

mod config;
mod text;
mod vocabulary;

pub use config::{CauseLists, ClassifyConfig};

use crate::model::{Cause, FailureInfo};
use std::sync::Arc;
use text::{Message, fold};
use vocabulary::{CODES, KEYWORDS, PREFIXES};

/// The classifier: the built-in vocabulary, extended by the user's `[classify]` entries.
/// The default (no entries) holds nothing and costs nothing to clone.
#[derive(Debug, Clone, Default)]
pub struct Classifier {
    user: Option<Arc<UserVocabulary>>,
}

/// The user's entries, normalised: codes folded and trimmed, keywords in matcher form,
/// longest first.
#[derive(Debug, Default)]
struct UserVocabulary {
    codes: Vec<(String, Cause)>,
    messages: Vec<(String, Cause)>,
}

impl Classifier {
    /// The cause of a failure: code first, then message, then the code's text as a message.
    pub fn classify(&self, failure: &FailureInfo) -> Cause {
        let code = failure.code.as_deref();
        code.and_then(|c| self.classify_code(c))
            .or_else(|| failure.message.as_deref().and_then(|m| self.classify_message(m)))
            .or_else(|| code.and_then(|c| self.classify_message(c)))
            .unwrap_or(Cause::Unknown)
    }

    /// Reads a raw code; `None` when it is not a known, clearly delimited code.
    pub fn classify_code(&self, raw: &str) -> Option<Cause> {
        let folded = fold(raw.trim());
        let lower = folded.trim();
        if let Some(cause) = self.lookup(lower) {
            return Some(cause);
        }
        let tokens: Vec<&str> =
            lower.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|t| !t.is_empty()).collect();
        let mut found: Option<Cause> = None;
        let numeric = |t: &&str| t.starts_with(|c: char| c.is_ascii_digit());
        for (i, token) in tokens.iter().enumerate() {
            let (before, after) = (i.checked_sub(1).and_then(|j| tokens.get(j)), tokens.get(i + 1));
            let delimited = before.is_none_or(|b| PREFIXES.contains(b)) && !after.is_some_and(numeric);
            if numeric(token) && !delimited {
                continue;
            }
            match (self.lookup(token), found) {
                (Some(cause), Some(seen)) if cause != seen => return None,
                (Some(cause), _) => found = Some(cause),
                (None, _) => {}
            }
        }
        found
    }

    /// Reads a message; `None` when no keyword is found.
    pub fn classify_message(&self, raw: &str) -> Option<Cause> {
        let folded = fold(raw);
        let message = Message::new(&folded);
        let user = self.user.as_deref().map_or(&[][..], |u| u.messages.as_slice());
        if let Some((_, cause)) = user.iter().find(|(keyword, _)| message.holds(keyword)) {
            return Some(*cause);
        }
        KEYWORDS.iter().find(|(_, words)| words.iter().any(|w| message.holds(w))).map(|(cause, _)| *cause)
    }

    /// Exact lookup of a folded code, the user's entries first; `051` is `51`.
    fn lookup(&self, code: &str) -> Option<Cause> {
        let code = strip_zero_pad(code);
        let user = self.user.as_deref().map_or(&[][..], |u| u.codes.as_slice());
        user.iter()
            .find(|(c, _)| c == code)
            .map(|(_, cause)| *cause)
            .or_else(|| CODES.iter().find(|(_, codes)| codes.contains(&code)).map(|(cause, _)| *cause))
    }
}

/// `051` → `51`: some gateways pad ISO codes to three digits.
fn strip_zero_pad(code: &str) -> &str {
    match code.strip_prefix('0') {
        Some(rest) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => code,
    }
}

/// The cause of a failure by the built-in vocabulary alone (see `Classifier::classify`).
pub fn classify(failure: &FailureInfo) -> Cause {
    Classifier::default().classify(failure)
}

/// A raw code by the built-in vocabulary alone (see `Classifier::classify_code`).
pub fn classify_code(raw: &str) -> Option<Cause> {
    Classifier::default().classify_code(raw)
}

/// A message by the built-in vocabulary alone (see `Classifier::classify_message`).
pub fn classify_message(raw: &str) -> Option<Cause> {
    Classifier::default().classify_message(raw)
}

#[cfg(test)]
mod tests;
