#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from the project's own fixtures (tests/fixtures/ingest, samples).

Run from the repository root: `python3 fuzz/init-corpus.py`, then minimise with
`cargo +nightly fuzz cmin -s none -a TARGET` (see fuzz/README.md). Seeds are named `seed-*`;
cmin renames what it keeps to content hashes.

A fuzzer input's first byte is a selector (fuzz/src/lib.rs, `entry_bytes`): 0 puts nothing
before the rest, other values put a real header (and preamble) first. Each fixture is seeded
whole behind selector 0 and, as data rows only, behind the selectors of its own layout.
"""

import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "ingest"
SAMPLES = ROOT / "samples"
CORPUS = ROOT / "fuzz" / "corpus"


def rows_after(data: bytes, marker: str, encoding: str) -> bytes:
    """The lines after the header line (the first line containing `marker`)."""
    lines = data.split(b"\n")
    for i, line in enumerate(lines):
        if marker in line.decode(encoding, errors="replace"):
            return b"\n".join(lines[i + 1 :])
    raise SystemExit(f"no header with {marker!r}")


def gbk_to_utf8(data: bytes) -> bytes:
    return data.decode("gb18030", errors="replace").encode("utf-8")


def crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def seed(target: str, selector: int, body: bytes) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    data = bytes([selector]) + body
    name = hashlib.sha1(data).hexdigest()[:16]
    (folder / f"seed-{name}").write_bytes(data)


def read(path: pathlib.Path) -> bytes:
    return path.read_bytes()


# Selectors: index into the prefix lists in fuzz/src/lib.rs.
ALIPAY = {"app": 1, "app-preamble": 2, "app-preamble-gbk": 3, "web-preamble-gbk": 4, "web": 5}
WECHAT = {"header": 1, "preamble": 2, "bom": 3, "crlf": 4}
ICBC = {"header": 1, "preamble": 2, "preamble-gbk": 3, "full-width": 4}
ATTEMPTS = {"short": 1, "long": 2, "crlf": 3}
# pipeline: 0 none, then alipay 1-5, wechat 6-9, icbc 10-13, attempts 14-16.
PIPE_ALIPAY, PIPE_WECHAT, PIPE_ICBC, PIPE_ATTEMPTS = 0, 5, 9, 13


def main() -> None:
    alipay_app = [FIX / "alipay/alipay-2022.csv", FIX / "alipay/alipay-2023.csv", FIX / "alipay/alipay-malformed.csv"]
    alipay_web = [FIX / "alipay/alipay-web.csv"]
    wechat = sorted((FIX / "wechat").glob("*.csv")) + [SAMPLES / "wechat-2026-10-10_2026-10-31.csv"]
    icbc_utf8 = [FIX / "icbc/debit-2024.csv", FIX / "icbc/debit-malformed.csv", SAMPLES / "icbc-4321-2026-10.csv"]
    icbc_narrow = [FIX / "icbc/debit-2023.csv"]
    icbc_gbk = [FIX / "icbc/debit-2024-gbk.csv"]
    attempts = [SAMPLES / "attempts.csv"]

    for target, files in [
        ("alipay", alipay_app + alipay_web + [SAMPLES / "alipay-2026-09-01_2026-10-31.csv"]),
        ("wechat", wechat),
        ("icbc", icbc_utf8 + icbc_narrow + icbc_gbk),
        ("attempts", attempts),
    ]:
        for f in files:
            seed(target, 0, read(f))

    for f in alipay_app:
        rows = rows_after(read(f), "交易订单号", "gb18030")
        seed("alipay", ALIPAY["app-preamble-gbk"], rows)
        seed("alipay", ALIPAY["app"], gbk_to_utf8(rows))
        seed("alipay", ALIPAY["app-preamble"], gbk_to_utf8(rows))
        seed("pipeline", PIPE_ALIPAY + ALIPAY["app-preamble-gbk"], rows)
    for f in alipay_web:
        rows = rows_after(read(f), "交易创建时间", "gb18030")
        seed("alipay", ALIPAY["web-preamble-gbk"], rows)
        seed("alipay", ALIPAY["web"], gbk_to_utf8(rows))
    for f in wechat:
        rows = rows_after(read(f).lstrip(b"\xef\xbb\xbf"), "交易单号", "utf-8")
        for sel in ("header", "preamble", "bom"):
            seed("wechat", WECHAT[sel], rows)
        seed("wechat", WECHAT["crlf"], crlf(rows))
        seed("pipeline", PIPE_WECHAT + WECHAT["preamble"], rows)
    for f in icbc_utf8:
        rows = rows_after(read(f), "交易日期", "utf-8")
        seed("icbc", ICBC["header"], rows)
        seed("icbc", ICBC["preamble"], rows)
        seed("pipeline", PIPE_ICBC + ICBC["preamble"], rows)
    for f in icbc_narrow:
        seed("icbc", ICBC["full-width"], rows_after(read(f), "交易日期", "utf-8"))
    for f in icbc_gbk:
        seed("icbc", ICBC["preamble-gbk"], rows_after(read(f), "摘要", "gb18030"))
    for f in attempts:
        rows = rows_after(read(f), "error_message", "utf-8")
        seed("attempts", ATTEMPTS["long"], rows)
        seed("attempts", ATTEMPTS["short"], b"\n".join(b",".join(r.split(b",")[:9]) for r in rows.split(b"\n")))
        seed("attempts", ATTEMPTS["crlf"], crlf(rows))
        seed("pipeline", PIPE_ATTEMPTS + ATTEMPTS["long"], rows)

    # mapping: selector low bits pick the layout, bit 7 puts its header first.
    for index, name in [(0, "cmb-credit"), (0, "cmb-credit-gbk"), (1, "gateway-attempts"), (2, "signed")]:
        data = read(FIX / f"mapping/{name}.csv")
        seed("mapping", index, data)
        header_at = 2 if index == 0 else 0
        seed("mapping", 0x80 | index, b"\n".join(data.split(b"\n")[header_at + 1 :]))

    # decode: raw bytes, as found and re-encoded.
    text = read(FIX / "wechat/wechat-plain.csv").decode("utf-8")
    for raw in [
        read(FIX / "wechat/wechat-plain.csv"),
        read(FIX / "wechat/wechat-bom-crlf.csv"),
        read(FIX / "icbc/debit-2024-gbk.csv"),
        read(FIX / "mapping/cmb-credit-gbk.csv"),
        text.encode("utf-16"),
        text.encode("utf-16-be"),
        text.encode("utf-16-le"),
        text.replace("\n", "\r").encode("utf-8"),
        text.encode("utf-8")[:700] + b"\xff\xfe" + text.encode("utf-8")[700:1400],
    ]:
        (CORPUS / "decode").mkdir(parents=True, exist_ok=True)
        (CORPUS / "decode" / f"seed-{hashlib.sha1(raw).hexdigest()[:16]}").write_bytes(raw)

    # values: amounts, dates, zones and `FORMAT|VALUE` pairs as the exports and options write them.
    values = [
        "¥28.16", "￥1,234.56", " 1,234.56\t", "-12.00", "(5.00)", "+3", "16.54元", "¥-0.10", "12,34.5", "1e309",
        "--5", "1.234,56", "50000000000000000000000000000", "0.0000000000000000000000000001", "−7.50", "CNY 100",
        "2026-03-04 21:13:05", "2026-03-04T13:13:05Z", "2023-05-02\t", "[2023-02-10 00:00:00]", "2026/03/04 21:13",
        "2024年03月02日", "2024年03月02日 10:00:00", "20240302", "2024.03.02", "+262142-12-31", "-262143-01-01 00:00",
        "9999-12-31T23:59:59-12:00", "0000-01-01", "2026-02-29", "2024-12-31 23:59:60",
        "%d/%m/%Y %H:%M|04/03/2026 21:13", "%d.%m.%Y|04.03.2026", "%Y%m%d%H%M%S|20240302101010", "%s|1700000000",
        "+08:00", "+0800", "-05:30", "UTC", "Z", "+14:00",
    ]
    for v in values:
        raw = v.encode("utf-8")
        (CORPUS / "values").mkdir(parents=True, exist_ok=True)
        (CORPUS / "values" / f"seed-{hashlib.sha1(raw).hexdigest()[:16]}").write_bytes(raw)

    # pipeline: each sample and fixture whole, and all samples at once as one concatenated file.
    everything = b""
    for f in sorted(SAMPLES.glob("*.csv")) + sorted(FIX.glob("*/*.csv")):
        seed("pipeline", 0, read(f))
    for f in sorted(SAMPLES.glob("*.csv")):
        everything += read(f)
    seed("pipeline", 0, everything[:65535])


if __name__ == "__main__":
    main()
