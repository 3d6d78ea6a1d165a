#!/usr/bin/env python3
"""Writes the bundled demo inputs of wallet-audit into samples/ (and samples/README.md).

An invented household (林晓雯 and 陈哲, Shanghai) exports two months of statements,
2026-09-01 .. 2026-10-31 (+08:00): one Alipay export (GBK), two overlapping WeChat Pay
exports, two ICBC debit-card statements that leave a week uncovered, and the canonical
top-up attempts log. Mostly clean activity, plus planted problems whose ground truth
(code, file:line) goes into samples/README.md.

Standard library only, fixed seed: re-running gives byte-identical files.

    python3 scripts/make_samples.py            # write samples/
    python3 scripts/make_samples.py --check    # verify samples/ is up to date
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

SEED = 20261031
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "samples"

PERIOD_FROM = dt.datetime(2026, 9, 1, 0, 0, 0)
PERIOD_TO = dt.datetime(2026, 10, 31, 23, 59, 59)

ICBC_METHOD_WECHAT = "工商银行(4321)"
ICBC_METHOD_ALIPAY = "工商银行储蓄卡(4321)"
ICBC_ATTEMPT_METHOD = "工商银行(4321)"  # how the attempts log names the ICBC card, both wallets
BOCOM_METHOD = "交通银行信用卡(7449)"
CMB_METHOD = "招商银行(1234)"  # a second debit card bound to WeChat; no statement for it
CCB_METHOD = "建设银行(5566)"  # an old card still bound to WeChat; no statement for it
TENPAY = "深圳市财付通支付科技有限公司"
ALIPAY_CO = "支付宝（中国）网络技术有限公司"
PROVIDER_NAME = {"wechat": TENPAY, "alipay": ALIPAY_CO}
PROVIDER_ACCOUNT = {"wechat": "2430****8018", "alipay": "2150****0567"}

F_WECHAT = "wechat-2026-09-01_2026-10-15.csv"
F_WECHAT2 = "wechat-2026-10-10_2026-10-31.csv"
F_ALIPAY = "alipay-2026-09-01_2026-10-31.csv"
F_ICBC9 = "icbc-4321-2026-09.csv"
F_ICBC10 = "icbc-4321-2026-10.csv"
F_ATTEMPTS = "attempts.csv"

ICBC9_RANGE = (dt.date(2026, 9, 1), dt.date(2026, 10, 12))
ICBC10_RANGE = (dt.date(2026, 10, 20), dt.date(2026, 10, 31))
GAP = (dt.date(2026, 10, 13), dt.date(2026, 10, 19))
WECHAT1_RANGE = (dt.datetime(2026, 9, 1), dt.datetime(2026, 10, 15, 23, 59, 59))
WECHAT2_RANGE = (dt.datetime(2026, 10, 10), dt.datetime(2026, 10, 31, 23, 59, 59))

# The log records Alipay's app version only (WeChat's is left empty): P006 compares every
# version it sees on one scale, so WeChat 8.0.x would count as "older" than Alipay 10.6.x.
WECHAT_APP = {"device": "iPhone 15", "app_version": ""}
ALIPAY_APP = {"device": "Mi 14", "app_version": "10.6.20"}
ALIPAY_OLD_VERSION = "10.5.86"
ALIPAY_UPDATED = dt.datetime(2026, 9, 21, 8, 30, 0)  # she updated Alipay that morning (P006)

# Error messages of the failed attempts, with the cause the classifier reads in them (the
# self-check replays the pattern rules on these).
CAUSE = {
    "Card expired": "card-expired",
    "余额不足": "insufficient-funds",
    "系统繁忙，请稍后再试": "wallet-system",
    "系统维护中，请稍后再试": "wallet-system",
    "系统异常，请稍后重试": "wallet-system",
    "服务暂不可用，请稍后再试": "wallet-system",
    "操作过于频繁，请稍后再试": "wallet-system",
    "银行预留手机号与输入不一致": "card-binding",
    "网络超时，请检查网络后重试": "network",
    "网络连接超时": "network",
    "请求超时，请检查网络": "network",
    "网络不给力，请稍后重试": "network",
    "超过银行单日支付限额": "bank-limit",
    "错误码 E7731": "unknown",
    "短信验证码错误": "identity-verification",
    "卡片已冻结，请联系发卡行": "card-locked",
    "银行卡状态异常，请联系发卡行": "card-locked",
    "交易存在风险，已被拦截": "risk-declined",
}
USER_CAUSES = {"insufficient-funds", "bank-limit", "card-locked", "card-expired", "card-binding",
               "identity-verification", "risk-declined"}
SYSTEM_CAUSES = {"network", "wallet-system"}
PEAK = ((11 * 60 + 30, 13 * 60 + 30), (19 * 60, 23 * 60))  # P001's default peak hours


def money(text: str | int | float) -> Decimal:
    return Decimal(str(text)).quantize(Decimal("0.01"))


def ts(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


class World:
    """Everything that happened, before any export is rendered."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.wallet: list[dict] = []  # rows of the wallet exports
        self.bank: list[dict] = []  # every ICBC movement (also those no file shows)
        self.attempts: list[dict] = []  # rows of attempts.csv
        self.refs: set[str] = set()

    # -- references ---------------------------------------------------------------------
    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def unique(self, make) -> str:
        while True:
            ref = make()
            if ref not in self.refs:
                self.refs.add(ref)
                return ref

    def wechat_ref(self, when: dt.datetime, kind: str) -> str:
        if kind == "topup":
            return self.unique(lambda: "1101" + when.strftime("%y%m%d") + "1000" + self.digits(16))
        if kind == "transfer":
            return self.unique(lambda: "1000050001" + when.strftime("%Y%m%d") + self.digits(14))
        if kind == "redpacket":
            return self.unique(lambda: "1000039901" + when.strftime("%Y%m%d") + self.digits(14))
        if kind == "refund":
            return self.unique(lambda: "5030002" + self.digits(3) + when.strftime("%Y%m%d") + self.digits(10))
        return self.unique(lambda: "4200002" + self.digits(3) + when.strftime("%Y%m%d") + self.digits(10))

    def merchant_ref(self, when: dt.datetime, prefix: str = "") -> str:
        return self.unique(lambda: prefix + when.strftime("%Y%m%d%H%M") + self.digits(8))

    def alipay_ref(self, when: dt.datetime, kind: str = "pay") -> str:
        mid = {"pay": "22001", "topup": "11007", "withdraw": "20001", "transfer": "20004"}[kind]
        return self.unique(lambda: when.strftime("%Y%m%d") + mid + self.digits(15))

    # -- events -------------------------------------------------------------------------
    def add_wechat(self, when, kind, counterparty, goods, direction, amount, method, status,
                   ref_kind="pay", merchant_ref=None, tag=None, note="/"):
        row = {
            "wallet": "wechat", "time": when, "type": kind, "counterparty": counterparty,
            "goods": goods, "direction": direction, "amount": money(amount), "method": method,
            "status": status, "ref": self.wechat_ref(when, ref_kind),
            "merchant_ref": merchant_ref if merchant_ref is not None else "/", "note": note,
            "tag": tag,
        }
        self.wallet.append(row)
        return row

    def add_alipay(self, when, category, counterparty, cp_account, goods, direction, amount,
                   method, status, ref_kind="pay", merchant_ref="", tag=None, ref=None):
        row = {
            "wallet": "alipay", "time": when, "category": category, "counterparty": counterparty,
            "cp_account": cp_account, "goods": goods, "direction": direction,
            "amount": money(amount), "method": method, "status": status,
            "ref": ref or self.alipay_ref(when, ref_kind), "merchant_ref": merchant_ref, "tag": tag,
        }
        self.wallet.append(row)
        return row

    def add_bank(self, when, direction, amount, summary, place, counterparty, cp_account,
                 provider=None, tag=None, shown=True, source=None, country="CHN", foreign=None):
        """`when` orders rows within a day; only its date is exported. `foreign` is the
        (amount, currency) of a card payment abroad; `amount` is then the booked CNY."""
        row = {
            "time": when, "date": when.date(), "direction": direction, "amount": money(amount),
            "summary": summary, "place": place, "counterparty": counterparty,
            "cp_account": cp_account, "provider": provider, "tag": tag, "shown": shown,
            "source": source, "seq": len(self.bank), "country": country, "foreign": foreign,
        }
        self.bank.append(row)
        return row

    def add_attempt(self, when, amount, status, wallet, method, reference="", code="",
                    message="", network="wifi", tag=None, raw_amount=None, device=None,
                    location="上海"):
        app = WECHAT_APP if wallet == "wechat" else ALIPAY_APP
        version = app["app_version"]
        if wallet == "alipay" and when < ALIPAY_UPDATED:
            version = ALIPAY_OLD_VERSION
        assert status != "failed" or message in CAUSE, message
        row = {
            "time": when, "amount": money(amount), "raw_amount": raw_amount, "status": status,
            "wallet": wallet, "method": method, "reference": reference, "error_code": code,
            "error_message": message, "network": network, "device": device or app["device"],
            "location": location, "app_version": version, "tag": tag,
            "cause": CAUSE.get(message) if status == "failed" else None,
        }
        self.attempts.append(row)
        return row

    # -- composite stories --------------------------------------------------------------
    def topup(self, wallet, when, amount, *, ref=True, lag=0, post=None, network="wifi",
              tag=None, debit=True, debit_amount=None, extra_debits=0, shown=True):
        """A successful ICBC-funded top-up: attempt, wallet row, bank debit(s)."""
        wallet_time = when + dt.timedelta(seconds=lag)
        if wallet == "wechat":
            row = self.add_wechat(wallet_time, "零钱充值", ICBC_METHOD_WECHAT, "/", "/", amount,
                                  ICBC_METHOD_WECHAT, "充值完成", ref_kind="topup", tag=tag)
        else:
            row = self.add_alipay(wallet_time, "充值提现", "余额充值", "/", "充值-普通充值",
                                  "不计收支", amount, ICBC_METHOD_ALIPAY, "交易成功",
                                  ref_kind="topup", tag=tag)
        attempt = self.add_attempt(when, amount, "success", wallet, ICBC_ATTEMPT_METHOD,
                                   reference=row["ref"] if ref else "", network=network, tag=tag)
        debits = []
        if debit:
            post_time = post or wallet_time + dt.timedelta(seconds=5)
            for n in range(1 + extra_debits):
                # A duplicate debit posts a couple of minutes after the first.
                debits.append(self.provider_debit(wallet, post_time + dt.timedelta(minutes=2 * n),
                                                  debit_amount or amount, "充值", tag=tag,
                                                  shown=shown, source=attempt))
        return attempt, row, debits

    def provider_debit(self, wallet, when, amount, what, tag=None, shown=True, source=None):
        if wallet == "wechat":
            summary, place = "消费", f"财付通-{'零钱充值' if what == '充值' else what}"
        else:
            summary, place = "快捷支付", f"支付宝-{what}"
        return self.add_bank(when, "out", amount, summary, place, PROVIDER_NAME[wallet],
                             PROVIDER_ACCOUNT[wallet], provider=wallet, tag=tag, shown=shown,
                             source=source)

    def card_payment(self, wallet, when, merchant, goods, amount, place_name, category=None):
        """A wallet payment funded by the ICBC card: wallet row + bank debit."""
        if wallet == "wechat":
            row = self.add_wechat(when, "商户消费", merchant, goods, "支出", amount,
                                  ICBC_METHOD_WECHAT, "支付成功",
                                  merchant_ref=self.merchant_ref(when))
        else:
            row = self.add_alipay(when, category, merchant, "/", goods, "支出", amount,
                                  ICBC_METHOD_ALIPAY, "交易成功",
                                  merchant_ref=self.merchant_ref(when, "T200P"))
        self.provider_debit(wallet, when + dt.timedelta(seconds=3), amount, place_name,
                            shown=not in_gap(when.date()), source=row)
        return row

    def failure(self, wallet, when, amount, method, code, message, network, tag, **kw):
        return self.add_attempt(when, amount, "failed", wallet, method, code=code,
                                message=message, network=network, tag=tag, **kw)


