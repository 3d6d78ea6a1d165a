//! Classifier tests: the built-in table case by case, normalised matching, user entries.

use super::vocabulary::{CODES, FILLERS, KEYWORDS};
use super::*;
use crate::model::Cause::*;
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
    // ISO 20022 return reasons (CAMT.053 RtrInf/Rsn/Cd); "not specified" stays unknown.
    ("AM04", "", InsufficientFunds),
    ("AC06", "", CardLocked),
    ("AC04", "", CardLocked),
    ("MD07", "", CardLocked),
    ("AC01", "", CardBinding),
    ("AG01", "", BankLimit),
    ("MS03", "", Unknown),
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

/// Wording that adds or drops a character, POSIX codes, full-width text and English fillers.
const VARIANTS: &[(&str, &str, Cause)] = &[
    ("", "卡片已损坏", CardExpired),
    ("", "卡片损坏", CardExpired),
    ("", "银行卡已被损坏", CardExpired),
    ("", "卡片已破损，请到网点换卡", CardExpired),
    ("", "卡 片 已 损 坏", CardExpired),
    ("", "卡片失效", CardExpired),
    ("", "请求发送失败", Network),
    ("", "请求未发送", Network),
    ("", "请求未能发送，请检查网络设置", Network),
    ("", "余额不足", InsufficientFunds),
    ("", "账户余额不足", InsufficientFunds),
    ("", "余额已不足", InsufficientFunds),
    ("", "资金不够", InsufficientFunds),
    ("", "卡已冻结", CardLocked),
    ("", "卡片已冻结", CardLocked),
    ("", "该卡已被冻结", CardLocked),
    ("", "卡片状态不正常", CardLocked),
    ("", "该卡已被注销", CardLocked),
    ("", "网络连接超时", Network),
    ("", "网络请求超时", Network),
    ("", "服务暂时不可用", WalletSystem),
    ("", "请稍后再次尝试", WalletSystem),
    ("", "验证码已经超时", IdentityVerification),
    ("", "短信验证码已失效", IdentityVerification),
    ("", "支付密码暂时锁定", IdentityVerification),
    ("", "预留电话有误", CardBinding),
    ("", "手机号码错误", CardBinding),
    ("", "持卡人姓名不一致", CardBinding),
    ("", "卡号无效", CardBinding),
    ("", "信息有误", CardBinding),
    ("", "信用卡额度不够", InsufficientFunds),
    ("", "卡片无损坏，交易失败", Unknown),
    ("", "Your card has been blocked", CardLocked),
    ("", "CARD_IS_BLOCKED", CardLocked),
    ("", "The card is damaged", CardExpired),
    ("", "Your OTP has expired", IdentityVerification),
    ("", "Balance is not enough", InsufficientFunds),
    ("", "connect ETIMEDOUT 10.1.2.3:443", Network),
    ("", "read ECONNRESET", Network),
    ("", "getaddrinfo EAI_AGAIN api.example.com", Network),
    ("", "write EPIPE (broken pipe)", Network),
    ("", "Ｃｏｎｎｅｃｔｉｏｎ ｒｅｆｕｓｅｄ", Network),
    ("ETIMEDOUT", "", Network),
    ("econnreset", "", Network),
    ("ECONNREFUSED", "系统繁忙", Network),
    ("EHOSTUNREACH", "", Network),
    ("ENETUNREACH", "", Network),
    ("EPIPE", "", Network),
    ("ECONNABORTED", "", Network),
    ("EAI_AGAIN", "", Network),
    ("connect ECONNREFUSED 10.0.0.1:443", "", Network),
    ("ＥＴＩＭＥＤＯＵＴ", "", Network),
    ("ｒｃ＝５１", "", InsufficientFunds),
];

