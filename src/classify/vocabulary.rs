//! The classifier's built-in vocabulary: response codes, code prefixes, message keyword groups
//! in precedence order, and the filler words allowed between a keyword's terms.
//!
//! Keyword syntax (see the `classify` module documentation): an ASCII keyword is a phrase of
//! words; any other keyword is Chinese key terms separated by spaces, each term a set of
//! alternatives separated by `|`, all written normalised (lower case, no punctuation).

use crate::model::Cause::{self, *};

/// Exact codes (lower case) by cause: ISO 8583 two-character codes, then gateway, wallet and
/// POSIX socket codes, and the ISO 20022 return reasons a CAMT.053 return carries (`RtrInf/Rsn/Cd`:
/// AM04 insufficient funds; AC04 account closed, AC06 blocked, MD07 holder deceased: the account
/// is frozen; AC01/AC03 wrong account number, BE01 name mismatch, MD01 no mandate, RC01 wrong
/// bank code; AG01 transaction forbidden, AM02 amount not allowed). MS02/MS03 (reason not
/// specified) are deliberately absent: unknown.
#[rustfmt::skip]
pub const CODES: &[(Cause, &[&str])] = &[
    (InsufficientFunds, &["51", "insufficient_funds", "notenough", "buyer_balance_not_enough",
        "buyer_bankcard_balance_not_enough", "am04"]),
    (CardLocked, &["04", "07", "36", "41", "43", "62", "lost_card", "stolen_card", "pickup_card", "restricted_card",
        "stop_payment_order", "ac04", "ac06", "md07"]),
    (CardExpired, &["33", "54", "expired_card"]),
    (CardBinding, &["14", "15", "56", "n7", "incorrect_cvc", "invalid_cvc", "incorrect_number", "invalid_number",
        "invalid_expiry_month", "invalid_expiry_year", "incorrect_zip", "invalid_account", "ac01", "ac03", "be01", "md01",
        "rc01"]),
    (BankLimit, &["57", "58", "61", "65", "card_velocity_exceeded", "withdrawal_count_limit_exceeded",
        "transaction_not_allowed", "card_not_supported", "buyer_payment_amount_day_limit_error",
        "buyer_payment_amount_month_limit_error", "ag01", "am02"]),
    (IdentityVerification, &["38", "55", "75", "1a", "authentication_required", "incorrect_pin", "invalid_pin",
        "pin_try_exceeded", "offline_pin_required", "online_or_offline_pin_required",
        "error_buyer_certify_level_limit"]),
    (RiskDeclined, &["05", "34", "59", "fraudulent", "do_not_honor", "do_not_honour", "merchant_blacklist",
        "security_violation"]),
    // ISO 68 (response received too late), and the socket errors an HTTP client logs: the
    // request never got an answer, which is what F007 means (EAI_AGAIN: DNS lookup failed).
    (Network, &["68", "etimedout", "econnreset", "econnrefused", "econnaborted", "ehostunreach", "ehostdown",
        "enetunreach", "enetdown", "enetreset", "epipe", "eai_again"]),
    (WalletSystem, &["90", "91", "92", "96", "processing_error", "issuer_not_available", "try_again_later",
        "systemerror", "system_error", "bankerror"]),
];

/// Words after which a number in a code field is a response code: `ISO 51`, `rc=51`.
pub const PREFIXES: &[&str] =
    &["iso", "iso8583", "rc", "code", "resp", "response", "error", "err", "reason", "decline"];

/// Characters that may stand between two Chinese key terms (at most `MAX_GAP` of them):
/// tense and passive particles (`已`, `了`, `被`, `经`), determiners (`该`, `此`, `这`, `张`, `其`),
/// politeness (`您`), `的`, and the hedges `暂`/`时`/`均`/`都`, so `卡片 损坏` also reads `卡片已损坏`
/// and `服务 不可用` reads `服务暂时不可用`. None of them carries a cause.
pub const FILLERS: &[char] =
    &['已', '经', '了', '被', '的', '该', '此', '这', '张', '其', '您', '暂', '时', '均', '都'];

/// English words that may stand between the words of a phrase (at most `MAX_GAP`):
/// `card blocked` also reads `card has been blocked` and `your card is blocked`.
pub const WORD_FILLERS: &[&str] =
    &["a", "an", "the", "is", "are", "was", "were", "has", "have", "had", "been", "be", "being", "your", "this"];

/// How many filler characters (or words) may separate two terms.
pub const MAX_GAP: usize = 3;

