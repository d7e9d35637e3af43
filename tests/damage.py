"""Ways a publisher's file goes wrong in the real world, applied to the bytes of each publisher's
own layout: an HTML page with status 200, a cut-short or empty body, relabelled columns, a unit
change (×1000 / ÷1000) on the newest year only, a shrunk history, dates after the fetch day, and
garbage. Each function takes the healthy body and returns the damaged one."""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Callable

import openpyxl
import pandas as pd

Damage = Callable[[bytes], bytes]
FUTURE = pd.Timestamp.now().normalize() + pd.Timedelta(days=120)
HTML = b"<!DOCTYPE html>\n<html><head><title>Site maintenance</title></head><body>Back soon</body></html>"


def garbage(_: bytes) -> bytes:
    return random.Random(7).randbytes(3000)


def truncated(body: bytes) -> bytes:
    return body[: len(body) // 2]


def _num(text: str, factor: float) -> str:
    value = float(text.replace(",", "")) * factor
    return f"{value:.6f}".rstrip("0").rstrip(".")


# -- FRED: observation_date,SERIES -------------------------------------------------------------
FRED_ROW = re.compile(rb"^(\d{4}-\d{2}-\d{2}),([-\d.]+)\r?$")


def _fred_rows(body: bytes) -> list[bytes]:
    return body.split(b"\n")


def fred_scale(factor: float) -> Damage:
    def damage(body: bytes) -> bytes:
        lines = _fred_rows(body)
        dated = [i for i, line in enumerate(lines) if FRED_ROW.match(line)]
        last = pd.Timestamp(FRED_ROW.match(lines[dated[-1]])[1].decode())  # type: ignore[index]
        for i in dated:
            match = FRED_ROW.match(lines[i])
            assert match is not None
            if pd.Timestamp(match[1].decode()) > last - pd.Timedelta(days=365):
                lines[i] = match[1] + b"," + _num(match[2].decode(), factor).encode()
        return b"\n".join(lines)

    return damage


def fred_shrunk(body: bytes) -> bytes:
    lines = _fred_rows(body)
    dated = [i for i, line in enumerate(lines) if FRED_ROW.match(line)]
    drop = set(dated[: len(dated) // 2])
    return b"\n".join(line for i, line in enumerate(lines) if i not in drop)


def fred_future(body: bytes) -> bytes:
    lines = [line for line in _fred_rows(body) if line.strip()]
    value = FRED_ROW.match(lines[-1])[2]  # type: ignore[index]
    return b"\n".join([*lines, f"{FUTURE:%Y-%m-%d},".encode() + value]) + b"\n"


# -- TIC Table 5: Country<TAB>2026-04<TAB>2026-03…, newest month first ---------------------------
def _table5(body: bytes) -> tuple[list[list[str]], int]:
    rows = [line.split("\t") for line in body.decode("cp1252").split("\r\n")]
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Country")
    return rows, header


def _table5_bytes(rows: list[list[str]]) -> bytes:
    return "\r\n".join("\t".join(r) for r in rows).encode("cp1252")


def table5_scale(factor: float) -> Damage:
    def damage(body: bytes) -> bytes:
        rows, header = _table5(body)
        for row in rows[header + 1:]:
            if not any(row):
                break
            row[1:] = [_num(c, factor) if re.fullmatch(r"[\d.,]+", c.strip()) else c for c in row[1:]]
        return _table5_bytes(rows)

    return damage


def table5_shrunk(body: bytes) -> bytes:
    rows, header = _table5(body)
    for row in rows[header:]:
        if not any(row):
            break
        del row[1:4]  # the newest three months are gone
    return _table5_bytes(rows)


def table5_months(shift: int) -> Damage:
    """Relabel every month column `shift` months later (a header shifted by one, or the future)."""

    def damage(body: bytes) -> bytes:
        rows, header = _table5(body)
        rows[header][1:] = [(pd.Period(c, "M") + shift).strftime("%Y-%m") if re.fullmatch(r"\d{4}-\d{2}", c) else c
                            for c in rows[header][1:]]
        return _table5_bytes(rows)

    return damage


# -- TIC Table 3: long format, one row per country and month, millions -------------------------
def _table3(body: bytes) -> tuple[list[list[str]], int]:
    rows = [line.split("\t") for line in body.decode("cp1252").split("\r\n")]
    header = next(i for i, r in enumerate(rows) if r and r[0] == "country")
    return rows, header


def _table3_data(rows: list[list[str]], header: int) -> list[int]:
    return [i for i in range(header + 1, len(rows)) if len(rows[i]) > 3 and re.fullmatch(r"\d{4}-\d{2}", rows[i][2])]


def table3_scale(factor: float) -> Damage:
    """Every figure of the newest 12 months ×factor (holdings, net sales, valuation alike)."""
    def damage(body: bytes) -> bytes:
        rows, header = _table3(body)
        data = _table3_data(rows, header)
        newest = max(pd.Period(rows[i][2], "M") for i in data)
        for i in data:
            if pd.Period(rows[i][2], "M") > newest - 12:
                rows[i][3:] = [_num(c, factor) if re.fullmatch(r"-?[\d.,]+", c.strip()) else c for c in rows[i][3:]]
        return _table5_bytes(rows)

    return damage


def table3_shrunk(body: bytes) -> bytes:
    rows, header = _table3(body)
    data = _table3_data(rows, header)
    newest = max(rows[i][2] for i in data)
    return _table5_bytes([r for i, r in enumerate(rows) if i not in data or r[2] != newest])


def table3_future(body: bytes) -> bytes:
    rows, header = _table3(body)
    data = _table3_data(rows, header)
    ahead = [[*rows[i][:2], f"{FUTURE:%Y-%m}", *rows[i][3:]] for i in data if rows[i][0] == "Japan"][:1]
    return _table5_bytes(rows[: header + 1] + ahead + rows[header + 1:])


# -- MOF: CP932 CSV ---------------------------------------------------------------------------
def _mof_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("cp932"), newline="")))


