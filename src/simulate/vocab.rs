//! The fixed vocabulary of failures the simulator writes: per cause, the error codes and
//! messages a wallet app logs, each read by `classify` as that cause (tested below).

use crate::model::Cause;

/// One recorded failure: the raw code (may be empty) and message (may be empty).
#[derive(Debug, Clone, Copy)]
pub struct Failure {
    pub cause: Cause,
    pub code: &'static str,
    pub message: &'static str,
}

const fn f(cause: Cause, code: &'static str, message: &'static str) -> Failure {
    Failure { cause, code, message }
}

use Cause::*;

#[rustfmt::skip]
pub const VOCABULARY: &[Failure] = &[
    f(InsufficientFunds, "51", "余额不足"),
    f(InsufficientFunds, "", "银行卡可用余额不足"),
    f(InsufficientFunds, "NOTENOUGH", "账户余额不足，请更换付款方式"),
    f(CardLocked, "62", "卡片已冻结，请联系发卡行"),
    f(CardLocked, "", "该卡已挂失"),
    f(CardLocked, "41", "Lost card"),
    f(CardExpired, "54", "卡片已过期"),
    f(CardExpired, "", "Card expired"),
    f(CardExpired, "33", ""),
    f(CardBinding, "", "银行预留手机号与输入不一致"),
    f(CardBinding, "", "卡号错误，请核对后重新输入"),
    f(CardBinding, "14", ""),
    f(BankLimit, "61", "超过银行单日支付限额"),
    f(BankLimit, "", "单笔支付金额超限"),
    f(BankLimit, "", "未开通无卡支付"),
    f(IdentityVerification, "", "短信验证码错误"),
    f(IdentityVerification, "55", "支付密码错误"),
    f(IdentityVerification, "", "人脸识别未通过"),
    f(Network, "", "网络连接超时"),
    f(Network, "", "网络超时，请检查网络后重试"),
    f(Network, "68", ""),
    f(WalletSystem, "", "系统繁忙，请稍后再试"),
    f(WalletSystem, "", "系统维护中，请稍后再试"),
    f(WalletSystem, "96", ""),
    f(RiskDeclined, "59", "交易存在风险，已被拦截"),
    f(RiskDeclined, "", "风控拦截，请更换支付方式"),
    f(RiskDeclined, "05", ""),
    f(Unknown, "E7731", "错误码 E7731"),
    f(Unknown, "", "交易失败"),
    f(Unknown, "ERR_X19", ""),
];

/// What `incidents::words` writes should `of` have nothing for a cause (never: every cause has
/// words, tested below): an unknown failure with neither code nor message.
pub const UNRECORDED: Failure = f(Unknown, "", "");

/// The ways a failure of `cause` is recorded.
pub fn of(cause: Cause) -> Vec<&'static Failure> {
    VOCABULARY.iter().filter(|v| v.cause == cause).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::classify;
    use crate::model::FailureInfo;

    #[test]
    fn the_classifier_reads_each_entry_as_its_cause() {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        for v in VOCABULARY {
            let info = FailureInfo { code: opt(v.code), message: opt(v.message) };
            assert_eq!(classify(&info), v.cause, "{v:?}");
        }
    }

    #[test]
    fn every_cause_has_words() {
        for cause in Cause::ALL {
            assert!(!of(cause).is_empty(), "{cause:?}");
        }
    }
}
