//! The failure classifier: a raw error code or message, Chinese or English, → one `Cause`.
//!
//! Order of evidence: the raw code first, then the message, then the code's own text read
//! as a message (wallets put `CARD_FROZEN` or `余额不足` in the code column). Nothing
//! recognised → `Cause::Unknown`.
//!
//! Codes (`CODES`) are matched exactly, case-insensitively, after trimming: ISO 8583
//! response codes (`51`, also `051`; `N7`, `1A`), gateway decline codes (Stripe style:
//! `insufficient_funds`) and a few wallet codes (`NOTENOUGH`, `ACQ.SYSTEM_ERROR`). A code
//! with surrounding text is accepted only when clearly delimited: `ISO 51`, `rc=51`,
//! `51 - Insufficient funds`, `card_declined: lost_card`. A numeric code inside text must
//! come first or follow a prefix word (`iso`, `rc`, `code`, …) and must not touch another
//! number, so times, dates and HTTP statuses are not read as codes (`14:32` is not `14`);
//! `E51` is one token and is not `51`. If the tokens
//! name different causes the code is ambiguous and the message decides. Generic declines
//! (`generic_decline`, `card_declined`, `call_issuer`, ISO `12`, …) are deliberately absent:
//! they fall through to the message, so a generic code with a specific message is classified
//! by the message, and with no message is `unknown`.
//!
//! Messages (`KEYWORDS`) are matched against keyword groups in a fixed order; the first group
//! with a hit wins. English keywords match whole words only (`pin` is not in `shipping`).
//! The order resolves messages that name two things:
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
//! 13. network: every timeout is network (`网络超时`, `银行系统超时`), like ISO 68, unless a
//!     verification code timed out (1.);
//! 14. wallet or bank system errors and maintenance, including the `请稍后重试` /
//!     `try again later` that many messages end with.

use crate::model::Cause::{self, *};
use crate::model::FailureInfo;

/// The cause of a failure: code first, then message, then the code's text as a message.
pub fn classify(failure: &FailureInfo) -> Cause {
    let code = failure.code.as_deref();
    code.and_then(classify_code)
        .or_else(|| failure.message.as_deref().and_then(classify_message))
        .or_else(|| code.and_then(classify_message))
        .unwrap_or(Cause::Unknown)
}

/// Exact codes (lower case) by cause: ISO 8583 two-character codes, then gateway and wallet codes.
#[rustfmt::skip]
const CODES: &[(Cause, &[&str])] = &[
    (InsufficientFunds, &["51", "insufficient_funds", "notenough", "buyer_balance_not_enough",
        "buyer_bankcard_balance_not_enough"]),
    (CardLocked, &["04", "07", "36", "41", "43", "62", "lost_card", "stolen_card", "pickup_card", "restricted_card",
        "stop_payment_order"]),
    (CardExpired, &["33", "54", "expired_card"]),
    (CardBinding, &["14", "15", "56", "n7", "incorrect_cvc", "invalid_cvc", "incorrect_number", "invalid_number",
        "invalid_expiry_month", "invalid_expiry_year", "incorrect_zip", "invalid_account"]),
    (BankLimit, &["57", "58", "61", "65", "card_velocity_exceeded", "withdrawal_count_limit_exceeded",
        "transaction_not_allowed", "card_not_supported", "buyer_payment_amount_day_limit_error",
        "buyer_payment_amount_month_limit_error"]),
    (IdentityVerification, &["38", "55", "75", "1a", "authentication_required", "incorrect_pin", "invalid_pin",
        "pin_try_exceeded", "offline_pin_required", "online_or_offline_pin_required",
        "error_buyer_certify_level_limit"]),
    (RiskDeclined, &["05", "34", "59", "fraudulent", "do_not_honor", "do_not_honour", "merchant_blacklist",
        "security_violation"]),
    (Network, &["68"]),
    (WalletSystem, &["90", "91", "92", "96", "processing_error", "issuer_not_available", "try_again_later",
        "systemerror", "system_error", "bankerror"]),
];