def _mof_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("cp932")


def _is_number(cell: str) -> bool:
    return bool(re.fullmatch(r"-?[\d,]+(\.\d+)?", cell.strip()))


def mof_ops_scale(factor: float) -> Damage:
    """Every amount (operations and their quarter totals) from the newest year's first row on."""

    def damage(body: bytes) -> bytes:
        rows = _mof_rows(body)
        starts = [i for i, r in enumerate(rows)
                  if len(r) > 6 and r[0].startswith(("平成", "令和")) and "期計" not in r[0]]
        for row in rows[starts[-1]:]:
            if len(row) > 6 and _is_number(row[6]):
                row[6] = _num(row[6], factor)
        return _mof_bytes(rows)

    return damage


def mof_ops_future(body: bytes) -> bytes:
    rows = _mof_rows(body)
    last = max(i for i, r in enumerate(rows) if len(r) > 6 and _is_number(r[6]))
    year = FUTURE.year
    era = f"令和{year - 2018}年"
    new = [era, f"{FUTURE.month}月", f"{FUTURE.day}日", str(year), f"{FUTURE:%b}", str(FUTURE.day), "1,000",
           "米ドル売り・日本円買い", "the US dollar (sold) the Japanese yen (bought)"]
    quarter = [f"{era}{FUTURE.month}月～{FUTURE.month}月期計", "", "", f"{FUTURE:%B} - {FUTURE:%B} {year}", "", "",
               "1,000", "", ""]
    return _mof_bytes([*rows[: last + 1], new, quarter, *rows[last + 1:]])


def mof_ops_shrunk(body: bytes) -> bytes:
    rows = _mof_rows(body)
    data = [i for i, r in enumerate(rows) if len(r) > 6 and r[0].startswith(("平成", "令和")) and "期計" not in r[0]]
    return _mof_bytes(rows[: data[0]] + rows[data[1]:])  # the first year's operations are gone


def _reserve_rows(rows: list[list[str]]) -> list[int]:
    return [i for i, r in enumerate(rows) if len(r) > 4 and r[3].strip() and _is_number(r[4])]


def mof_reserves_scale(factor: float) -> Damage:
    def damage(body: bytes) -> bytes:
        rows = _mof_rows(body)
        for i in _reserve_rows(rows)[-12:]:
            rows[i][4:17] = [_num(c, factor) if _is_number(c) else c for c in rows[i][4:17]]
        return _mof_bytes(rows)

    return damage


def mof_reserves_future(body: bytes) -> bytes:
    rows = _mof_rows(body)
    last = _reserve_rows(rows)[-1]
    new = list(rows[last])
    new[:4] = [f"令和{FUTURE.year - 2018}年", f"{FUTURE.month}月", str(FUTURE.year), f"{FUTURE:%B}"]
    return _mof_bytes([*rows[: last + 1], new, *rows[last + 1:]])


def mof_reserves_shrunk(body: bytes) -> bytes:
    rows = _mof_rows(body)
    data = _reserve_rows(rows)
    return _mof_bytes(rows[: data[0]] + rows[data[6]:])


# -- IMF SDMX-CSV: …,COUNTRY,…,TIME_PERIOD,OBS_VALUE ------------------------------------------------
def _imf(body: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(body), dtype=str)


