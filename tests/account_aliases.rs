//! `[accounts]` in the settings file: a statement whose preamble prints an account number
//! other than the card the wallets fund from is still the card's statement.

use assert_cmd::Command;
use serde_json::Value;

const WECHAT: &str = "微信支付账单明细,,,,,,,,,,\n\
起始时间：[2026-09-01 00:00:00] 终止时间：[2026-09-30 23:59:59],,,,,,,,,,\n\
共1笔记录,,,,,,,,,,\n\
----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n\
交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n\
2026-09-02 10:15:00,零钱充值,建设银行(1234),/,/,¥200.00,建设银行(1234),充值完成,1101260902100038\t,/\t,/\n";

/// The preamble names the account number ending 5678; the card is 1234.
const CCB: &str = "账户明细\n卡号:6217000012345678\n\
记账日,交易日期,交易时间,支出,收入,账户余额,币种,摘要,对方账号,对方户名,交易地点\n\
20260902,20260902,10:15:02,200.00,,1800.00,人民币,快捷支付,,财付通支付科技有限公司,\n\
20260901,20260901,09:00:00,,2000.00,2000.00,人民币,工资,,某某公司,\n";

fn check(dir: &std::path::Path, config: Option<&str>) -> (Option<i32>, Value, String) {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.current_dir(dir).args(["check", "wechat.csv", "ccb.csv", "--format", "json"]);
    if let Some(text) = config {
        std::fs::write(dir.join("settings.toml"), text).unwrap();
        cmd.args(["--config", "settings.toml"]);
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code(), serde_json::from_slice(&out.stdout).unwrap_or(Value::Null), err)
}

#[test]
fn an_alias_makes_a_statement_the_cards_own() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wechat.csv"), WECHAT).unwrap();
    std::fs::write(dir.path().join("ccb.csv"), CCB).unwrap();

    let (code, report, err) = check(dir.path(), None);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(report["inputs"][1]["account"], "ccb:5678");
    assert_eq!(report["summary"]["unchecked"]["top_ups_without_statement"], 1);

    let (code, report, err) = check(dir.path(), Some("[accounts]\n\"ccb:5678\" = \"ccb:1234\"\n"));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(report["inputs"][1]["account"], "ccb:1234");
    assert_eq!(report["summary"]["unchecked"]["top_ups_without_statement"], 0);
    assert_eq!(report["summary"]["unchecked"]["debits_outside_wallet_exports"], 0);
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(0), "{report}");
}

#[test]
fn a_malformed_alias_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wechat.csv"), WECHAT).unwrap();
    std::fs::write(dir.path().join("ccb.csv"), CCB).unwrap();
    let (code, _, err) = check(dir.path(), Some("[accounts]\n\"ccb:5678\" = \"某银行1234\"\n"));
    assert_eq!(code, Some(2));
    assert!(err.contains("settings.toml: accounts: \"某银行1234\" is not an account label"), "{err}");
}

#[test]
fn a_card_named_as_the_wallets_show_it_is_its_account() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wechat.csv"), WECHAT).unwrap();
    std::fs::write(dir.path().join("ccb.csv"), CCB).unwrap();
    let (code, report, err) = check(dir.path(), Some("[accounts]\n\"ccb:5678\" = \"建设银行储蓄卡(1234)\"\n"));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(report["inputs"][1]["account"], "ccb:1234");
    assert_eq!(report["summary"]["unchecked"]["top_ups_without_statement"], 0);
}