def in_gap(day: dt.date) -> bool:
    return GAP[0] <= day <= GAP[1]


# ---------------------------------------------------------------------------------------
# The story
# ---------------------------------------------------------------------------------------

WECHAT_FILLERS = [
    # (交易类型, 交易对方, 商品 template, low, high, hours)
    ("商户消费", "美团平台商户", "美团订单-{n}", 18, 62, (11, 13, 18, 19, 20, 23)),
    ("商户消费", "滴滴出行", "滴滴快车-上海", 12, 48, (8, 9, 19, 21, 22)),
    ("商户消费", "全家FamilyMart", "全家便利店消费", 6, 32, (7, 8, 12, 21)),
    ("商户消费", "罗森便利店", "罗森消费", 5, 28, (8, 13, 22)),
    ("商户消费", "星巴克", "星巴克咖啡", 28, 45, (9, 10, 15)),
    ("商户消费", "麦当劳", "麦当劳餐厅点餐", 22, 56, (12, 18)),
    ("扫二维码付款", "老周蔬菜", "收款方备注:二维码收款", 8, 36, (7, 17, 18)),
    ("扫二维码付款", "阿英早餐", "收款方备注:二维码收款", 5, 15, (7, 8)),
    ("商户消费", "拼多多平台商户", "拼多多订单-{n}", 9, 88, (13, 20, 22)),
    ("商户消费", "上海巴士", "乘车码-公交", 2, 2, (8, 18)),
]

ALIPAY_FILLERS = [
    # (交易分类, 交易对方, 对方账号, 商品说明, low, high, hours)
    ("餐饮美食", "瑞幸咖啡", "/", "瑞幸咖啡订单", 9, 29, (8, 9, 14)),
    ("餐饮美食", "肯德基", "/", "肯德基宅急送", 26, 68, (12, 19)),
    ("餐饮美食", "饿了么", "ele***@alibaba-inc.com", "饿了么外卖订单", 19, 58, (11, 12, 18, 19)),
    ("交通出行", "上海地铁", "/", "Metro大都会-乘车", 3, 7, (8, 9, 18, 19)),
    ("交通出行", "哈啰出行", "/", "哈啰单车骑行", 1.5, 3.5, (8, 18, 21)),
    ("日用百货", "盒马鲜生", "/", "盒马订单", 32, 158, (10, 17, 20)),
    ("日用百货", "淘宝平台商户", "/", "淘宝订单-{n}", 15, 129, (13, 21, 22, 23)),
    ("生活服务", "美宜佳", "/", "便利店消费", 4, 26, (7, 22)),
]

ALIPAY_METHODS = ["余额", "余额", "余额", "余额宝", "花呗"]