def _imf_bytes(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False, lineterminator="\r\n").encode()


def _period(text: str) -> pd.Period:
    year, month = text.split("-M")
    return pd.Period(year=int(year), month=int(month), freq="M")


def imf_scale(factor: float) -> Damage:
    def damage(body: bytes) -> bytes:
        table = _imf(body)
        periods = table["TIME_PERIOD"].map(_period)
        newest = periods >= periods.max() - 11
        table.loc[newest, "OBS_VALUE"] = table.loc[newest, "OBS_VALUE"].map(lambda v: _num(v, factor))
        return _imf_bytes(table)

    return damage


def imf_shrunk(body: bytes) -> bytes:
    table = _imf(body)
    periods = table["TIME_PERIOD"].map(_period)
    return _imf_bytes(table[periods > periods.min()])


def imf_future(body: bytes) -> bytes:
    table = _imf(body)
    row = table.iloc[[-1]].copy()
    row["TIME_PERIOD"] = f"{FUTURE.year}-M{FUTURE.month:02d}"
    return _imf_bytes(pd.concat([table, row]))


# -- World Bank Pink Sheet: xlsx, sheet "Monthly Prices", labels 1960M01 ------------------------------
def _pink(body: bytes, edit: Callable[[openpyxl.worksheet.worksheet.Worksheet, int, list[int]], None]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book["Monthly Prices"]
    gold = next(c.column for row in sheet.iter_rows(max_row=10) for c in row if c.value == "Gold")
    data = [c.row for c in sheet["A"] if isinstance(c.value, str) and re.fullmatch(r"\d{4}M\d{2}", c.value)]
    edit(sheet, gold, data)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pink_scale(factor: float) -> Damage:
    def edit(sheet, gold, data) -> None:
        for row in data[-12:]:
            cell = sheet.cell(row=row, column=gold)
            if isinstance(cell.value, (int, float)):
                cell.value = cell.value * factor

    return lambda body: _pink(body, edit)


def pink_shrunk(body: bytes) -> bytes:
    def edit(sheet, gold, data) -> None:
        sheet.delete_rows(data[0], len(data) // 2)

    return _pink(body, edit)


def pink_future(body: bytes) -> bytes:
    def edit(sheet, gold, data) -> None:
        row = data[-1] + 1
        sheet.cell(row=row, column=1, value=f"{FUTURE.year}M{FUTURE.month:02d}")
        sheet.cell(row=row, column=gold, value=sheet.cell(row=data[-1], column=gold).value)

    return _pink(body, edit)


def renamed_sheet(body: bytes) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(body))
    book["Monthly Prices"].title = "Prices"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- IMF COFER SDMX-CSV: periods 2024-Q4 ------------------------------------------------------------
def _quarter(text: str) -> pd.Period:
    return pd.Period(text.replace("-Q", "Q"), freq="Q")


def cofer_scale(factor: float) -> Damage:
    """Every figure of the newest four quarters (shares and amounts alike)."""
    def damage(body: bytes) -> bytes:
        table = _imf(body)
        periods = table["TIME_PERIOD"].map(_quarter)
        newest = periods >= periods.max() - 3
        table.loc[newest, "OBS_VALUE"] = table.loc[newest, "OBS_VALUE"].map(lambda v: _num(v, factor))
        return _imf_bytes(table)

    return damage


def cofer_shrunk(body: bytes) -> bytes:
    table = _imf(body)
    periods = table["TIME_PERIOD"].map(_quarter)
    return _imf_bytes(table[periods > periods.min()])


def cofer_future(body: bytes) -> bytes:
    table = _imf(body)
    newest = table[table["TIME_PERIOD"] == table["TIME_PERIOD"].map(_quarter).max().strftime("%Y-Q%q")].copy()
    newest["TIME_PERIOD"] = f"{FUTURE.year}-Q{FUTURE.quarter}"
    return _imf_bytes(pd.concat([table, newest]))


# -- SAFE Official Reserve Assets: xlsx, header '项目 Item', month pairs 2026.01 -------------------------
def _safe(body: bytes, edit: Callable[[openpyxl.worksheet.worksheet.Worksheet, int, list[int]], None]) -> bytes:
    """`edit(sheet, header_row, usd_columns)`: the month columns that hold figures, oldest first."""
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book.worksheets[0]
    header = next(c.row for c in sheet["A"] if c.value and "Item" in str(c.value))
    total = next(c.row for c in sheet["A"] if c.value and "合计" in str(c.value))
    filled = [c.column for c in sheet[total][1:] if c.value not in (None, "") and c.column % 2 == 0]
    edit(sheet, header, filled)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def safe_scale(factor: float) -> Damage:
    def edit(sheet, header, filled) -> None:
        for row in sheet.iter_rows(min_row=header + 2):
            for cell in row[1:]:
                if isinstance(cell.value, str) and re.fullmatch(r"-?[\d.]+\xa0?", cell.value):
                    cell.value = _num(cell.value.replace("\xa0", ""), factor) + "\xa0"

    return lambda body: _safe(body, edit)


def safe_shrunk(body: bytes) -> bytes:
    """The newest month's figures are gone (the column left empty)."""
    def edit(sheet, header, filled) -> None:
        for row in sheet.iter_rows(min_row=header + 3, min_col=filled[-1], max_col=filled[-1] + 1):
            for cell in row:
                cell.value = None

    return _safe(body, edit)


def safe_future(body: bytes) -> bytes:
    """The newest month's column relabelled as a month after the fetch day."""
    def edit(sheet, header, filled) -> None:
        sheet.cell(row=header, column=filled[-1], value=f"{FUTURE.year}.{FUTURE.month:02d}")

    return _safe(body, edit)


def _replace(old: bytes, new: bytes) -> Damage:
    return lambda body: body.replace(old, new)


#: Per dataset (its first resource): the damages that need to know the publisher's layout.
LAYOUT_DAMAGES: dict[str, dict[str, Damage]] = {
    "treasury_holdings": {"relabelled": _replace(b"Country", b"Holder"), "x1000": table5_scale(1000),
                          "div1000": table5_scale(0.001), "shrunk": table5_shrunk, "future": table5_months(12)},
    "usdjpy": {"relabelled": _replace(b"observation_date", b"period"), "x1000": fred_scale(1000),
               "div1000": fred_scale(0.001), "shrunk": fred_shrunk, "future": fred_future},
    "fed_custody": {"relabelled": _replace(b"observation_date", b"period"), "x1000": fred_scale(1000),
                    "div1000": fred_scale(0.001), "shrunk": fred_shrunk, "future": fred_future},
    "treasury_flows": {"relabelled": _replace(b"for_treas_net", b"for_treas_sales"), "x1000": table3_scale(1000),
                       "div1000": table3_scale(0.001), "shrunk": table3_shrunk, "future": table3_future},
    "fx_interventions": {"relabelled": _replace(b"Intervention Date", b"Date of intervention"),
                         "x1000": mof_ops_scale(1000), "div1000": mof_ops_scale(0.001), "shrunk": mof_ops_shrunk,
                         "future": mof_ops_future},
    "japan_reserves": {"relabelled": _replace(b"(3) SDRs,(4) Gold", b"(3) SDRs,(3b) Other,(4) Gold"),
                       "x1000": mof_reserves_scale(1000), "div1000": mof_reserves_scale(0.001),
                       "shrunk": mof_reserves_shrunk, "future": mof_reserves_future},
    "rates": {"relabelled": _replace(b"observation_date,DFF", b"observation_date,DFF,DFF_NOTE"),
              "x1000": fred_scale(1000), "div1000": fred_scale(0.001), "shrunk": fred_shrunk, "future": fred_future},
    "gold_reserves": {"relabelled": _replace(b"OBS_VALUE", b"VALUE"), "x1000": imf_scale(1000),
                      "div1000": imf_scale(0.001), "shrunk": imf_shrunk, "future": imf_future},
    "reserve_currencies": {"relabelled": _replace(b"OBS_VALUE", b"VALUE"), "x1000": cofer_scale(1000),
                           "div1000": cofer_scale(0.001), "shrunk": cofer_shrunk, "future": cofer_future},
    "china_reserves": {"relabelled": lambda body: _safe(body, lambda sheet, header, filled: [
                           sheet.cell(row=header + 1, column=c, value="万美元") for c in filled]),
                       "x1000": safe_scale(1000), "div1000": safe_scale(0.001), "shrunk": safe_shrunk,
                       "future": safe_future},
    "gold_price": {"relabelled": renamed_sheet, "x1000": pink_scale(1000), "div1000": pink_scale(0.001),
                   "shrunk": pink_shrunk, "future": pink_future},
}
COMMON: dict[str, Damage] = {"html200": lambda _: HTML, "truncated": truncated, "empty": lambda _: b"",
                             "garbage": garbage}
DAMAGES = ("html200", "truncated", "empty", "relabelled", "x1000", "div1000", "shrunk", "future", "garbage")


def damage(name: str, kind: str, body: bytes) -> bytes:
    return (COMMON.get(kind) or LAYOUT_DAMAGES[name][kind])(body)