/// Words after which a number in a code field is a response code: `ISO 51`, `rc=51`.
const PREFIXES: &[&str] = &["iso", "iso8583", "rc", "code", "resp", "response", "error", "err", "reason", "decline"];

/// Reads a raw code; `None` when it is not a known, clearly delimited code.
pub fn classify_code(raw: &str) -> Option<Cause> {
    let lower = raw.trim().to_lowercase();
    if let Some(cause) = lookup(&lower) {
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
        match (lookup(token), found) {
            (Some(cause), Some(seen)) if cause != seen => return None,
            (Some(cause), _) => found = Some(cause),
            (None, _) => {}
        }
    }
    found
}

/// Exact table lookup; `051` is `51`.
fn lookup(code: &str) -> Option<Cause> {
    let code = match code.strip_prefix('0') {
        Some(rest) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => code,
    };
    CODES.iter().find(|(_, codes)| codes.contains(&code)).map(|(cause, _)| *cause)
}

/// Keyword groups in precedence order (see the module documentation); lower case.
#[rustfmt::skip]
const KEYWORDS: &[(Cause, &[&str])] = &[
    // 1. verification phrases built on other causes' words
    (IdentityVerification, &["验证码超时", "验证码已超时", "验证码过期", "验证码已过期", "验证码失效", "验证码已失效",
        "动态码过期", "动态码已过期", "短信码已过期", "密码已过期", "密码过期", "密码已锁定", "密码锁定",
        "密码被锁定", "密码已被锁定", "otp expired", "otp has expired", "code expired", "code has expired",
        "password expired", "passcode expired"]),
    // 2. card-data phrases that read like other causes
    (CardBinding, &["预留手机号", "手机号不一致", "手机号码不一致", "手机号不符", "手机号码不符", "有效期错误",
        "有效期有误", "有效期不正确", "有效期输入", "绑定关系", "绑卡关系", "签约关系", "协议已失效", "安全码", "cvv",
        "cvv2", "cvc", "cvc2", "security code", "card verification value", "invalid expiry", "incorrect expiry",
        "invalid expiration"]),
    // 3. balance
    (InsufficientFunds, &["余额不足", "可用余额不足", "存款不足", "资金不足", "insufficient funds",
        "insufficient fund", "insufficient balance", "not sufficient funds", "nsf", "balance not enough",
        "balance is not enough", "not enough balance", "not enough funds", "exceeds available balance",
        "exceeds balance"]),
    // 4. card state, whatever its reason
    (CardLocked, &["冻结", "挂失", "止付", "卡状态异常", "卡状态不正常", "已注销", "已销户", "锁定", "睡眠户", "久悬",
        "没收", "frozen", "freeze", "lost card", "card lost", "reported lost", "stolen", "suspended", "card blocked",
        "card is blocked", "card has been blocked", "blocked card", "account blocked", "card locked",
        "card is locked", "locked card", "account locked", "pick up card", "pickup card", "card disabled",
        "card closed", "account closed", "card cancelled", "card canceled", "restricted card"]),
    // 5. expiry
    (CardExpired, &["过期", "有效期", "已失效", "卡片损坏", "卡损坏", "磁条", "expired", "expiry", "expiration",
        "card damaged", "damaged card"]),
    // 6. wrong card data
    (CardBinding, &["卡号错误", "卡号有误", "卡号不正确", "卡号不存在", "无效卡号", "户名不符", "户名不一致",
        "姓名不一致", "姓名不符", "证件号", "card number", "invalid card", "incorrect card", "invalid account",
        "name mismatch", "no such issuer"]),
    // 7. any verification step
    (IdentityVerification, &["验证码", "校验码", "动态码", "短信", "密码", "人脸", "刷脸", "活体", "实名", "身份验证",
        "身份核验", "身份认证", "认证", "u盾", "otp", "sms", "one-time", "verification", "verify", "pin", "3ds",
        "3d secure", "3-d secure", "authentication", "authenticate", "sca", "face", "identity", "kyc", "password",
        "passcode"]),
    // 8. generic binding words
    (CardBinding, &["信息不符", "信息不一致", "资料不符", "绑定", "绑卡", "解绑", "mismatch", "does not match",
        "doesn't match", "do not match", "not linked", "unbound", "bind", "binding"]),
    // 9. explicit limits and disabled e-payments
    (BankLimit, &["限额", "超限", "超额", "日累计", "单日", "单笔", "次数超", "未开通", "电子支付", "无卡支付",
        "网上支付", "快捷支付", "limit exceeded", "exceeds", "exceeded", "limit", "not enabled", "disabled",
        "velocity", "frequency"]),
    // 10. credit line used up
    (InsufficientFunds, &["额度不足", "not enough", "insufficient"]),
    // 11. risk control
    (RiskDeclined, &["风险", "风控", "安全原因", "可疑", "交易异常", "欺诈", "盗刷", "涉嫌", "fraud", "fraudulent",
        "risk", "suspicious", "suspected", "security", "do not honor", "do not honour"]),
    // 12. generic refusals
    (BankLimit, &["不允许", "不支持", "受限", "无权", "not allowed", "not permitted", "restricted", "not supported",
        "not support", "doesn't support"]),
    // 13. network, every timeout
    (Network, &["网络", "超时", "连接", "请求未发送", "信号", "断开", "无响应", "未响应", "timeout", "timed out",
        "time out", "network", "connection", "connect", "unreachable", "no response", "offline", "dns", "socket",
        "too late"]),
    // 14. wallet or bank system
    (WalletSystem, &["系统", "服务暂不可用", "服务不可用", "通道", "维护", "繁忙", "稍后再试", "稍后重试",
        "system error", "maintenance", "service unavailable", "unavailable", "internal error", "server error",
        "try again later", "processing error", "inoperative", "malfunction", "busy"]),
];