def story(w: World) -> dict:
    """Builds every event; returns the planted records by name (for the ground truth)."""
    P: dict = {}
    A = "alipay"
    W = "wechat"

    # Opening balance and non-wallet bank activity -------------------------------------
    rent = ("网转", "手机银行", "周建平", "6222****0853")
    salary = ("工资", "", "上海澄川信息科技有限公司", "1001****2219")
    w.add_bank(ts("2026-09-01 08:30:00"), "out", "5800.00", *rent)
    w.add_bank(ts("2026-09-10 06:00:00"), "in", "18600.00", *salary)
    w.add_bank(ts("2026-09-21 02:00:00"), "in", "3.26", "结息", "", "", "-")
    w.add_bank(ts("2026-09-26 15:12:00"), "out", "214.30", "消费", "上海联华超市有限公司",
               "上海联华超市有限公司", "1001****7730")
    w.add_bank(ts("2026-10-01 08:30:00"), "out", "5800.00", *rent)
    w.add_bank(ts("2026-10-10 06:00:00"), "in", "18600.00", *salary)
    w.add_bank(ts("2026-10-22 10:05:00"), "out", "3000.00", "跨行汇款", "手机银行", "林晓雯",
               "5218****7449")
    w.add_bank(ts("2026-10-27 16:40:00"), "out", "459.00", "消费", "上海百联世纪购物中心",
               "上海百联世纪购物中心有限公司", "1001****5106")
    w.add_bank(ts("2026-10-30 19:20:00"), "in", "1500.00", "他行汇入", "手机银行", "陈哲",
               "6228****3390")

    # Clean successful top-ups --------------------------------------------------------
    P["c_w_0902"] = w.topup(W, ts("2026-09-02 08:15:22"), "200.00", lag=2)
    P["pair_a"] = w.topup(W, ts("2026-09-14 09:02:11"), "100.00", lag=1)
    P["pair_b"] = w.topup(W, ts("2026-09-14 20:47:36"), "100.00", lag=3, network="5g")
    P["late"] = w.topup(W, ts("2026-09-22 23:41:05"), "300.00", lag=2,
                        post=ts("2026-09-23 00:05:00"))
    P["c_w_1011"] = w.topup(W, ts("2026-10-11 19:05:40"), "400.00", lag=1, network="5g")
    P["c_w_1021"] = w.topup(W, ts("2026-10-21 12:10:03"), "500.00", lag=2)
    P["c_w_1023"] = w.topup(W, ts("2026-10-23 18:22:47"), "150.00", ref=False, lag=4,
                            network="4g")
    P["c_a_0911"] = w.topup(A, ts("2026-09-11 10:11:30"), "500.00", lag=1)
    P["c_a_0919"] = w.topup(A, ts("2026-09-19 15:30:02"), "1000.00", lag=2)
    P["c_a_0928"] = w.topup(A, ts("2026-09-28 13:05:18"), "250.00", ref=False, lag=3,
                            network="5g")
    P["c_a_1024"] = w.topup(A, ts("2026-10-24 09:40:55"), "600.00", lag=1)
    P["c_a_1030"] = w.topup(A, ts("2026-10-30 21:15:09"), "200.00", lag=2, network="4g")

    # D002: successful top-ups inside the bank coverage gap (debited, but no file shows it)
    P["gap_w"] = w.topup(W, ts("2026-10-14 08:30:26"), "200.00", lag=1, tag="D002", shown=False)
    P["gap_a"] = w.topup(A, ts("2026-10-17 16:45:12"), "300.00", ref=False, lag=2, tag="D002",
                         shown=False)

    # R002: one top-up, two bank debits
    P["R002"] = w.topup(W, ts("2026-09-25 11:20:08"), "1000.00", lag=2, tag="R002",
                        extra_debits=1)
    # R007: top-up of 600.00, the bank debited 606.00
    P["R007"] = w.topup(W, ts("2026-09-30 16:00:12"), "600.00", lag=1, tag="R007",
                        debit_amount="606.00")
    # R004 + D003: the bank debited 2000.00 (the balance shows it) but the row is missing
    P["R004"] = w.topup(A, ts("2026-10-08 14:30:00"), "2000.00", lag=0, tag="R004", shown=False)

    # Failed top-ups that were debited ------------------------------------------------
    # Refunded within two days: clean (only the F008 group mentions it).
    att = w.failure(A, ts("2026-09-10 20:16:44"), "300.00", ICBC_ATTEMPT_METHOD, "",
                    "系统繁忙，请稍后再试", "wifi", tag="F008")
    deb = w.provider_debit(A, ts("2026-09-10 20:16:50"), "300.00", "充值", source=att)
    ref = w.add_bank(ts("2026-09-12 10:31:00"), "in", "300.00", "退款", "支付宝-充值退款",
                     ALIPAY_CO, PROVIDER_ACCOUNT[A], provider=A, source=att)
    P["refunded"] = (att, deb, ref)
    # R001: debited, never credited, never refunded
    att = w.failure(W, ts("2026-09-18 21:05:10"), "500.00", ICBC_ATTEMPT_METHOD, "",
                    "网络超时，请检查网络后重试", "4g", tag="R001")
    P["R001"] = (att, w.provider_debit(W, ts("2026-09-18 21:05:14"), "500.00", "充值",
                                       tag="R001", source=att))
    # R005: debited two days before the statements end: refund window still open
    att = w.failure(W, ts("2026-10-29 19:40:00"), "800.00", ICBC_ATTEMPT_METHOD, "",
                    "系统维护中，请稍后再试", "wifi", tag="R005")
    P["R005"] = (att, w.provider_debit(W, ts("2026-10-29 19:40:03"), "800.00", "充值",
                                       tag="R005", source=att))
    # R006: pending for days, nothing anywhere else
    P["R006"] = w.add_attempt(ts("2026-10-26 10:15:00"), "300.00", "pending", A,
                              ICBC_ATTEMPT_METHOD, network="wifi", tag="R006")
    # R003: a debit to Alipay nobody asked for
    P["R003"] = w.add_bank(ts("2026-10-05 16:52:00"), "out", "200.00", "快捷支付",
                           "支付宝-快捷支付", ALIPAY_CO, PROVIDER_ACCOUNT[A], provider=A,
                           tag="R003")

    # Failed attempts, nothing debited (F001..F010) ------------------------------------
    P["F001"] = [
        w.failure(W, ts("2026-09-08 20:10:31"), "800.00", ICBC_ATTEMPT_METHOD, "51", "余额不足",
                  "wifi", "F001"),
        w.failure(W, ts("2026-09-08 20:14:02"), "500.00", ICBC_ATTEMPT_METHOD, "51", "余额不足",
                  "wifi", "F001"),
    ]
    P["F003"] = [w.failure(W, ts("2026-09-05 11:30:20"), "200.00", BOCOM_METHOD, "54",
                           "Card expired", "wifi", "F003")]
    P["F004"] = [w.failure(A, ts("2026-09-16 14:20:45"), "500.00", ICBC_ATTEMPT_METHOD, "",
                           "银行预留手机号与输入不一致", "5g", "F004")]
    P["F007"] = [w.failure(W, ts("2026-10-02 07:48:13"), "200.00", ICBC_ATTEMPT_METHOD, "",
                           "网络连接超时", "4g", "F007")]
    P["F008"] = [w.failure(W, ts("2026-10-04 22:10:36"), "500.00", ICBC_ATTEMPT_METHOD, "",
                           "系统繁忙，请稍后再试", "wifi", "F008")]
    P["F005"] = [w.failure(W, ts("2026-10-10 10:02:51"), "6000.00", ICBC_ATTEMPT_METHOD, "61",
                           "超过银行单日支付限额", "wifi", "F005")]
    P["F006"] = [
        w.failure(A, ts("2026-10-22 12:31:08"), "1000.00", ICBC_ATTEMPT_METHOD, "",
                  "短信验证码错误", "5g", "F006"),
        w.failure(A, ts("2026-10-22 12:35:40"), "1000.00", ICBC_ATTEMPT_METHOD, "",
                  "短信验证码错误", "5g", "F006"),
        w.failure(A, ts("2026-10-22 12:39:27"), "1000.00", ICBC_ATTEMPT_METHOD, "",
                  "短信验证码错误", "5g", "F006"),
    ]
    P["F002"] = [w.failure(A, ts("2026-10-24 20:05:33"), "1000.00", BOCOM_METHOD, "62",
                           "卡片已冻结，请联系发卡行", "wifi", "F002")]
    P["F009"] = [w.failure(W, ts("2026-10-25 22:48:19"), "2000.00", ICBC_ATTEMPT_METHOD, "59",
                           "交易存在风险，已被拦截", "wifi", "F009")]
    P["F010"] = [w.failure(A, ts("2026-10-19 09:26:02"), "400.00", ICBC_ATTEMPT_METHOD, "",
                           "错误码 E7731", "wifi", "F010")]
    # D001: an attempt row whose amount cannot be read (letter O for zero)
    P["D001"] = w.add_attempt(ts("2026-10-03 09:12:40"), "500.00", "cancelled", W,
                              ICBC_ATTEMPT_METHOD, network="wifi", tag="D001",
                              raw_amount="5OO.00")

    # Card-funded wallet payments (ICBC debits) ---------------------------------------
    w.card_payment(W, ts("2026-09-04 19:20:41"), "美团平台商户", "美团订单-2609041920", "68.50",
                   "美团")
    w.card_payment(W, ts("2026-09-17 12:40:09"), "滴滴出行", "滴滴快车-上海", "46.30", "滴滴出行")
    w.card_payment(W, ts("2026-10-06 20:15:27"), "京东商城平台商户", "京东订单-2610062015",
                   "329.00", "京东")
    w.card_payment(W, ts("2026-10-12 13:05:50"), "盒马鲜生", "盒马订单", "87.40", "盒马")
    P["gap_pay"] = w.card_payment(W, ts("2026-10-16 19:02:33"), "美团平台商户", "美团订单-2610161902",
                                  "52.00", "美团")  # in the coverage gap (D002)
    w.card_payment(W, ts("2026-10-28 19:30:15"), "美团平台商户", "美团订单-2610281930", "73.20",
                   "美团")
    w.card_payment(A, ts("2026-09-12 21:08:44"), "淘宝平台商户", "淘宝订单-秋季床品四件套",
                   "199.00", "淘宝", category="日用百货")
    tmall = w.card_payment(A, ts("2026-09-24 10:26:31"), "天猫超市", "天猫超市订单", "268.00",
                           "天猫超市", category="日用百货")
    w.card_payment(A, ts("2026-10-20 12:00:18"), "国网上海市电力公司", "电费-户号0217****36",
                   "186.40", "国网上海市电力公司", category="充值缴费")
    w.card_payment(A, ts("2026-10-31 10:30:05"), "中国移动", "话费充值-138****2716", "100.00",
                   "中国移动", category="充值缴费")
    # Partial refund of the 天猫超市 order, back to the ICBC card.
    refund_time = ts("2026-09-29 15:44:02")
    w.add_alipay(refund_time, "退款", "天猫超市", "/", "退款-天猫超市订单", "不计收支", "68.00",
                 ICBC_METHOD_ALIPAY, "退款成功", ref=tmall["ref"] + "_" + w.digits(8),
                 merchant_ref=tmall["merchant_ref"])
    w.add_bank(refund_time + dt.timedelta(seconds=30), "in", "68.00", "退款", "支付宝-天猫超市",
               ALIPAY_CO, PROVIDER_ACCOUNT[A], provider=A, source="tmall-refund")
    # Two Alipay payments on the BOCOM credit card (no statement for it).
    w.add_alipay(ts("2026-09-15 21:33:10"), "交通出行", "携程旅行网", "/", "机票-上海-厦门",
                 "支出", "1280.00", BOCOM_METHOD, "交易成功",
                 merchant_ref=w.merchant_ref(ts("2026-09-15 21:33:10"), "CT"))
    w.add_alipay(ts("2026-10-03 19:12:55"), "餐饮美食", "大众点评", "/", "餐厅团购-外婆家",
                 "支出", "356.00", BOCOM_METHOD, "交易成功",
                 merchant_ref=w.merchant_ref(ts("2026-10-03 19:12:55"), "DP"))
    # Alipay: money in from a friend, then withdrawn to the ICBC card.
    w.add_alipay(ts("2026-09-26 18:20:31"), "转账红包", "许蔓", "xum***@163.com", "转账-厦门机票",
                 "收入", "1500.00", "余额", "交易成功", ref_kind="transfer")
    wd = w.add_alipay(ts("2026-09-27 09:05:12"), "充值提现", "工商银行(4321)", "/",
                      "提现-实时提现", "不计收支", "1200.00", "余额", "交易成功",
                      ref_kind="withdraw")
    w.add_bank(ts("2026-09-27 09:05:40"), "in", "1200.00", "提现", "支付宝-实时提现", ALIPAY_CO,
               PROVIDER_ACCOUNT[A], provider=A, source=wd)
    # WeChat: refund of a 零钱 payment (no bank side), transfers and red packets.
    mt = w.add_wechat(ts("2026-10-07 12:02:19"), "商户消费", "美团平台商户", "美团订单-2610071202",
                      "支出", "45.80", "零钱", "已全额退款",
                      merchant_ref=w.merchant_ref(ts("2026-10-07 12:02:19")))
    w.add_wechat(ts("2026-10-07 12:40:51"), "美团平台商户-退款", "美团平台商户",
                 "退款-美团订单-2610071202", "收入", "45.80", "零钱", "已全额退款",
                 ref_kind="refund", merchant_ref=mt["merchant_ref"])
    w.add_wechat(ts("2026-09-06 19:45:03"), "转账", "陈哲", "转账备注:买菜钱", "收入", "300.00",
                 "/", "已收钱", ref_kind="transfer")
    w.add_wechat(ts("2026-10-09 20:12:44"), "转账", "陈哲", "转账备注:物业费", "收入", "450.00",
                 "/", "已收钱", ref_kind="transfer")
    w.add_wechat(ts("2026-10-10 21:30:00"), "转账", "上海静安物业", "转账备注:三季度物业费",
                 "支出", "450.00", "零钱", "对方已收钱", ref_kind="transfer")
    w.add_wechat(ts("2026-09-19 21:02:17"), "微信红包", "妈妈", "/", "收入", "88.00", "/",
                 "已存入零钱", ref_kind="redpacket")
    w.add_wechat(ts("2026-10-01 09:00:05"), "微信红包", "家族群", "/", "收入", "20.00", "/",
                 "已存入零钱", ref_kind="redpacket")
    w.add_wechat(ts("2026-10-18 10:06:31"), "转账", "陈哲", "转账备注:周末买菜", "收入", "200.00",
                 "/", "已收钱", ref_kind="transfer")
    w.add_wechat(ts("2026-10-26 20:30:12"), "微信红包", "妈妈", "/", "收入", "66.00", "/",
                 "已存入零钱", ref_kind="redpacket")
    w.add_wechat(ts("2026-10-13 22:15:40"), "微信红包", "许蔓", "/", "支出", "66.00", "零钱",
                 "支付成功", ref_kind="redpacket")
    # Monthly bills paid from the wallet balances.
    w.add_wechat(ts("2026-09-22 20:05:11"), "商户消费", "上海燃气", "燃气费-户号3018****27", "支出",
                 "64.50", "零钱", "支付成功", merchant_ref=w.merchant_ref(ts("2026-09-22 20:05:11")))
    w.add_wechat(ts("2026-10-20 19:48:29"), "商户消费", "上海城投水务", "水费-户号5507****19", "支出",
                 "58.20", "零钱", "支付成功", merchant_ref=w.merchant_ref(ts("2026-10-20 19:48:29")))
    w.add_wechat(ts("2026-09-29 12:31:06"), "商户消费", "腾讯手机充值", "话费充值-陈哲", "支出",
                 "50.00", "零钱", "支付成功", merchant_ref=w.merchant_ref(ts("2026-09-29 12:31:06")))
    w.add_alipay(ts("2026-09-18 08:45:36"), "充值缴费", "国网上海市电力公司", "/",
                 "电费-户号0217****36", "支出", "172.90", "余额", "交易成功",
                 merchant_ref=w.merchant_ref(ts("2026-09-18 08:45:36"), "T200P"))
    w.add_alipay(ts("2026-09-30 10:12:44"), "充值缴费", "中国移动", "/", "话费充值-138****2716",
                 "支出", "100.00", "余额", "交易成功",
                 merchant_ref=w.merchant_ref(ts("2026-09-30 10:12:44"), "T200P"))

    # Daily small payments from 零钱 / 余额 (the bulk; no bank side) ---------------------
    day = PERIOD_FROM.date()
    while day <= PERIOD_TO.date():
        for fillers, count_choices, wallet in ((WECHAT_FILLERS, (1, 2, 2, 3), W),
                                               (ALIPAY_FILLERS, (0, 1, 1, 2), A)):
            for item in w.rng.sample(fillers, w.rng.choice(count_choices)):
                hour = w.rng.choice(item[-1])
                when = dt.datetime.combine(day, dt.time(hour, w.rng.randrange(60),
                                                        w.rng.randrange(60)))
                if hour == 23:
                    when = when.replace(minute=w.rng.randrange(30))
                n = when.strftime("%y%m%d%H%M")
                if wallet == W:
                    kind, cp, goods, lo, hi, _ = item
                    amount = money(lo + (hi - lo) * w.rng.random())
                    method = "零钱通" if w.rng.random() < 0.15 else "零钱"
                    w.add_wechat(when, kind, cp, goods.format(n=n), "支出", amount, method,
                                 "支付成功" if kind == "商户消费" else "已转账",
                                 merchant_ref=(w.merchant_ref(when) if kind == "商户消费" else "/"))
                else:
                    cat, cp, cp_acct, goods, lo, hi, _ = item
                    amount = money(lo + (hi - lo) * w.rng.random())
                    w.add_alipay(when, cat, cp, cp_acct, goods.format(n=n), "支出", amount,
                                 w.rng.choice(ALIPAY_METHODS), "交易成功",
                                 merchant_ref=w.merchant_ref(when, "T200P"))
        day += dt.timedelta(days=1)

    # Patterns (P) and suspicious entries (S), amid the ordinary days above. They come last
    # so that the ordinary days draw the same random numbers as before. Every failed top-up
    # below names its cause in the log; none is debited.
    I = ICBC_ATTEMPT_METHOD

    # P001 + P007: WeChat top-ups time out at lunch on mobile data (4g) and on the congested
    # home Wi-Fi in the evening, both peak hours; each is retried off-peak and goes through.
    # With R001 (21:05, 4g) that makes 8 network failures in peak hours against 1 off-peak
    # (F007, 07:48, 4g); 6 of the 8 4g attempts failed on the network against 3 on the rest.
    P["P001"] = []
    P["retries"] = []
    for failed_at, amount, network, message, retry_at in (
        ("2026-09-23 12:41:07", "200.00", "4g", "网络超时，请检查网络后重试", "2026-09-23 18:05:12"),
        ("2026-09-29 12:18:44", "300.00", "4g", "网络连接超时", "2026-09-29 15:26:03"),
        ("2026-10-09 19:48:20", "600.00", "wifi", "网络超时，请检查网络后重试", "2026-10-09 23:12:40"),
        ("2026-10-21 12:52:31", "200.00", "4g", "请求超时，请检查网络", "2026-10-21 13:48:02"),
        ("2026-10-23 20:35:16", "300.00", "wifi", "网络连接超时", "2026-10-24 08:05:51"),
        ("2026-10-26 21:18:09", "200.00", "wifi", "网络不给力，请稍后重试", "2026-10-27 07:40:33"),
        ("2026-10-28 12:26:40", "400.00", "4g", "网络超时，请检查网络后重试", "2026-10-28 16:30:15"),
    ):
        P["P001"].append(w.failure(W, ts(failed_at), amount, I, "", message, network, "P001"))
        P["retries"].append(w.topup(W, ts(retry_at), amount, lag=2, tag="retry"))

    # P006: until she updated Alipay on 2026-09-21, its top-ups on 10.5.86 kept failing
    # with 系统异常 (wallet-system): 8 of 11 attempts on 10.5.86 failed (with the refunded
    # one of 09-10), against 1 of 18 on 10.6.20 (E7731). Days chosen so that ICBC 4321 never
    # fails on 3 days without a success in between (P003).
    P["P006"] = [
        w.failure(A, ts(t), amount, I, "", "系统异常，请稍后重试", "wifi", "P006")
        for t, amount in (("2026-09-08 16:40:27", "200.00"), ("2026-09-10 10:25:13", "500.00"),
                          ("2026-09-12 10:05:49", "400.00"), ("2026-09-13 17:30:02", "300.00"),
                          ("2026-09-20 10:40:38", "500.00"), ("2026-09-20 16:10:55", "500.00"),
                          ("2026-09-21 07:52:19", "500.00"))
    ]
    # ... and on 10.6.20 her Alipay top-ups go through (the newest version needs 10 attempts).
    for t, amount, lag in (("2026-09-24 16:05:40", "150.00", 1), ("2026-10-02 10:20:15", "400.00", 2),
                           ("2026-10-06 14:45:02", "300.00", 1), ("2026-10-11 10:30:00", "500.00", 3),
                           ("2026-10-21 09:15:33", "200.00", 1), ("2026-10-27 15:30:20", "350.00", 2),
                           ("2026-10-29 08:40:10", "250.00", 1)):
        w.topup(A, ts(t), amount, lag=lag, tag="ordinary")

    # P004: a retry storm on WeChat: five top-ups of 250.00 in 7 minutes, four refused
    # (系统繁忙, then 操作过于频繁), the fifth goes through (one debit).
    P["P004"] = [
        w.failure(W, ts("2026-10-03 15:02:10"), "250.00", I, "", "系统繁忙，请稍后再试", "wifi", "P004"),
        w.failure(W, ts("2026-10-03 15:04:05"), "250.00", I, "", "系统繁忙，请稍后再试", "wifi", "P004"),
        w.failure(W, ts("2026-10-03 15:05:48"), "250.00", I, "", "操作过于频繁，请稍后再试", "wifi", "P004"),
        w.failure(W, ts("2026-10-03 15:07:31"), "250.00", I, "", "操作过于频繁，请稍后再试", "wifi", "P004"),
    ]
    P["P004_ok"] = w.topup(W, ts("2026-10-03 15:09:30"), "250.00", lag=2, tag="P004")

    # P002: a WeChat outage on the morning of 2026-10-06: ICBC 4321, then the CMB card, then
    # ICBC again fail with system errors within 14 minutes; at 10:40 ICBC goes through.
    P["P002"] = [
        w.failure(W, ts("2026-10-06 09:04:12"), "500.00", I, "", "系统繁忙，请稍后再试", "wifi", "P002"),
        w.failure(W, ts("2026-10-06 09:10:45"), "500.00", CMB_METHOD, "", "系统繁忙，请稍后再试", "wifi",
                  "P002"),
        w.failure(W, ts("2026-10-06 09:17:30"), "500.00", I, "", "服务暂不可用，请稍后再试", "wifi", "P002"),
    ]
    P["P002_ok"] = w.topup(W, ts("2026-10-06 10:40:05"), "500.00", lag=1, tag="P002")

    # P003: her old CCB card, still bound to WeChat, is refused on three days a month apart.
    P["P003"] = [
        w.failure(W, ts(t), amount, CCB_METHOD, "", "银行卡状态异常，请联系发卡行", "wifi", "P003")
        for t, amount in (("2026-09-24 09:30:11", "200.00"), ("2026-10-05 10:12:40", "200.00"),
                          ("2026-10-20 08:50:03", "300.00"))
    ]

    # S005: a WeChat top-up from a phone and a city never seen before, declined by risk control.
    P["S005"] = w.failure(W, ts("2026-10-27 16:12:40"), "1500.00", I, "59", "交易存在风险，已被拦截",
                          "wifi", "S005", device="HUAWEI Mate 60", location="深圳")

    # S006: two wrong SMS codes on WeChat top-ups, then 800.00 leaves 零钱 to a new payee
    # 22 minutes later (below twice the largest earlier payment: no S002).
    P["S006"] = [
        w.failure(W, ts("2026-10-20 15:10:22"), "1000.00", I, "", "短信验证码错误", "5g", "S006"),
        w.failure(W, ts("2026-10-20 15:16:05"), "1000.00", I, "", "短信验证码错误", "5g", "S006"),
    ]
    P["S006_moved"] = w.add_wechat(ts("2026-10-20 15:38:47"), "转账", "周凯", "转账备注:借款", "支出",
                                   "800.00", "零钱", "对方已收钱", ref_kind="transfer", tag="S006")

    # S001: a WeChat payment at 03:17; the account never pays between 00:00 and 07:00.
    P["S001"] = w.add_wechat(ts("2026-10-08 03:17:26"), "商户消费", "拼多多平台商户",
                             "拼多多订单-2610080317", "支出", "129.00", "零钱", "支付成功",
                             merchant_ref=w.merchant_ref(ts("2026-10-08 03:17:26")), tag="S001")

    # S002: 4,800.00 from 零钱 to someone never paid before (a "保证金" scam).
    P["S002"] = w.add_wechat(ts("2026-10-30 10:48:15"), "转账", "李建华", "转账备注:解冻保证金", "支出",
                             "4800.00", "零钱", "对方已收钱", ref_kind="transfer", tag="S002")

    # S003: 1,368.00 at 盒马鲜生, where Alipay has only ever paid up to 158.00.
    P["S003"] = w.add_alipay(ts("2026-10-25 20:20:33"), "日用百货", "盒马鲜生", "/", "盒马订单", "支出",
                             "1368.00", "花呗", "交易成功",
                             merchant_ref=w.merchant_ref(ts("2026-10-25 20:20:33"), "T200P"), tag="S003")

    # S004: four tiny Alipay charges to four unknown shops within 7 minutes (card testing).
    P["S004"] = [
        w.add_alipay(ts(t), "其他", cp, "/", goods, "支出", amount, "花呗", "交易成功",
                     merchant_ref=w.merchant_ref(ts(t), "T200P"), tag="S004")
        for t, cp, goods, amount in (("2026-10-18 15:41:05", "星辰点卡专营店", "点卡充值", "0.01"),
                                     ("2026-10-18 15:43:22", "优选数码小铺", "虚拟商品", "0.10"),
                                     ("2026-10-18 15:45:40", "快付便民服务", "便民缴费", "1.00"),
                                     ("2026-10-18 15:47:50", "易充网络科技", "在线充值", "0.50"))
    ]

    # S007: the same 饿了么 order paid twice, six minutes apart (two order numbers).
    P["S007"] = [
        w.add_alipay(ts(t), "餐饮美食", "饿了么", "ele***@alibaba-inc.com", "饿了么外卖订单", "支出", "45.60",
                     "余额", "交易成功", merchant_ref=w.merchant_ref(ts(t), "T200P"), tag="S007")
        for t in ("2026-10-09 12:20:11", "2026-10-09 12:26:48")
    ]

    # S008: the first card payment abroad on the ICBC statement: 36.99 USD at Amazon (USA),
    # booked as 266.94 CNY.
    P["S008"] = w.add_bank(ts("2026-10-24 11:00:00"), "out", "266.94", "消费", "AMAZON.COM SEATTLE WA",
                           "AMAZON.COM", "-", tag="S008", country="USA", foreign=("36.99", "美元"))
    return P