#[test]
fn wording_variants_match_their_cause() {
    let wrong: Vec<String> = VARIANTS
        .iter()
        .filter_map(|&(code, message, expected)| {
            let got = classify(&failure(code, message));
            (got != expected).then(|| format!("({code:?}, {message:?}): expected {expected:?}, got {got:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "misclassified:\n{}", wrong.join("\n"));
}

#[test]
fn built_in_keywords_are_written_normalised() {
    for (cause, keywords) in KEYWORDS {
        for keyword in *keywords {
            let normalised = text::normalise_keyword(keyword);
            if keyword.is_ascii() {
                // English phrases are split into words when matched, so `one-time` may keep its hyphen.
                assert!(normalised.is_some(), "{cause:?}: {keyword}");
            } else {
                assert_eq!(normalised.as_deref(), Some(*keyword), "{cause:?}: {keyword}");
            }
        }
    }
    // A filler alone carries no cause.
    assert!(FILLERS.iter().all(|c| KEYWORDS.iter().all(|(_, ks)| !ks.contains(&c.to_string().as_str()))));
}

fn configured(toml_text: &str) -> Classifier {
    let config: ClassifyConfig = toml::from_str(toml_text).unwrap();
    config.classifier().unwrap()
}

#[test]
fn user_codes_and_messages_extend_and_override_the_table() {
    let c = configured(
        r#"
        [codes]
        card-locked = ["X99", "ACQ.CARD_FROZEN"]
        network = ["51", "007"]
        [messages]
        network = ["链路抖动", "upstream hiccup"]
        identity-verification = ["人脸 比对失败|比对不通过"]
        wallet-system = ["余额不足"]
        "#,
    );
    let got = |code: &str, message: &str| c.classify(&failure(code, message));
    assert_eq!(got("X99", ""), CardLocked);
    assert_eq!(got("x99", "网络超时"), CardLocked, "a user code beats the message too");
    assert_eq!(got("rc=X99", ""), CardLocked);
    assert_eq!(got("ACQ.CARD_FROZEN", ""), CardLocked);
    assert_eq!(got("51", ""), Network, "user codes override built-in ones");
    assert_eq!(got("07", ""), Network, "zero padding is read as the built-in codes are");
    assert_eq!(got("", "支付链路抖动"), Network);
    assert_eq!(got("", "支付链路，抖动！"), Network);
    assert_eq!(got("", "Upstream hiccup, retry"), Network);
    assert_eq!(got("", "人脸已比对失败"), IdentityVerification);
    assert_eq!(got("", "账户余额不足"), WalletSystem, "user keywords are tried before the built-in groups");
    assert_eq!(got("", "卡已冻结"), CardLocked, "the built-in table still applies");
    assert_eq!(classify(&failure("X99", "")), Unknown, "the built-in classifier knows nothing of them");
}

#[test]
fn the_longest_user_keyword_wins() {
    let c = configured("[messages]\nnetwork = [\"抖动\"]\nwallet-system = [\"通道抖动\"]\n");
    assert_eq!(c.classify_message("通道抖动，请重试"), Some(WalletSystem));
    assert_eq!(c.classify_message("链路抖动"), Some(Network));
}

proptest! {
    #[test]
    fn a_configured_classifier_never_panics(code in "\\PC{0,30}", message in "\\PC{0,60}", entry in "\\PC{1,12}") {
        let config = ClassifyConfig {
            codes: CauseLists { network: vec![entry.clone()], ..Default::default() },
            messages: CauseLists { card_locked: vec![entry], ..Default::default() },
        };
        if let Ok(c) = config.classifier() {
            let _ = c.classify(&failure(&code, &message));
        }
    }

    #[test]
    fn fillers_and_punctuation_between_chinese_terms_change_nothing(
        filler in proptest::sample::select(FILLERS.to_vec()), space in "[ ，。、！]{0,2}"
    ) {
        let message = format!("卡片{space}{filler}损坏");
        prop_assert_eq!(classify_message(&message), Some(CardExpired));
    }
}
