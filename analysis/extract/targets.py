"""What a figure can be a claim about: one declared table of the datasets the extractor checks against.

Each `Target` says which dataset answers which measure ("treasuries", "reserves", "gold", "share"), for
which subjects (a TIC holder, an economy's reserves, an IMF gold series, a currency), in which units,
from when, with what publication lag and which known explanations. `targets_for(measure, subject)`
lists the targets in the order they are preferred; the mapping checks against the first whose subject,
unit and period fit and keeps the others as fallbacks for a month the first has no figure for (China's
gold between two IMF quarters: SAFE's monthly figure), so a new dataset is a new row here, not a new
branch in the mapping.

Series words (`COMPONENTS`) name a reserve component ("foreign securities", "deposits", "SDRs",
"gold") and currencies name a COFER share ("the euro's share").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from data_sources.catalogue import CATALOGUE

from .subjects import Subject

USD_UNITS = frozenset({"USD bn", "USD trn", "USD m", "USD 100m"})
WEIGHT_UNITS = frozenset({"tonnes", "m oz", "oz"})

#: Publication lags come from the catalogue (`DatasetSpec.first_published_days`): a month named without
#: a year in an article must have been out by its date.
TIC_LAG_DAYS = CATALOGUE["treasury_holdings"].first_published_days
RESERVES_LAG_DAYS = CATALOGUE["japan_reserves"].first_published_days
COFER_LAG_DAYS = CATALOGUE["reserve_currencies"].first_published_days


@dataclass(frozen=True)
class Target:
    dataset: str
    measure: str  # treasuries | reserves | gold | share
    units: frozenset[str]
    subject: str  # tic | japan | china | gold | currency
    first: date = date(1900, 1, 1)  # the first month the dataset holds for this target
    explain: tuple[str, ...] = ()
    label: str = ""

    @property
    def lag(self) -> int:
        """The publisher's lag, as the catalogue declares it."""
        return CATALOGUE[self.dataset].first_published_days


#: The declared table, preferred first.
TARGETS: tuple[Target, ...] = (
    Target("treasury_holdings", "treasuries", USD_UNITS, "tic", date(2000, 3, 1), ("revision",)),
    Target("japan_reserves", "reserves", USD_UNITS, "japan", date(2000, 4, 1), (),
           "Japan's reserves"),
    Target("china_reserves", "reserves", USD_UNITS, "china", date(2021, 1, 1), (),
           "China's reserves"),
    Target("gold_reserves", "gold", WEIGHT_UNITS, "gold", date(1950, 1, 1), ()),
    Target("china_reserves", "gold", WEIGHT_UNITS, "china", date(2021, 1, 1), (),
           "China's gold (SAFE, monthly)"),
    Target("reserve_currencies", "share", frozenset({"%"}), "currency", date(1999, 1, 1), (),
           "share of allocated reserves"),
)

#: Reserve components: (pattern, Japan's series, China's series). The headline ("foreign reserves",
#: "foreign exchange reserves") is Japan's total and China's foreign-currency reserves (SAFE's 外汇储备).
COMPONENTS: tuple[tuple[re.Pattern[str], str, str | None], ...] = tuple(
    (re.compile(p, re.IGNORECASE), japan, china) for p, japan, china in (
        (r"\b(?:foreign\s+)?(?:currency[- ]denominated\s+)?securities\b", "securities", None),
        (r"\b(?:foreign\s+currency\s+)?deposits\b", "deposits", None),
        (r"\bspecial\s+drawing\s+rights\b|\bSDRs?\b", "sdrs", "sdrs"),
        (r"\bIMF\s+reserves?(?:\s+positions?)?\b|\breserve\s+positions?\s+in\s+the\s+IMF\b", "imf_reserve_position",
         "imf_reserve_position"),
        (r"\bforeign\s+currency\s+reserves\b", "foreign_currency_reserves", "foreign_currency_reserves"),
        (r"\bgold(?:\s+reserves)?\b", "gold", "gold"),
        (r"\b(?:total\s+)?(?:official\s+)?reserve\s+assets\b", "total", "total"),
        (r"\b(?:foreign(?:[- ]exchange)?|forex|FX|foreign[- ]currency|currency)\s+reserves?\b|\breserves\b",
         "total", "foreign_currency_reserves"),
    ))

