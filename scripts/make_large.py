#!/usr/bin/env python3
"""Writes a large synthetic audit input (for benchmarks): N days of one household's WeChat
top-ups and payments, the matching ICBC debits and an attempts log, in the real layouts.

Usage: python3 scripts/make_large.py OUT_DIR [DAYS]   (default 365 days, ~40 rows a day)
Deterministic: the same arguments give the same files.
"""
import datetime as dt
import os
import random
import sys


def main():
    out = sys.argv[1]
    days = int(sys.argv[2]) if len(sys.argv) > 2 else 365
    rng = random.Random(7)
    os.makedirs(out, exist_ok=True)
    start = dt.datetime(2025, 1, 1)
    wechat, icbc, attempts = [], [], []
    balance = 500000.00
    for d in range(days):
        day = start + dt.timedelta(days=d)
        for k in range(rng.randint(20, 40)):
            t = day + dt.timedelta(seconds=rng.randint(6 * 3600, 23 * 3600))
            ts = t.strftime("%Y-%m-%d %H:%M:%S")
            amount = rng.choice([8.5, 12.0, 23.4, 35.0, 58.8, 99.0, 128.0, 300.0])
            ref = f"42000{d:05d}{k:04d}{rng.randint(0, 99999):05d}"
            kind = rng.random()
            if kind < 0.15:  # a top-up from the card: attempt, wallet row, bank debit
                amount = rng.choice([100.0, 200.0, 500.0, 1000.0])
                status = "success" if rng.random() < 0.9 else "failed"
                message = "" if status == "success" else rng.choice(["余额不足", "网络超时", "系统繁忙", "短信验证码错误"])
                attempts.append(f"{ts},{amount:.2f},{status},CNY,wechat,工商银行(4321),{ref},,{message}")
                if status == "success":
                    wechat.append(f'{ts},零钱充值,工商银行(4321),/,/,¥{amount:.2f},工商银行(4321),充值完成,{ref}\t,/\t,/')
                    balance -= amount
                    icbc.append((t.date(), "消费", amount, balance, "深圳市财付通支付科技有限公司", "财付通-零钱充值"))
            elif kind < 0.25:  # paid straight from the card
                wechat.append(f'{ts},商户消费,某商户{k},"商品",支出,¥{amount:.2f},工商银行(4321),支付成功,{ref}\t,{ref}M\t,"/"')
                balance -= amount
                icbc.append((t.date(), "消费", amount, balance, "深圳市财付通支付科技有限公司", "财付通-消费"))
            else:  # paid from the balance
                wechat.append(f'{ts},商户消费,某商户{k},"商品",支出,¥{amount:.2f},零钱,支付成功,{ref}\t,{ref}M\t,"/"')
    end = start + dt.timedelta(days=days - 1)
    period = f"起始时间：[{start:%Y-%m-%d} 00:00:00] 终止时间：[{end:%Y-%m-%d} 23:59:59]"
    pad = ",,,,,,,,,,"
    with open(os.path.join(out, "wechat.csv"), "w", encoding="utf-8") as f:
        f.write(f"微信支付账单明细{pad}\n微信昵称：[测试]{pad}\n{period}{pad}\n导出类型：[全部]{pad}\n{pad}\n")
        f.write(f"----------------------微信支付账单明细列表--------------------{pad}\n")
        f.write("交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n")
        f.write("\n".join(reversed(wechat)) + "\n")
    with open(os.path.join(out, "icbc.csv"), "w", encoding="utf-8") as f:
        f.write("明细查询文件下载\n\n卡号: 6222****4321,\"卡别名: \"\n\n")
        f.write("交易日期,摘要,交易详情,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,"
                "记账金额(收入),记账金额(支出),记账币种,余额,对方户名,对方账户\n")
        for date, summary, amount, bal, party, place in reversed(icbc):
            f.write(f'{date}\t,"{summary}\t"," \t","{place}\t","CHN\t",钞\t,"-\t","-\t",-\t," \t",'
                    f'"{amount:,.2f}\t",人民币\t,"{bal:,.2f}\t","{party}\t","6222****4321\t",\n')
    with open(os.path.join(out, "attempts.csv"), "w", encoding="utf-8") as f:
        f.write("time,amount,status,currency,wallet,method,reference,error_code,error_message\n")
        f.write("\n".join(attempts) + "\n")
    print(f"{out}: {len(wechat)} wallet rows, {len(icbc)} bank rows, {len(attempts)} attempts")


if __name__ == "__main__":
    main()