# ---------------------------------------------------------------------------------------
# Renderers
# ---------------------------------------------------------------------------------------

def gbk_width(text: str) -> int:
    return len(text.encode("gbk"))


def pad_bytes(text: str, width: int) -> str:
    return text + " " * max(0, width - gbk_width(text))


def pad_chars(text: str, width: int) -> str:
    return text.ljust(width)


def fmt(amount: Decimal) -> str:
    return f"{amount:.2f}"


def fmt_thousands(amount: Decimal) -> str:
    return f"{amount:,.2f}"


class Doc:
    """Lines of one output file, remembering which record is on which physical line."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: list[str] = []
        self.where: dict[int, int] = {}  # id(record) -> 1-based line

    def add(self, line: str, record=None) -> int:
        self.lines.append(line)
        if record is not None:
            self.where[id(record)] = len(self.lines)
        return len(self.lines)

    def line_of(self, record) -> int | None:
        return self.where.get(id(record))


def render_alipay(rows: list[dict]) -> Doc:
    doc = Doc(F_ALIPAY)
    rows = sorted(rows, key=lambda r: r["time"], reverse=True)
    sums = {"收入": [0, Decimal(0)], "支出": [0, Decimal(0)], "不计收支": [0, Decimal(0)]}
    for r in rows:
        sums[r["direction"]][0] += 1
        sums[r["direction"]][1] += r["amount"]
    doc.add("-" * 84)
    doc.add("导出信息：")
    doc.add("姓名：林晓雯")
    doc.add("支付宝账户：138****2716")
    doc.add(f"起始时间：[{PERIOD_FROM:%Y-%m-%d %H:%M:%S}]    终止时间：[{PERIOD_TO:%Y-%m-%d %H:%M:%S}]")
    doc.add("导出交易类型：[全部]")
    doc.add("导出时间：[2026-11-01 10:05:33]")
    doc.add(f"共{len(rows)}笔记录")
    for key in ("收入", "支出", "不计收支"):
        doc.add(f"{key}：{sums[key][0]}笔 {fmt(sums[key][1])}元")
    doc.add("")
    doc.add("特别提示：")
    for note in ALIPAY_NOTES:
        doc.add(note)
    doc.add("")
    doc.add("-" * 24 + "支付宝（中国）网络技术有限公司  电子客户回单" + "-" * 24)
    doc.add(ALIPAY_HEADER)
    for r in rows:
        order = r["ref"] + "\t"
        merchant = (r["merchant_ref"] or " " * 20) + "\t"
        cells = [
            pad_chars(f"{r['time']:%Y-%m-%d %H:%M:%S}", 20), pad_chars(r["category"], 20),
            pad_chars(r["counterparty"], 20), pad_chars(r["cp_account"], 20),
            pad_chars(r["goods"], 20), pad_chars(r["direction"], 20),
            pad_chars(fmt(r["amount"]), 20), pad_chars(r["method"], 20),
            pad_chars(r["status"], 20), order, merchant, " " * 20, "",
        ]
        doc.add(",".join(cells), r)
    return doc


ALIPAY_HEADER = (
    "交易时间            ,交易分类                ,交易对方                ,对方账号                ,"
    "商品说明                ,收/支                 ,金额                  ,收/付款方式              ,"
    "交易状态                ,交易订单号     ,商家订单号           ,备注                  ,"
)

ALIPAY_NOTES = [
    "1.本回单内容可表明支付宝受理了相应支付交易申请，因系统原因或通讯故障等偶发因素导致本回单与实际交易结果不符时，以实际交易情况为准；",
    "2.请勿将本回单作为收款方发货的凭据使用，请查证账户实际到账情况后再进行发货操作；",
    "3.支付宝快捷支付等非余额支付方式可能既产生支付宝交易也同步产生银行交易，因此请勿使用本回单进行重复记账；",
    "4.本回单如经任何涂改、编造，均立即失去效力；",
    "5.部分账单如：充值提现、账户转存或者个人设置收支等不计入为收入或者支出，记为不计收支类；",
    "6.因统计逻辑不同，明细金额直接累加后，可能会和下方统计金额不一致，请以实际交易金额为准；",
    "7.禁止将本回单用于非法用途；",
    "8.本明细仅展示当前账单中的交易，不包括已删除的记录；",
    "9.本明细仅供个人对账使用。",
]

WECHAT_HEADER = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注"


def render_wechat(name: str, rows: list[dict], period, exported: str) -> Doc:
    doc = Doc(name)
    rows = sorted((r for r in rows if period[0] <= r["time"] <= period[1]),
                  key=lambda r: r["time"], reverse=True)
    pad = "," * 10
    sums = {"收入": [0, Decimal(0)], "支出": [0, Decimal(0)], "/": [0, Decimal(0)]}
    for r in rows:
        sums[r["direction"]][0] += 1
        sums[r["direction"]][1] += r["amount"]
    doc.add("微信支付账单明细" + pad)
    doc.add("微信昵称：[晓雯]" + pad)
    doc.add(f"起始时间：[{period[0]:%Y-%m-%d %H:%M:%S}] 终止时间：[{period[1]:%Y-%m-%d %H:%M:%S}]" + pad)
    doc.add("导出类型：[全部]" + pad)
    doc.add(f"导出时间：[{exported}]" + pad)
    doc.add(pad)
    doc.add(f"共{len(rows)}笔记录" + pad)
    doc.add(f"收入：{sums['收入'][0]}笔 {fmt(sums['收入'][1])}元" + pad)
    doc.add(f"支出：{sums['支出'][0]}笔 {fmt(sums['支出'][1])}元" + pad)
    doc.add(f"中性交易：{sums['/'][0]}笔 {fmt(sums['/'][1])}元" + pad)
    doc.add("注：" + pad)
    doc.add("1. 充值/提现/理财通购买/零钱通存取/信用卡还款等交易，将计入中性交易" + pad)
    doc.add("2. 本明细仅展示当前账单中的交易，不包括已删除的记录" + pad)
    doc.add("3. 本明细仅供个人对账使用" + pad)
    doc.add(pad)
    doc.add("----------------------微信支付账单明细列表--------------------" + pad)
    doc.add(WECHAT_HEADER)
    for r in rows:
        cells = [
            f"{r['time']:%Y-%m-%d %H:%M:%S}", r["type"], r["counterparty"], f"\"{r['goods']}\"",
            r["direction"], "¥" + fmt(r["amount"]), r["method"], r["status"], r["ref"] + "\t",
            r["merchant_ref"] + "\t", f"\"{r['note']}\"",
        ]
        doc.add(",".join(cells), r)
    return doc


ICBC_HEADER = ("交易日期,摘要,交易详情,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),"
               "交易币种,记账金额(收入),记账金额(支出),记账币种,余额,对方户名,对方账户")


def render_icbc(name: str, rows: list[dict], span) -> Doc:
    doc = Doc(name)
    rows = sorted((r for r in rows if r["shown"] and span[0] <= r["date"] <= span[1]),
                  key=lambda r: (r["time"], r["seq"]), reverse=True)
    doc.add("明细查询文件下载")
    doc.add("")
    doc.add('卡号: 6222****4321,"卡别名: 工资卡"')
    doc.add("")
    doc.add('子账户序号: 00000,子账户类别: 活期,"子账户别名: "')
    doc.add("")
    doc.add(ICBC_HEADER)
    q = lambda text, width: '"' + pad_bytes(text, width) + '\t"'  # noqa: E731
    u = lambda text, width: pad_bytes(text, width) + "\t"  # noqa: E731
    total_in = total_out = Decimal(0)
    for r in rows:
        amount = fmt_thousands(r["amount"])
        income, expense = (amount, "") if r["direction"] == "in" else ("", amount)
        if r["direction"] == "in":
            total_in += r["amount"]
        else:
            total_out += r["amount"]
        txn_in, txn_out, txn_ccy = "-", "-", "-"
        if r["foreign"]:
            txn_out, txn_ccy = fmt_thousands(money(r["foreign"][0])), r["foreign"][1]
        cells = [
            u(f"{r['date']:%Y-%m-%d}", 15), q(r["summary"], 20), q("", 30), q(r["place"], 60),
            q(r["country"], 20), u("钞", 10), q(txn_in, 20), q(txn_out, 20), u(txn_ccy, 15), q(income, 20),
            q(expense, 20), u("人民币", 15), q(fmt_thousands(r["balance"]), 20),
            '"' + pad_chars(r["counterparty"], 140) + '\t"', q(r["cp_account"], 19), "",
        ]
        doc.add(",".join(cells), r)
    doc.add(" ")
    doc.add("人民币合计" + "," * 9 + f'"{pad_bytes(fmt_thousands(total_in), 18)}\t",'
            f'"{pad_bytes(fmt_thousands(total_out), 18)}\t",')
    return doc


ATTEMPT_COLUMNS = ["time", "amount", "status", "currency", "wallet", "method", "reference",
                   "error_code", "error_message", "network", "device", "location", "app_version"]


def render_attempts(rows: list[dict]) -> Doc:
    doc = Doc(F_ATTEMPTS)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(ATTEMPT_COLUMNS)
    doc.add(buf.getvalue().rstrip("\n"))
    for r in sorted(rows, key=lambda r: r["time"]):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([
            f"{r['time']:%Y-%m-%d %H:%M:%S}", r["raw_amount"] or fmt(r["amount"]), r["status"],
            "CNY", r["wallet"], r["method"], r["reference"], r["error_code"], r["error_message"],
            r["network"], r["device"], r["location"], r["app_version"],
        ])
        doc.add(buf.getvalue().rstrip("\n"), r)
    return doc


def encode(doc: Doc, encoding: str, newline: str, bom: bool = False) -> bytes:
    text = newline.join(doc.lines) + newline
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


# ---------------------------------------------------------------------------------------
# Build, self-check, ground truth
# ---------------------------------------------------------------------------------------

def compute_balances(bank: list[dict]) -> None:
    balance = money("6480.35")  # 2026-08-31 closing balance
    for r in sorted(bank, key=lambda r: (r["time"], r["seq"])):
        balance += r["amount"] if r["direction"] == "in" else -r["amount"]
        assert balance >= 0, f"ICBC balance went negative at {r['time']}"
        r["balance"] = balance


def build():
    w = World()
    planted = story(w)
    compute_balances(w.bank)
    wechat_rows = [r for r in w.wallet if r["wallet"] == "wechat"]
    alipay_rows = [r for r in w.wallet if r["wallet"] == "alipay"]
    docs = {
        F_ALIPAY: render_alipay(alipay_rows),
        F_WECHAT: render_wechat(F_WECHAT, wechat_rows, WECHAT1_RANGE, "2026-10-16 08:12:45"),
        F_WECHAT2: render_wechat(F_WECHAT2, wechat_rows, WECHAT2_RANGE, "2026-11-01 09:30:12"),
        F_ICBC9: render_icbc(F_ICBC9, w.bank, ICBC9_RANGE),
        F_ICBC10: render_icbc(F_ICBC10, w.bank, ICBC10_RANGE),
        F_ATTEMPTS: render_attempts(w.attempts),
    }
    files = {
        F_ALIPAY: encode(docs[F_ALIPAY], "gb18030", "\n"),
        F_WECHAT: encode(docs[F_WECHAT], "utf-8", "\r\n", bom=True),
        F_WECHAT2: encode(docs[F_WECHAT2], "utf-8", "\n"),
        F_ICBC9: encode(docs[F_ICBC9], "utf-8", "\n"),
        F_ICBC10: encode(docs[F_ICBC10], "utf-8", "\n"),
        F_ATTEMPTS: encode(docs[F_ATTEMPTS], "utf-8", "\n"),
    }
    return w, planted, docs, files


def self_check(w: World, planted: dict, docs: dict, files: dict) -> None:
    # Alipay must be plain GBK (GB18030 ⊇ GBK, but the real export is GBK).
    files[F_ALIPAY].decode("gbk")
    assert "\r" not in files[F_ALIPAY].decode("gbk")
    assert files[F_WECHAT].startswith(b"\xef\xbb\xbf") and b"\r\n" in files[F_WECHAT]
    assert not files[F_WECHAT2].startswith(b"\xef\xbb\xbf")

    # Preamble counts match the rows.
    for name in (F_ALIPAY, F_WECHAT, F_WECHAT2):
        doc = docs[name]
        rows = [line for line in doc.lines if line[:4] == "2026"]
        assert len(rows) == len(doc.where)
        declared = next(line for line in doc.lines if line.startswith("共"))
        assert declared.split("笔")[0] == f"共{len(rows)}", (name, declared, len(rows))
        text = files[name].decode("gbk" if name == F_ALIPAY else "utf-8-sig")
        parsed = list(csv.reader(io.StringIO(text)))
        hdr = next(i for i, r in enumerate(parsed) if r and r[0].strip() == "交易时间")
        body = [r for r in parsed[hdr + 1:] if r and r[0].strip()]
        assert len(body) == len(rows)
        header = [c.strip() for c in parsed[hdr]]
        d_col = header.index("收/支")
        a_col = header.index("金额" if name == F_ALIPAY else "金额(元)")
        sums = defaultdict(lambda: [0, Decimal(0)])
        for r in body:
            sums[r[d_col].strip()][0] += 1
            sums[r[d_col].strip()][1] += Decimal(r[a_col].strip().lstrip("¥"))
        for key, label in (("收入", "收入"), ("支出", "支出"), ("不计收支", "不计收支"), ("/", "中性交易")):
            line = next((x for x in doc.lines if x.startswith(label + "：")), None)
            if line is not None:
                count, total = sums[key]
                assert line.split(",")[0] == f"{label}：{count}笔 {fmt(total)}元", (name, line)

    # WeChat overlap: identical lines for every row of 2026-10-10 .. 2026-10-15.
    both = [r for r in w.wallet if r["wallet"] == "wechat" and
            WECHAT2_RANGE[0] <= r["time"] <= WECHAT1_RANGE[1]]
    assert len(both) >= 5
    for r in both:
        a = docs[F_WECHAT].lines[docs[F_WECHAT].line_of(r) - 1]
        b = docs[F_WECHAT2].lines[docs[F_WECHAT2].line_of(r) - 1]
        assert a == b

    # ICBC: each file's running balance adds up, except once (the missing R004 row).
    breaks = []
    for name, span in ((F_ICBC9, ICBC9_RANGE), (F_ICBC10, ICBC10_RANGE)):
        text = files[name].decode("utf-8")
        parsed = list(csv.reader(io.StringIO(text)))
        body = [r for r in parsed[7:] if len(r) > 12]
        num = lambda c: Decimal(c.strip().replace(",", "")) if c.strip() else Decimal(0)  # noqa: E731
        chronological = list(reversed(body))
        dates = [dt.date.fromisoformat(r[0].strip()) for r in chronological]
        assert dates == sorted(dates) and dates[0] == span[0] and dates[-1] == span[1], name
        for older, newer in zip(chronological, chronological[1:]):
            expected = num(older[12]) + num(newer[9]) - num(newer[10])
            if expected != num(newer[12]):
                breaks.append((name, num(newer[12]) - expected))
        footer = parsed[-1]
        assert footer[0] == "人民币合计"
        assert num(footer[9]) == sum(num(r[9]) for r in body)
        assert num(footer[10]) == sum(num(r[10]) for r in body)
    assert breaks == [(F_ICBC9, Decimal("-2000.00"))], breaks

    # Reconciliation sanity: every ICBC-funded wallet movement has one same-amount debit
    # (same provider, same or next day) and every provider debit has one source, except
    # the planted ones. A looser check keeps planted cases unambiguous: no other provider
    # debit within 10 % of an attempt's amount in the 3-day posting window.
    shown_provider = [b for b in w.bank if b["shown"] and b["provider"] and b["direction"] == "out"]
    claimed = defaultdict(int)
    for b in shown_provider:
        if b["source"] is not None:
            claimed[id(b["source"])] += 1
    for b in shown_provider:
        assert b["source"] is not None or b["tag"] == "R003", b
    for a in w.attempts:
        if a["tag"] == "D001":
            continue  # unreadable: not an attempt the audit sees
        near = [b for b in shown_provider if b["provider"] == a["wallet"]
                and abs(b["amount"] - a["amount"]) <= a["amount"] / 10
                and 0 <= (b["date"] - a["time"].date()).days <= 3]
        mine = [b for b in near if b["source"] is a]
        others = [b for b in near if b["source"] is not a]
        if a["method"] != ICBC_ATTEMPT_METHOD:
            # No statement for these cards: the ICBC debits are never theirs.
            assert a["method"] != BOCOM_METHOD or not near
            continue
        expected = {"R002": 2, "R004": 0, "D002": 0, "R006": 0}.get(a["tag"])
        if a["status"] == "success" and expected is None:
            expected = 1
        elif expected is None:
            expected = 1 if a in (planted["R001"][0], planted["R005"][0], planted["refunded"][0]) else 0
        assert len(mine) == expected, (a, mine)
        same_day_pair = a in (planted["pair_a"][0], planted["pair_b"][0])
        # A failure may sit near the debit of a successful top-up (its retry): successes are
        # matched first, so that debit is taken.
        retried = a["status"] == "failed" and not mine and all(
            isinstance(b["source"], dict) and b["source"].get("status") == "success" for b in others)
        assert not others or same_day_pair or retried, (a, others)
        if a["tag"] == "R007":
            assert mine[0]["amount"] == money("606.00")
    for r in w.wallet:
        if r["method"] in (ICBC_METHOD_WECHAT, ICBC_METHOD_ALIPAY) and r["direction"] != "/" \
                and r["category" if r["wallet"] == "alipay" else "type"] not in ("充值提现", "零钱充值", "退款"):
            assert claimed[id(r)] == (0 if in_gap(r["time"].date()) else 1), r

    # Attempts ⇄ wallet rows: each success has its wallet row within seconds, same amount.
    tops = [r for r in w.wallet if r.get("type") == "零钱充值" or r.get("goods") == "充值-普通充值"]
    successes = [a for a in w.attempts if a["status"] == "success"]
    assert len(tops) == len(successes) >= 12
    for a in successes:
        match = [t for t in tops if t["wallet"] == a["wallet"] and t["amount"] == a["amount"]
                 and 0 <= (t["time"] - a["time"]).total_seconds() <= 600]
        assert len(match) == 1, a
        assert a["reference"] in ("", match[0]["ref"])
    assert len(w.wallet) == len({r["ref"] for r in w.wallet})
    check_patterns(w, planted)


def fisher_greater(k_a: int, n_a: int, k_b: int, n_b: int) -> float:
    """One-sided Fisher exact test, as the P rules compute it."""
    from math import comb
    n, k = n_a + n_b, k_a + k_b
    return sum(comb(k, x) * comb(n - k, n_a - x) for x in range(k_a, min(k, n_a) + 1)
               if n_a - x <= n - k) / comb(n, n_a)


def check_patterns(w: World, planted: dict) -> None:
    """Replays the pattern rules' logic (src/rules/p00*.rs) on the attempts log: exactly the
    planted P findings, nothing from the ordinary days."""
    atts = sorted((a for a in w.attempts if a["tag"] != "D001"), key=lambda a: a["time"])
    failed = [a for a in atts if a["status"] == "failed"]
    card = lambda a: "icbc:4321" if a["method"] == ICBC_ATTEMPT_METHOD else a["method"]  # noqa: E731

    def clusters(rows, gap_seconds):
        out = []
        for r in rows:
            if out and (r["time"] - out[-1][-1]["time"]).total_seconds() <= gap_seconds:
                out[-1].append(r)
            else:
                out.append([r])
        return out

    # P001: peak-hour network failures against off-peak ones.
    def peak(a):
        m = a["time"].hour * 60 + a["time"].minute
        return any(lo <= m < hi for lo, hi in PEAK)
    net = lambda a: a["status"] == "failed" and a["cause"] == "network"  # noqa: E731
    n_peak = sum(1 for a in atts if peak(a))
    k_peak = sum(1 for a in atts if peak(a) and net(a))
    n_off, k_off = len(atts) - n_peak, sum(1 for a in atts if not peak(a) and net(a))
    p = fisher_greater(k_peak, n_peak, k_off, n_off)
    assert k_peak >= 5 and k_peak * n_off > k_off * n_peak and p < 0.01 / 10, (k_peak, n_peak, k_off, n_off, p)
    assert {id(a) for a in atts if peak(a) and net(a)} == {id(a) for a in planted["P001"] + [planted["R001"][0]]}
    # P002: system failures (any wallet) at most 15 minutes apart, >= 3 on >= 2 cards.
    system = [a for a in failed if a["cause"] in SYSTEM_CAUSES]
    bursts = [c for c in clusters(system, 15 * 60) if len(c) >= 3 and len({card(a) for a in c}) >= 2]
    assert [[id(a) for a in c] for c in bursts] == [[id(a) for a in planted["P002"]]], bursts
    # P003: per card, failures between two successes on >= 3 days.
    runs = []
    for key in sorted({card(a) for a in atts}):
        run = []
        for a in [a for a in atts if card(a) == key] + [None]:
            if a is None or a["status"] == "success":
                if len({f["time"].date() for f in run}) >= 3:
                    runs.append(run)
                run = []
            elif a["status"] == "failed":
                run.append(a)
    assert [[id(a) for a in r] for r in runs] == [[id(a) for a in planted["P003"]]], runs
    # P004: per wallet, attempts at most 3 minutes apart, >= 5 within 10 minutes.
    storms = []
    for wallet in ("alipay", "wechat"):
        for c in clusters([a for a in atts if a["wallet"] == wallet], 3 * 60):
            if len(c) >= 5 and (c[-1]["time"] - c[0]["time"]).total_seconds() <= 600:
                storms.append(c)
    assert [[id(a) for a in c] for c in storms] == [[id(a) for a in planted["P004"] + [planted["P004_ok"][0]]]]
    # P005 / S006: identity-verification failures per wallet, at most 30 minutes apart.
    for wallet in ("alipay", "wechat"):
        ids = [a for a in failed if a["wallet"] == wallet and a["cause"] == "identity-verification"]
        sizes = [len(c) for c in clusters(ids, 30 * 60)]
        assert sizes == {"alipay": [3], "wechat": [2]}[wallet], (wallet, sizes)
    # P006: app versions (Alipay only; see WECHAT_APP).
    versions = [a for a in atts if a["app_version"]]
    newest = max({a["app_version"] for a in versions}, key=lambda v: [int(x) for x in v.split(".")])
    app_failure = lambda a: a["status"] == "failed" and a["cause"] not in USER_CAUSES  # noqa: E731
    new = [a for a in versions if a["app_version"] == newest]
    old = [a for a in versions if a["app_version"] != newest]
    k_new, k_old = sum(map(app_failure, new)), sum(map(app_failure, old))
    p = fisher_greater(k_old, len(old), k_new, len(new))
    assert k_old >= 4 and len(new) >= 10 and k_old * len(new) > k_new * len(old) and p < 0.001 / 2, \
        (k_old, len(old), k_new, len(new), p)
    # P007: the network type with the highest rate of network failures against the rest.
    types = sorted({a["network"] for a in atts})
    rate = {t: sum(net(a) for a in atts if a["network"] == t) / sum(a["network"] == t for a in atts)
            for t in types}
    worst = max(types, key=lambda t: rate[t])
    n_w = sum(a["network"] == worst for a in atts)
    k_w = sum(net(a) for a in atts if a["network"] == worst)
    n_r, k_r = len(atts) - n_w, sum(net(a) for a in atts if a["network"] != worst)
    p = fisher_greater(k_w, n_w, k_r, n_r)
    assert worst == "4g" and k_w >= 5 and n_r >= 10 and p < 0.001 / 10, (worst, k_w, n_w, k_r, n_r, p)
    return {"P001": (k_peak, n_peak, k_off, n_off), "P006": (k_old, len(old), k_new, len(new)),
            "P007": (k_w, n_w, k_r, n_r), "P007_failures": [a for a in atts if a["network"] == worst and net(a)]}


def ground_truth(w: World, planted: dict, docs: dict) -> list[tuple[str, str, list[str]]]:
    def at(doc_name, record, role):
        line = docs[doc_name].line_of(record)
        assert line, (doc_name, record)
        return f"`{doc_name}:{line}` {role}"

    def wechat_at(record, role):
        out = []
        for name in (F_WECHAT, F_WECHAT2):
            if docs[name].line_of(record):
                out.append(at(name, record, role))
        return out

    def icbc_at(record, role):
        name = F_ICBC9 if record["date"] <= ICBC9_RANGE[1] else F_ICBC10
        return at(name, record, role)

    def attempt(record, role="attempt"):
        return at(F_ATTEMPTS, record, role)

    rows = []
    a, row, debits = planted["R002"]
    rows.append(("R001", "WeChat top-up of 500.00 failed (网络超时) on 2026-09-18 21:05:10 but ICBC "
                 "debited 500.00 to 财付通 that day; no wallet credit, no refund by 2026-10-31",
                 [attempt(planted["R001"][0], "failed attempt"),
                  icbc_at(planted["R001"][1], "bank debit")]))
    rows.append(("R002", "WeChat top-up of 1000.00 on 2026-09-25 11:20:08 debited twice by ICBC",
                 [attempt(a), *wechat_at(row, "wallet top-up"),
                  icbc_at(debits[0], "bank debit"), icbc_at(debits[1], "bank debit (duplicate)")]))
    rows.append(("R003", "ICBC debit 200.00 to 支付宝 (快捷支付) on 2026-10-05 with no attempt and no "
                 "Alipay row (Alipay export covers that day)",
                 [icbc_at(planted["R003"], "bank debit")]))
    a, row, _ = planted["R004"]
    rows.append(("R004", "Alipay top-up of 2000.00 from 工商银行储蓄卡(4321) on 2026-10-08 14:30:00; "
                 "the ICBC statement covers that day but has no matching debit",
                 [attempt(a), at(F_ALIPAY, row, "wallet top-up")]))
    rows.append(("R005", "WeChat top-up of 800.00 failed (系统维护中) on 2026-10-29 19:40:00 and ICBC "
                 "debited 800.00; refund window (7 days) still open at 2026-10-31 23:59:59",
                 [attempt(planted["R005"][0], "failed attempt"),
                  icbc_at(planted["R005"][1], "bank debit")]))
    rows.append(("R006", "Alipay top-up of 300.00 pending since 2026-10-26 10:15:00; no wallet row, "
                 "no debit", [attempt(planted["R006"], "pending attempt")]))
    a, row, debits = planted["R007"]
    rows.append(("R007", "WeChat top-up of 600.00 on 2026-09-30 16:00:12; ICBC debited 606.00",
                 [attempt(a), *wechat_at(row, "wallet top-up"), icbc_at(debits[0], "bank debit")]))
    # F findings: failed attempts grouped by cause and card, as the audit groups them.
    f_code = {"insufficient-funds": "F001", "card-locked": "F002", "card-expired": "F003",
              "card-binding": "F004", "bank-limit": "F005", "identity-verification": "F006",
              "network": "F007", "wallet-system": "F008", "risk-declined": "F009", "unknown": "F010"}
    f_what = {
        ("F001", ICBC_ATTEMPT_METHOD): "余额不足 (code 51), two attempts the same evening, 工商银行(4321)",
        ("F002", BOCOM_METHOD): "卡片已冻结，请联系发卡行 (code 62), 交通银行信用卡(7449)",
        ("F002", CCB_METHOD): "银行卡状态异常，请联系发卡行, 建设银行(5566), on three days (the P003 card)",
        ("F003", BOCOM_METHOD): "Card expired (code 54), 交通银行信用卡(7449)",
        ("F004", ICBC_ATTEMPT_METHOD): "银行预留手机号与输入不一致, 工商银行(4321)",
        ("F005", ICBC_ATTEMPT_METHOD): "超过银行单日支付限额 (code 61), 工商银行(4321)",
        ("F006", ICBC_ATTEMPT_METHOD): "短信验证码错误, 工商银行(4321): three Alipay attempts within 9 minutes "
                                       "(P005) and two WeChat attempts (S006)",
        ("F007", ICBC_ATTEMPT_METHOD): "网络超时 / 网络连接超时 / 请求超时 / 网络不给力 (network), 工商银行(4321): "
                                       "one early morning, the R001 attempt and the seven P001 failures",
        ("F008", ICBC_ATTEMPT_METHOD): "系统繁忙 / 系统维护中 / 系统异常 / 服务暂不可用 / 操作过于频繁 "
                                       "(wallet-system), 工商银行(4321), both wallets: one of its own, the "
                                       "refunded and the R005 attempts, and those of P006, P004 and P002",
        ("F008", CMB_METHOD): "系统繁忙, 招商银行(1234), in the P002 outage",
        ("F009", ICBC_ATTEMPT_METHOD): "交易存在风险，已被拦截 (code 59), 工商银行(4321): one of its own and "
                                       "the S005 attempt from a new phone",
        ("F010", ICBC_ATTEMPT_METHOD): "错误码 E7731 (unrecognised), 工商银行(4321)",
    }
    groups = defaultdict(list)
    for a in w.attempts:
        if a["status"] == "failed":
            groups[(f_code[a["cause"]], a["method"])].append(a)
    assert set(groups) == set(f_what), sorted(set(groups) ^ set(f_what))
    for key in sorted(f_what):
        code = key[0]
        members = sorted(groups[key], key=lambda x: docs[F_ATTEMPTS].line_of(x))
        rows.append((code, f_what[key],
                     [attempt(x, "failed attempt" if x["tag"] == code else f"failed attempt ({x['tag']})")
                      for x in members]))
    rows.append(("D001", "attempt row with amount `5OO.00` (letter O): unreadable",
                 [attempt(planted["D001"], "rejected row")]))
    last9 = max((b for b in w.bank if b["shown"] and b["date"] <= ICBC9_RANGE[1]), key=lambda b: b["time"])
    first10 = min((b for b in w.bank if b["shown"] and b["date"] >= ICBC10_RANGE[0]), key=lambda b: b["time"])
    gw, ga = planted["gap_w"], planted["gap_a"]
    rows.append(("D002", "ICBC statements leave 2026-10-13 .. 2026-10-19 uncovered; the money that moved "
                 "in it is unchecked: two successful ICBC-funded top-ups and one card-funded WeChat payment "
                 "(52.00 on 2026-10-16); the failed top-up of 10-19 (F010) moved no money and is not listed",
                 [icbc_at(last9, "last row before the gap"), icbc_at(first10, "first row after the gap"),
                  attempt(gw[0], "top-up in gap (WeChat 200.00, 10-14)"),
                  *wechat_at(gw[1], "wallet row"),
                  *wechat_at(planted["gap_pay"], "card payment in gap (WeChat 52.00, 10-16)"),
                  attempt(ga[0], "top-up in gap (Alipay 300.00, 10-17)"),
                  at(F_ALIPAY, ga[1], "wallet row")]))
    shown9 = sorted((b for b in w.bank if b["shown"] and b["date"] <= ICBC9_RANGE[1]), key=lambda b: b["time"])
    r004_time = planted["R004"][0]["time"]
    older = max((b for b in shown9 if b["time"] < r004_time), key=lambda b: b["time"])
    newer = min((b for b in shown9 if b["time"] > r004_time), key=lambda b: b["time"])
    rows.append(("D003", f"ICBC running balance drops by 2000.00 more than the rows explain between "
                 f"{older['date']} and {newer['date']} (the R004 debit row is missing)",
                 [icbc_at(newer, f"balance {fmt_thousands(newer['balance'])}"),
                  icbc_at(older, f"balance {fmt_thousands(older['balance'])}")]))
    overlap = sorted((r for r in w.wallet if r["wallet"] == "wechat" and
                      WECHAT2_RANGE[0] <= r["time"] <= WECHAT1_RANGE[1]), key=lambda r: r["time"])
    l1 = sorted(docs[F_WECHAT].line_of(r) for r in overlap)
    l2 = sorted(docs[F_WECHAT2].line_of(r) for r in overlap)
    assert l1 == list(range(l1[0], l1[-1] + 1)) and l2 == list(range(l2[0], l2[-1] + 1))
    rows.append(("D004", f"the two WeChat exports overlap on 2026-10-10 .. 2026-10-15: {len(overlap)} "
                 "identical rows (same 交易单号) in both",
                 [f"`{F_WECHAT}:{l1[0]}-{l1[-1]}`", f"`{F_WECHAT2}:{l2[0]}-{l2[-1]}`"]))
    rows += patterns_truth(w, planted, docs, attempt, wechat_at, icbc_at,
                           lambda r, role: at(F_ALIPAY, r, role))
    return rows


def patterns_truth(w, planted, docs, attempt, wechat_at, icbc_at, alipay_at):
    """Ground-truth rows of the P and S findings."""
    stats = check_patterns(w, planted)
    by_line = lambda recs: sorted(recs, key=docs[F_ATTEMPTS].line_of)  # noqa: E731
    rows = []
    k_peak, n_peak, k_off, n_off = stats["P001"]
    peak_failures = by_line(planted["P001"] + [planted["R001"][0]])
    rows.append(("P001", "WeChat top-ups time out in peak hours (11:30–13:30, 19:00–23:00): four at lunch on 4g, "
                 "three in the evening on the home Wi-Fi (each retried off-peak, successfully), and R001: "
                 f"{k_peak} of {n_peak} peak-hour attempts failed on the network, against {k_off} of {n_off} "
                 "off-peak (F007, 07:48)",
                 [attempt(a, "peak-hour network failure" + (" (R001)" if a["tag"] == "R001" else ""))
                  for a in peak_failures]))
    rows.append(("P002", "WeChat outage on 2026-10-06: 系统繁忙 / 服务暂不可用 on 工商银行(4321), then "
                 "招商银行(1234), then 工商银行(4321) again, 09:04–09:17; ICBC goes through at 10:40",
                 [attempt(a, "failed attempt") for a in planted["P002"]]))
    rows.append(("P003", "her old 建设银行(5566), still bound to WeChat, refused (银行卡状态异常) on 2026-09-24, "
                 "10-05 and 10-20, with no success in between",
                 [attempt(a, "failed attempt") for a in planted["P003"]]))
    ok_attempt, ok_row, _ = planted["P004_ok"]
    rows.append(("P004", "retry storm on WeChat, 2026-10-03 15:02–15:09: five top-ups of 250.00, four refused "
                 "(系统繁忙, 操作过于频繁), the fifth credited (and debited once)",
                 [attempt(a, "failed attempt") for a in planted["P004"]]
                 + [attempt(ok_attempt, "successful attempt"), *wechat_at(ok_row, "wallet top-up")]))
    rows.append(("P005", "the three 短信验证码错误 of F006 on Alipay within 9 minutes (2026-10-22 12:31–12:39)",
                 [attempt(a, "failed attempt") for a in planted["F006"]]))
    k_old, n_old, k_new, n_new = stats["P006"]
    rows.append(("P006", f"Alipay on {ALIPAY_OLD_VERSION} (until she updated on {ALIPAY_UPDATED:%Y-%m-%d}): "
                 f"{k_old} of {n_old} top-ups failed (系统异常 ×7 and the refunded 系统繁忙 of 09-10), against "
                 f"{k_new} of {n_new} on {ALIPAY_APP['app_version']} (F010's E7731); the log leaves WeChat's "
                 "version empty",
                 [attempt(a, "failed attempt" + ("" if a["tag"] == "P006" else " (refunded)"))
                  for a in by_line(planted["P006"] + [planted["refunded"][0]])]))
    k_w, n_w, k_r, n_r = stats["P007"]
    rows.append(("P007", f"4g: {k_w} of {n_w} attempts failed on the network (the four lunchtime P001 "
                 f"failures, R001 and F007), against {k_r} of {n_r} on Wi-Fi and 5g",
                 [attempt(a, "network failure on 4g" + (f" ({a['tag']})" if a["tag"] != "P001" else ""))
                  for a in by_line(stats["P007_failures"])]))
    rows.append(("S001", "WeChat payment of 129.00 to 拼多多平台商户 at 2026-10-08 03:17; on no other day does "
                 "the account pay between 00:00 and 07:00",
                 wechat_at(planted["S001"], "payment")))
    rows.append(("S002", "WeChat 转账 of 4,800.00 from 零钱 to 李建华, never seen before (转账备注:解冻保证金), "
                 "2026-10-30 10:48; the largest earlier payment was 800.00",
                 wechat_at(planted["S002"], "transfer")))
    hema = max(r["amount"] for r in w.wallet if r["wallet"] == "alipay" and r["counterparty"] == "盒马鲜生"
               and r["direction"] == "支出" and r["time"] < planted["S003"]["time"])
    rows.append(("S003", f"Alipay payment of 1,368.00 (花呗) at 盒马鲜生 on 2026-10-25 20:20; earlier payments "
                 f"there were at most {hema}",
                 [alipay_at(planted["S003"], "payment")]))
    rows.append(("S004", "four Alipay charges of 0.01, 0.10, 1.00 and 0.50 (花呗) to four shops never used "
                 "before, 2026-10-18 15:41–15:47",
                 [alipay_at(r, "small charge") for r in planted["S004"]]))
    rows.append(("S005", "WeChat top-up attempt of 1,500.00 from a HUAWEI Mate 60 in 深圳 on 2026-10-27 16:12 "
                 "(every earlier one: iPhone 15 in 上海), declined by risk control (F009)",
                 [attempt(planted["S005"], "attempt")]))
    rows.append(("S006", "two 短信验证码错误 on WeChat top-ups (2026-10-20 15:10, 15:16), then 800.00 from "
                 "零钱 to 周凯, never paid before, at 15:38",
                 [attempt(a, "failed verification") for a in planted["S006"]]
                 + wechat_at(planted["S006_moved"], "transfer")))
    rows.append(("S007", "the same 饿了么 order of 45.60 paid twice from Alipay 余额, 2026-10-09 12:20 and 12:26 "
                 "(two order numbers)",
                 [alipay_at(r, "payment") for r in planted["S007"]]))
    rows.append(("S008", "the ICBC card's first payment abroad: 36.99 USD (交易币种 美元) at AMAZON.COM, country "
                 "USA, booked as 266.94 人民币 on 2026-10-24; every earlier row is CHN",
                 [icbc_at(planted["S008"], "bank row")]))
    return rows


def controls(w: World, planted: dict, docs: dict) -> list[tuple[str, list[str]]]:
    """Clean cases that look suspicious but must produce no R finding."""
    def at(name, record):
        return f"`{name}:{docs[name].line_of(record)}`"

    def icbc(record):
        return at(F_ICBC9 if record["date"] <= ICBC9_RANGE[1] else F_ICBC10, record)

    out = []
    pa, pb = planted["pair_a"], planted["pair_b"]
    out.append(("two WeChat top-ups of 100.00 on 2026-09-14 (09:02 and 20:47), two date-only "
                "ICBC debits of 100.00 that day",
                [at(F_ATTEMPTS, pa[0]), at(F_ATTEMPTS, pb[0]), at(F_WECHAT, pa[1]), at(F_WECHAT, pb[1]),
                 icbc(pa[2][0]), icbc(pb[2][0])]))
    att, deb, ref = planted["refunded"]
    out.append(("Alipay top-up of 300.00 failed (系统繁忙) on 2026-09-10 20:16:44, debited, refunded "
                "(退款) on 2026-09-12 — only part of the F008 group",
                [at(F_ATTEMPTS, att), icbc(deb), icbc(ref)]))
    late = planted["late"]
    out.append(("WeChat top-up of 300.00 at 2026-09-22 23:41:05, posted by ICBC on 2026-09-23",
                [at(F_ATTEMPTS, late[0]), at(F_WECHAT, late[1]), icbc(late[2][0])]))
    fail, (retry, row, debits) = planted["P001"][0], planted["retries"][0]
    out.append((f"WeChat top-up of {fail['amount']} failed (网络超时) at {fail['time']:%Y-%m-%d %H:%M}, retried at "
                f"{retry['time']:%H:%M} with the same amount: the one ICBC debit that day is the retry's "
                "(likewise for the other P001 failures and the P002 and P004 retries)",
                [at(F_ATTEMPTS, fail), at(F_ATTEMPTS, retry), at(F_WECHAT, row), icbc(debits[0])]))
    no_ref = sorted((a for a in w.attempts if a["status"] == "success" and not a["reference"]),
                    key=lambda a: a["time"])
    out.append(("successful top-ups logged without a reference (matched by time and amount)",
                [at(F_ATTEMPTS, a) for a in no_ref]))
    return out


def readme(w, planted, docs, files) -> str:
    def rows_of(name):
        return len(docs[name].where)

    def span(name):
        recs = [r for r in (w.wallet + w.bank + w.attempts) if docs[name].line_of(r)]
        times = sorted(r["time"] for r in recs)
        return f"{times[0]:%Y-%m-%d} .. {times[-1]:%Y-%m-%d}"

    info = [
        (F_ALIPAY, "Alipay app export, 2023 layout (用于个人对账)", "GBK, LF",
         "2026-09-01 .. 2026-10-31 (preamble)"),
        (F_WECHAT, "WeChat Pay bill CSV (pre-2025 layout)", "UTF-8 with BOM, CRLF",
         "2026-09-01 .. 2026-10-15 (preamble)"),
        (F_WECHAT2, "WeChat Pay bill CSV (pre-2025 layout)", "UTF-8, LF",
         "2026-10-10 .. 2026-10-31 (preamble)"),
        (F_ICBC9, "ICBC debit card 明细查询文件下载, 2024 layout (with 交易详情)", "UTF-8, LF",
         f"{span(F_ICBC9)} (rows; no preamble period)"),
        (F_ICBC10, "ICBC debit card 明细查询文件下载, 2024 layout (with 交易详情)", "UTF-8, LF",
         f"{span(F_ICBC10)} (rows; no preamble period)"),
        (F_ATTEMPTS, "canonical attempts CSV (DESIGN.md §2)", "UTF-8, LF", span(F_ATTEMPTS)),
    ]
    status = defaultdict(int)
    for a in w.attempts:
        if a["tag"] != "D001":
            status[a["status"]] += 1
    lines = [
        "# Demo inputs",
        "",
        "Generated by `python3 scripts/make_samples.py` (standard library only, fixed seed;",
        "re-running it rewrites these files byte for byte; `--check` verifies them). Do not edit",
        "by hand: change the generator and regenerate. All names, numbers and references are",
        "invented; the layouts follow the real exports in the project's format notes.",
        "",
        "## The household",
        "",
        "林晓雯 and 陈哲 live in Shanghai. 林晓雯's salary (18,600.00 on the 10th) lands on her ICBC",
        "debit card `6222****4321` (account `icbc:4321`), which pays the rent (网转 5,800.00 on the 1st)",
        "and funds her WeChat Pay (`工商银行(4321)`) and Alipay (`工商银行储蓄卡(4321)`) top-ups; a",
        "交通银行信用卡(7449), for which there is no statement, pays a few Alipay purchases; two more",
        "debit cards without statements are bound to WeChat, 招商银行(1234) and her old 建设银行(5566).",
        "Day to day she pays small amounts (meals, 美团, 滴滴出行, 超市, 话费, 水电) from 零钱 / 余额,",
        "sometimes straight from the ICBC card. She exported September–October 2026 from both wallets",
        "(WeChat twice, with overlapping periods) and from ICBC (twice, missing a week), and kept a",
        "log of every top-up attempt from both apps (WeChat on an iPhone 15, Alipay on a Mi 14; the",
        f"log records the Alipay app's version, {ALIPAY_OLD_VERSION} until she updated it to "
        f"{ALIPAY_APP['app_version']} on {ALIPAY_UPDATED:%Y-%m-%d},",
        "and leaves WeChat's empty).",
        "",
        "## Files",
        "",
        "| file | format | encoding | period | rows |",
        "|---|---|---|---|---|",
    ]
    for name, fmt_name, enc, period in info:
        lines.append(f"| `{name}` | {fmt_name} | {enc} | {period} | {rows_of(name)} |")
    lines += [
        "",
        "Rows are data rows (preambles, headers and footers not counted). The two WeChat files",
        "share their 2026-10-10 .. 2026-10-15 rows. The attempts log has "
        f"{len(w.attempts)} rows: {status['success']} success, {status['failed']} failed, "
        f"{status['pending']} pending, and 1 unreadable row (D001).",
        "",
        "## Ground truth: planted findings",
        "",
        "Lines are 1-based physical lines. F-findings group failed attempts by cause and card",
        "(ICBC 4321 appears as `工商银行(4321)` in the attempts log for both wallets).",
        "",
        "| code | what | evidence (file:line) |",
        "|---|---|---|",
    ]
    for code, what, evidence in ground_truth(w, planted, docs):
        lines.append(f"| {code} | {what} | {'<br>'.join(evidence)} |")
    lines += [
        "",
        "Nothing else should produce an R or D finding: every other successful top-up and every",
        "card-funded wallet payment has exactly one ICBC debit of the same amount to the right",
        "provider on the same or the next day, and every other ICBC debit to 财付通 / 支付宝 belongs",
        "to one of them. Nor should anything else produce a P or S finding: the ordinary days",
        "(about two WeChat and one Alipay payment a day between 07:00 and 23:30, top-ups that go",
        "through, the odd failure retried later) are no pattern, and the generator's self-check",
        "replays the P rules' thresholds on the attempts log (`--check` runs it).",
        "",
        "## Clean controls (must not produce an R finding)",
        "",
        "| case | evidence (file:line) |",
        "|---|---|",
    ]
    for what, evidence in controls(w, planted, docs):
        lines.append(f"| {what} | {'<br>'.join(evidence)} |")
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    w, planted, docs, files = build()
    self_check(w, planted, docs, files)
    # Determinism: a second build from scratch gives the same bytes.
    _, _, _, again = build()
    assert again == files, "generator is not deterministic"
    files["README.md"] = readme(w, planted, docs, files).encode("utf-8")
    check = "--check" in sys.argv[1:]
    stale = []
    OUT.mkdir(exist_ok=True)
    for name, data in files.items():
        path = OUT / name
        if check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
        else:
            path.write_bytes(data)
    if check:
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
        print("samples/ is up to date")
        return 0
    for name, data in files.items():
        rows = len(docs[name].where) if name in docs else "-"
        print(f"samples/{name}: {len(data)} bytes, {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
