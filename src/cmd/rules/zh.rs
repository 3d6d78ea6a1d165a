//! The rules' one-line summaries in Chinese, for `rules --lang zh` and `rule CODE --lang zh`.
//!
//! Kept beside the command rather than in each rule's `Rule` (which has one English summary)
//! so that the registry stays one line per rule; a test checks that every code has one. The
//! rules' full documentation in Chinese is in `zh_docs.rs`, whose titles repeat these summaries.

/// The Chinese summary of `code`, as terse as the English one.
pub fn summary(code: &str) -> Option<&'static str> {
    SUMMARIES.iter().find(|(c, _)| *c == code).map(|(_, s)| *s)
}

const SUMMARIES: &[(&str, &str)] = &[
    ("R001", "银行已扣款，充值却没有到账，且在退款期限内未收到退款"),
    ("R002", "同一笔充值被银行扣款不止一次"),
    ("R003", "银行有一笔付给钱包机构的扣款，钱包记录覆盖该时段，却找不到对应的充值"),
    ("R004", "钱包显示一笔银行卡充值，该卡账单覆盖该时段，却没有对应的扣款"),
    ("R005", "失败的充值已被扣款，退款期限尚未届满"),
    ("R006", "充值处于处理中，超过了时限"),
    ("R007", "匹配到的扣款与充值金额之差超出手续费容差"),
    ("F001", "余额不足，充值失败"),
    ("F002", "银行卡被冻结、止付、挂失或被盗"),
    ("F003", "银行卡过期或损坏"),
    ("F004", "绑卡信息有误（卡号、姓名、手机号、CVV 不符）"),
    ("F005", "超出单笔或单日限额，或银行限制了网上支付"),
    ("F006", "身份验证失败（短信验证码、密码、人脸、实名、强认证）"),
    ("F007", "网络故障：超时、连接中断、请求未发出"),
    ("F008", "钱包或银行系统故障、维护中、服务不可用"),
    ("F009", "被发卡行或钱包风控拒绝（疑似欺诈）"),
    ("F010", "充值失败，原因未能识别（保留原始信息）"),
    ("P001", "网络故障集中在高峰时段，非偶然所致"),
    ("P002", "短时间内多种支付方式集中出现系统或网络故障"),
    ("P003", "同一张卡连续多日充值失败"),
    ("P004", "几分钟内多次尝试充值（可能触发频率限制，有重复扣款风险）"),
    ("P005", "身份验证接连失败"),
    ("P006", "失败集中在较旧的钱包 App 版本（依据 app_version）"),
    ("P007", "失败集中在某一种网络类型（如移动数据与 Wi-Fi，依据 network）"),
    ("S001", "交易发生在该账户从不使用的时段"),
    ("S002", "首次向某收款方付款，且对该账户而言金额较大"),
    ("S003", "金额远超该账户的常规水平（稳健 z 分数）"),
    ("S004", "短时间内多笔小额扣款或拒付（测卡盗刷）"),
    ("S005", "出现此前从未见过的设备或地点"),
    ("S006", "身份验证失败后不久即有资金转出"),
    ("S007", "同一收款方、同一金额，相隔仅几分钟"),
    ("S008", "该账户从未使用过的币种或国家"),
    ("D001", "有一行无法读取，给出原因和行号"),
    ("D002", "账单有一段时间未覆盖，该时段无法对账"),
    ("D003", "余额前后对不上：账单缺少若干行"),
    ("D004", "多份导出中重复出现的行只计一次"),
    ("D005", "导出的行数少于（或多于）其自述的笔数（如“共51笔记录”）"),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_rule_has_a_chinese_summary() {
        for rule in crate::rules::RULES {
            assert!(super::summary(rule.code).is_some_and(|s| !s.is_empty()), "{} has no Chinese summary", rule.code);
        }
        assert_eq!(super::SUMMARIES.len(), crate::rules::RULES.len(), "a summary for a code no rule has");
    }
}
