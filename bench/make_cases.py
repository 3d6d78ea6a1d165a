#!/usr/bin/env python3
"""Writes the benchmark's adversarial inputs in the real layouts (WeChat CSV, ICBC debit CSV,
the canonical attempts CSV), deterministic for the same arguments.

  make_cases.py equal OUT DAYS ATTEMPTS WALLET BANK
      DAYS days on each of which ATTEMPTS top-ups of 100.00 are tried, WALLET of them land
      in the wallet (a WeChat top-up row each) and the bank shows BANK debits of 100.00 (the
      WALLET matching ones and BANK - WALLET more): every amount equal, so matching has nothing
      but time to tell them apart. The issue's case: `equal OUT 1 3000 2000 2400`.
  make_cases.py chains OUT ORDERS
      An attempt log that writes each of ORDERS top-up orders three times as its status moves
      (pending, pending, success) under one reference: merging its rows must stay linear.
  make_cases.py long OUT CHARS
      A small household whose WeChat export holds one row with a CHARS-character 商品 cell
      (words of 7 letters) and one with a CHARS-character cell without a space.
"""
import datetime as dt
import os
import sys

PAD = ",,,,,,,,,,"
START = dt.datetime(2025, 1, 1)


def write_wechat(out, rows, days):
    end = START + dt.timedelta(days=days - 1)
    with open(os.path.join(out, "wechat.csv"), "w", encoding="utf-8") as f:
        f.write(f"微信支付账单明细{PAD}\n微信昵称：[测试]{PAD}\n")
        f.write(f"起始时间：[{START:%Y-%m-%d} 00:00:00] 终止时间：[{end:%Y-%m-%d} 23:59:59]{PAD}\n")
        f.write(f"导出类型：[全部]{PAD}\n{PAD}\n")
        f.write(f"----------------------微信支付账单明细列表--------------------{PAD}\n")
        f.write("交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n")
        f.write("".join(r + "\n" for r in reversed(rows)))


def write_icbc(out, rows):
    with open(os.path.join(out, "icbc.csv"), "w", encoding="utf-8") as f:
        f.write("明细查询文件下载\n\n卡号: 6222****4321,\"卡别名: \"\n\n")
        f.write("交易日期,摘要,交易详情,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,"
                "记账金额(收入),记账金额(支出),记账币种,余额,对方户名,对方账户\n")
        for date, amount, balance in reversed(rows):
            f.write(f'{date}\t,"消费\t"," \t","财付通-零钱充值\t","CHN\t",钞\t,"-\t","-\t",-\t," \t",'
                    f'"{amount:,.2f}\t",人民币\t,"{balance:,.2f}\t","深圳市财付通支付科技有限公司\t","6222****4321\t",\n')


def write_attempts(out, rows):
    with open(os.path.join(out, "attempts.csv"), "w", encoding="utf-8") as f:
        f.write("time,amount,status,currency,wallet,method,reference,error_code,error_message\n")
        f.write("".join(r + "\n" for r in rows))


def equal(out, days, attempts, wallet, bank):
    wechat, icbc, tries = [], [], []
    balance = 100.0 * bank * days + 1000.0
    for d in range(days):
        day = START + dt.timedelta(days=d)
        span = 16 * 3600 // max(attempts, 1)
        for k in range(attempts):
            t = day + dt.timedelta(seconds=7 * 3600 + k * span)
            ts = t.strftime("%Y-%m-%d %H:%M:%S")
            ref = f"4200{d:05d}{k:06d}"
            ok = k < wallet
            status, message = ("success", "") if ok else ("failed", "网络超时")
            tries.append(f"{ts},100.00,{status},CNY,wechat,工商银行(4321),{ref},,{message}")
            if ok:
                wechat.append(f"{ts},零钱充值,工商银行(4321),/,/,¥100.00,工商银行(4321),充值完成,{ref}\t,/\t,/")
        for k in range(bank):
            balance -= 100.0
            icbc.append(((day + dt.timedelta(seconds=7 * 3600 + k * span)).date(), 100.0, balance))
    write_wechat(out, wechat, days)
    write_icbc(out, icbc)
    write_attempts(out, tries)
    print(f"{out}: {len(wechat)} wallet rows, {len(icbc)} bank rows, {len(tries)} attempts, all 100.00")


def chains(out, orders):
    rows = []
    for i in range(orders):
        for k, status in enumerate(("pending", "pending", "success")):
            t = START + dt.timedelta(minutes=7 * i, seconds=5 * k)
            rows.append(f"{t:%Y-%m-%d %H:%M:%S},{100 + i % 50}.00,{status},CNY,wechat,工商银行(4321),REF{i:08d},,")
    write_attempts(out, rows)
    print(f"{out}: {orders} orders, {len(rows)} attempt rows")


def long(out, chars):
    words = ("abcdefg " * (chars // 8 + 1))[:chars]
    solid = "x" * chars
    rows = []
    for k, cell in enumerate([words, solid, "咖啡"]):
        ts = (START + dt.timedelta(hours=9 + k)).strftime("%Y-%m-%d %H:%M:%S")
        rows.append(f'{ts},商户消费,某商户,"{cell}",支出,¥{12 + k}.00,零钱,支付成功,42000{k:010d}\t,M{k}\t,"/"')
    write_wechat(out, rows, 1)
    print(f"{out}: one WeChat export with cells of {chars} characters")


def main():
    mode, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    if mode == "equal":
        equal(out, *map(int, sys.argv[3:7]))
    elif mode == "chains":
        chains(out, int(sys.argv[3]))
    elif mode == "long":
        long(out, int(sys.argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