/// Reads a message; `None` when no keyword is found.
pub fn classify_message(raw: &str) -> Option<Cause> {
    let text = normalize(raw);
    KEYWORDS.iter().find(|(_, words)| words.iter().any(|w| contains_keyword(&text, w))).map(|(cause, _)| *cause)
}

/// Lower case, full-width ASCII folded to ASCII, `_` and ideographic spaces to spaces.
fn normalize(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '_' | '\u{3000}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Chinese keywords match anywhere; ASCII keywords only as whole words.
fn contains_keyword(text: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return text.contains(word);
    }
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    text.match_indices(word)
        .any(|(at, _)| !is_word(text[..at].chars().next_back()) && !is_word(text[at + word.len()..].chars().next()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn failure(code: &str, message: &str) -> FailureInfo {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        FailureInfo { code: opt(code), message: opt(message) }
    }

    /// (code, message, expected): codes, messages in both languages, and the precedence cases.
    const CASES: &[(&str, &str, Cause)] = &[
        // ISO 8583 codes, bare, zero-padded and delimited; the code beats the message.
        ("51", "", InsufficientFunds),
        ("051", "", InsufficientFunds),
        (" ISO 51 ", "", InsufficientFunds),
        ("rc=51", "", InsufficientFunds),
        ("51 - Insufficient funds", "", InsufficientFunds),
        ("41", "", CardLocked),
        ("43", "", CardLocked),
        ("62", "交易失败", CardLocked),
        ("04", "", CardLocked),
        ("07", "", CardLocked),
        ("36", "", CardLocked),
        ("54", "", CardExpired),
        ("33", "", CardExpired),
        ("14", "", CardBinding),
        ("15", "", CardBinding),
        ("n7", "", CardBinding),
        ("61", "", BankLimit),
        ("65", "", BankLimit),
        ("57", "", BankLimit),
        ("58", "", BankLimit),
        ("55", "", IdentityVerification),
        ("75", "", IdentityVerification),
        ("1A", "", IdentityVerification),
        ("59", "", RiskDeclined),
        ("34", "", RiskDeclined),
        ("05", "", RiskDeclined),
        ("91", "", WalletSystem),
        ("96", "", WalletSystem),
        ("92", "", WalletSystem),
        ("68", "", Network),
        ("51", "网络超时", InsufficientFunds),
        // Gateway and wallet codes.
        ("insufficient_funds", "", InsufficientFunds),
        ("expired_card", "", CardExpired),
        ("incorrect_cvc", "", CardBinding),
        ("incorrect_number", "", CardBinding),
        ("invalid_expiry_year", "", CardBinding),
        ("lost_card", "", CardLocked),
        ("card_declined: stolen_card", "", CardLocked),
        ("PICKUP_CARD", "", CardLocked),
        ("restricted_card", "", CardLocked),
        ("card_velocity_exceeded", "", BankLimit),
        ("withdrawal_count_limit_exceeded", "", BankLimit),
        ("transaction_not_allowed", "", BankLimit),
        ("authentication_required", "", IdentityVerification),
        ("incorrect_pin", "", IdentityVerification),
        ("pin_try_exceeded", "", IdentityVerification),
        ("fraudulent", "", RiskDeclined),
        ("do_not_honor", "", RiskDeclined),
        ("processing_error", "", WalletSystem),
        ("issuer_not_available", "", WalletSystem),
        ("try_again_later", "", WalletSystem),
        ("NOTENOUGH", "", InsufficientFunds),
        ("ACQ.SYSTEM_ERROR", "", WalletSystem),
        // Unknown or generic codes fall through to the message, then to the code's text.
        ("generic_decline", "", Unknown),
        ("generic_decline", "Insufficient funds in account", InsufficientFunds),
        ("E51", "", Unknown),
        ("E51", "银行卡已冻结", CardLocked),
        ("12", "", Unknown),
        ("HTTP 504 at 14:32", "", Unknown),
        ("14:32", "", Unknown),
        ("ISO 51 / ISO 54", "卡片已过期", CardExpired),
        ("CARD_FROZEN", "", CardLocked),
        ("余额不足", "", InsufficientFunds),
        ("", "", Unknown),
        // Chinese messages.
        ("", "余额不足", InsufficientFunds),
        ("", "可用余额不足，请更换支付方式", InsufficientFunds),
        ("", "信用卡可用额度不足", InsufficientFunds),
        ("", "卡已冻结", CardLocked),
        ("", "该卡已挂失", CardLocked),
        ("", "银行卡已被锁定", CardLocked),
        ("", "卡状态异常", CardLocked),
        ("", "账户已注销", CardLocked),
        ("", "银行卡已过期", CardExpired),
        ("", "卡片损坏，请更换新卡", CardExpired),
        ("", "银行预留手机号不一致", CardBinding),
        ("", "卡号错误", CardBinding),
        ("", "户名不符", CardBinding),
        ("", "身份信息不一致", CardBinding),
        ("", "卡片有效期错误", CardBinding),
        ("", "快捷支付绑定关系已失效，请重新绑卡", CardBinding),
        ("", "超过单笔限额", BankLimit),
        ("", "超过银行单日累计限额", BankLimit),
        ("", "日累计额度不足", BankLimit),
        ("", "未开通无卡支付功能", BankLimit),
        ("", "该卡未开通网上支付功能", BankLimit),
        ("", "短信验证码错误", IdentityVerification),
        ("", "验证码超时", IdentityVerification),
        ("", "动态码已过期，请重新获取", IdentityVerification),
        ("", "支付密码错误", IdentityVerification),
        ("", "密码错误次数超限", IdentityVerification),
        ("", "支付密码已锁定，请3小时后再试", IdentityVerification),
        ("", "人脸识别失败", IdentityVerification),
        ("", "实名信息不符", IdentityVerification),
        ("", "交易存在风险，已拦截", RiskDeclined),
        ("", "因安全原因交易失败", RiskDeclined),
        ("", "安全码错误", CardBinding),
        ("", "密码错误次数过多，卡已冻结", CardLocked),
        ("", "网络超时", Network),
        ("", "网络连接失败，请检查网络", Network),
        ("", "请求未发送", Network),
        ("", "银行系统超时", Network),
        ("", "系统繁忙，请稍后再试", WalletSystem),
        ("", "银行系统维护中", WalletSystem),
        ("", "服务暂不可用", WalletSystem),
        ("", "支付通道异常", WalletSystem),
        ("", "交易失败", Unknown),
        // English messages.
        ("", "Insufficient funds", InsufficientFunds),
        ("", "NSF", InsufficientFunds),
        ("", "Card frozen due to risk", CardLocked),
        ("", "Your card was reported lost", CardLocked),
        ("", "Card suspended", CardLocked),
        ("", "Connection lost", Network),
        ("", "Your card has expired.", CardExpired),
        ("", "Your card's security code is incorrect.", CardBinding),
        ("", "Your card number is incorrect.", CardBinding),
        ("", "Phone number does not match bank records", CardBinding),
        ("", "Daily limit exceeded", BankLimit),
        ("", "Online payments disabled for this card", BankLimit),
        ("", "Verification code expired", IdentityVerification),
        ("", "Incorrect PIN", IdentityVerification),
        ("", "Allowable number of PIN tries exceeded", IdentityVerification),
        ("", "3D Secure authentication failed", IdentityVerification),
        ("", "KYC not completed", IdentityVerification),
        ("", "Suspected fraud", RiskDeclined),
        ("", "Transaction blocked for security reasons", RiskDeclined),
        ("", "Transaction not permitted to cardholder", BankLimit),
        ("", "Request timed out, please try again later", Network),
        ("", "Host unreachable", Network),
        ("", "Internal error", WalletSystem),
        ("", "Service unavailable, try again later", WalletSystem),
        ("", "Issuer or switch inoperative", WalletSystem),
        ("", "Your card was declined.", Unknown),
        ("", "Shipping address invalid", Unknown),
        ("", "Interface error", Unknown),
        ("", "ＣＶＶ错误", CardBinding),
    ];

    #[test]
    fn classifies_codes_and_messages_in_both_languages() {
        let wrong: Vec<String> = CASES
            .iter()
            .filter_map(|&(code, message, expected)| {
                let got = classify(&failure(code, message));
                (got != expected).then(|| format!("({code:?}, {message:?}): expected {expected:?}, got {got:?}"))
            })
            .collect();
        assert!(CASES.len() >= 60);
        assert!(wrong.is_empty(), "misclassified:\n{}", wrong.join("\n"));
    }

    #[test]
    fn every_code_in_the_table_is_found_by_itself() {
        for (cause, codes) in CODES {
            for code in *codes {
                assert_eq!(classify_code(code), Some(*cause), "{code}");
                assert_eq!(classify_code(&code.to_uppercase()), Some(*cause), "{code} upper case");
            }
        }
    }

    #[test]
    fn numbers_in_text_are_codes_only_when_delimited_as_codes() {
        assert_eq!(classify_code("ISO8583:051"), Some(InsufficientFunds));
        assert_eq!(classify_code("code 14"), Some(CardBinding));
        assert_eq!(classify_code("retry in 14 minutes"), None);
        assert_eq!(classify_code("5100"), None);
        assert_eq!(classify_code("5"), None);
        assert_eq!(classify_code("51 / 54"), None);
        assert_eq!(classify_code("2026-03-04"), None);
        assert_eq!(classify_code("lost_card, expired_card"), None);
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(code in "\\PC{0,30}", message in "\\PC{0,60}") {
            let _ = classify(&failure(&code, &message));
            let _ = classify(&FailureInfo { code: Some(code.clone()), message: None });
        }

        #[test]
        fn a_known_code_wins_whatever_the_message(i in 0..CODES.len(), j: usize, message in "\\PC{0,40}") {
            let (cause, codes) = CODES[i];
            prop_assert_eq!(classify(&failure(codes[j % codes.len()], &message)), cause);
        }
    }
}