/// Keyword groups in precedence order (see the module documentation); normalised.
#[rustfmt::skip]
pub const KEYWORDS: &[(Cause, &[&str])] = &[
    // 1. verification phrases built on other causes' words
    (IdentityVerification, &["验证码|校验码|动态码|短信码 超时|过期|失效", "密码 过期|锁定", "otp expired",
        "code expired", "otp timeout", "code timeout", "code timed out", "password expired", "passcode expired",
        "password locked", "pin locked", "pin blocked"]),
    // 2. card-data phrases that read like other causes
    (CardBinding, &["预留手机|预留电话", "手机号|手机号码|电话号码 不一致|不符|错误|有误", "有效期 错误|有误|不正确|输入|不符",
        "绑定关系|绑卡关系|签约关系", "协议 失效", "安全码", "cvv", "cvv2", "cvc", "cvc2", "security code",
        "card verification value", "invalid expiry", "incorrect expiry", "wrong expiry", "invalid expiration",
        "incorrect expiration"]),
    // 3. balance
    (InsufficientFunds, &["余额|存款|资金 不足|不够", "insufficient funds", "insufficient fund",
        "insufficient balance", "insufficient account balance", "not sufficient funds", "nsf",
        "balance not enough", "not enough balance", "not enough funds", "exceeds available balance",
        "exceeds balance", "low balance"]),
    // 4. card state, whatever its reason
    (CardLocked, &["冻结", "挂失", "止付", "卡|卡片|账户|账号 状态 异常|不正常", "已注销", "已销户",
        "卡|卡片|账户|账号 注销|销户", "锁定", "睡眠户", "久悬", "没收", "frozen", "freeze", "lost card", "card lost",
        "reported lost", "stolen", "suspended", "card blocked", "blocked card", "account blocked", "card locked",
        "locked card", "account locked", "pick up card", "pickup card", "card disabled", "card deactivated",
        "card inactive", "card closed", "account closed", "card cancelled", "card canceled", "restricted card"]),
    // 5. expiry or damage
    (CardExpired, &["过期", "有效期", "已失效", "卡|卡片 失效", "卡|卡片|芯片|磁条 损坏|破损|受损|坏", "磁条", "expired",
        "expiry", "expiration", "card damaged", "damaged card"]),
    // 6. wrong card data
    (CardBinding, &["卡号 错误|有误|不正确|不存在|无效|不符", "无效卡号", "户名|姓名|持卡人 不符|不一致|错误|有误", "证件号",
        "card number", "invalid card", "incorrect card", "wrong card", "invalid account", "name mismatch",
        "no such issuer"]),
    // 7. any verification step
    (IdentityVerification, &["验证码", "校验码", "动态码", "短信", "密码", "人脸", "刷脸", "活体", "实名", "身份验证",
        "身份核验", "身份认证", "认证", "u盾", "otp", "sms", "one-time", "verification", "verify", "pin", "3ds",
        "3d secure", "3-d secure", "authentication", "authenticate", "sca", "face", "identity", "kyc", "password",
        "passcode"]),
    // 8. generic binding words
    (CardBinding, &["信息|资料 不符|不一致|有误", "绑定", "绑卡", "解绑", "mismatch", "does not match", "doesn't match",
        "do not match", "not linked", "unbound", "bind", "binding"]),
    // 9. explicit limits and disabled e-payments
    (BankLimit, &["限额", "超限", "超额", "日累计", "单日", "单笔", "次数超", "未开通", "电子支付", "无卡支付",
        "网上支付", "快捷支付", "limit exceeded", "exceeds", "exceeded", "limit", "not enabled", "disabled",
        "velocity", "frequency"]),
    // 10. credit line used up
    (InsufficientFunds, &["额度 不足|不够", "not enough", "insufficient"]),
    // 11. risk control
    (RiskDeclined, &["风险", "风控", "安全原因", "可疑", "交易异常", "欺诈", "盗刷", "涉嫌", "fraud", "fraudulent",
        "risk", "suspicious", "suspected", "security", "do not honor", "do not honour"]),
    // 12. generic refusals
    (BankLimit, &["不允许", "不支持", "受限", "无权", "not allowed", "not permitted", "restricted", "not supported",
        "not support", "doesn't support"]),
    // 13. network, every timeout
    (Network, &["网络", "超时", "连接", "断网", "请求 未发送|未能发送|发送失败|发送超时|未发出|未送达", "信号", "断开",
        "无响应", "未响应", "timeout", "timed out", "time out", "network", "connection", "connect", "unreachable",
        "no response", "offline", "dns", "socket", "broken pipe", "too late", "etimedout", "econnreset",
        "econnrefused", "econnaborted", "ehostunreach", "ehostdown", "enetunreach", "enetdown", "enetreset",
        "epipe", "eai_again"]),
    // 14. wallet or bank system
    (WalletSystem, &["系统", "服务 不可用|暂停", "通道", "维护", "繁忙", "稍后 再试|重试|尝试|再次尝试|再次重试", "system error",
        "maintenance", "service unavailable", "unavailable", "internal error", "server error", "try again later",
        "processing error", "inoperative", "malfunction", "busy"]),
];