#: Currencies of the COFER shares.
CURRENCIES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.IGNORECASE), s) for p, s in (
    (r"\bCanadian\s+dollars?\b|\bloonie\b", "CAD_share"),
    (r"\bAustralian\s+dollars?\b|\bAussie\b", "AUD_share"),
    (r"\b(?:US|U\.S\.|American)\s+dollar'?s?\b|\bdollar'?s?\b|\bgreenback'?s?\b|\bUSD\b", "USD_share"),
    (r"\beuro'?s?\b", "EUR_share"),
    (r"\b(?:Japanese\s+)?yen'?s?\b", "JPY_share"),
    (r"\b(?:British\s+)?pounds?(?:\s+sterling)?'?s?\b|\bsterling\b", "GBP_share"),
    (r"\b(?:Chinese\s+)?(?:yuan|renminbi|RMB)'?s?\b", "CNY_share"),
    (r"\bSwiss\s+francs?\b", "CHF_share"),
    (r"\"?\bother\"?\s+(?:currencies|category)\b|\ball\s+others\b", "other_share"),
))
SHARE_WORDS = re.compile(r"\bshare\b|\baccounted\s+for\b|\ballocated\b|\bcomposition\b|\bCOFER\b|"
                         r"\breserve\s+currenc|\breserves\s+(?:across|by)\s+(?:major\s+|different\s+)?currenc",
                         re.IGNORECASE)


def targets_for(measure: str, unit: str) -> list[Target]:
    return [t for t in TARGETS if t.measure == measure and unit in t.units]


def subject_series(target: Target, subject: Subject | None, component: str | None) -> tuple[str | None, str]:
    """(the series of `target` that `subject` names, or None with why)."""
    if target.subject == "tic":
        if subject is None:
            return None, "no holder is named"
        if subject.tic is None:
            return None, f"Treasury's holder table has no line for {subject.label}"
        return subject.tic, ""
    if target.subject == "japan":
        return (component or "total", "") if subject is not None and subject.iso3 == "JPN" else (None, "")
    if target.subject == "china":
        if subject is None or subject.iso3 != "CHN":
            return None, ""
        if target.measure == "gold":
            return None, ""  # chosen by unit in `china_gold_series`
        return component or "foreign_currency_reserves", ""
    if target.subject == "gold":
        if subject is None or subject.gold is None:
            return None, "no economy (or central banks worldwide) is named"
        return subject.gold, ""
    return None, ""


def china_gold_series(unit: str) -> str:
    return {"tonnes": "gold_volume_tonnes", "m oz": "gold_volume_moz", "oz": "gold_volume_moz"}.get(unit, "gold")


def component_at(before: str, china: bool = False, sentence: str = "") -> str | None:
    """The reserve component named last in the words before a figure, as Japan's (or China's) series
    (None: none is named). Japan's "foreign currency reserves" is its headline unless other components
    are listed beside it in the `sentence`."""
    best: tuple[int, int] | None = None
    for i, (pattern, _, _) in enumerate(COMPONENTS):
        for m in pattern.finditer(before):
            if best is None or m.end() > best[0]:
                best = (m.end(), i)
    if best is None:
        return None
    _, japan, chinese = COMPONENTS[best[1]]
    if japan == "foreign_currency_reserves" and not china and not re.search(
            r"\bIMF\b|\bSDRs?\b|special\s+drawing|\bdeposits\b|\bsecurities\b", sentence or before, re.IGNORECASE):
        return "total"
    return chinese if china else japan


def currency_at(before: str) -> str | None:
    """The COFER share series of the currency named last in the words before a figure."""
    best: tuple[int, str] | None = None
    for pattern, series in CURRENCIES:
        for m in pattern.finditer(before):
            if best is None or m.end() > best[0] or (m.end() == best[0] and series != "USD_share"):
                best = (m.end(), series)
    return best[1] if best else None
