"""Who or what a figure is about: an economy (from the ISO3 / TIC holder table) or a group of holders.

`find_subjects(text)` returns each mention with its span. An economy mention carries its ISO3 code
and, when Treasury lists it, its TIC holder name; group mentions name the series directly:
"foreign holdings" → TIC "Grand Total", "foreign official" → "Foreign Official", "central banks
worldwide" → the IMF's world total G001.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from data_sources.economies import NAMES, TIC_ISO3

#: Other names and demonyms → ISO3. ("The U.S." is an economy for gold; Treasury lists no US holder.)
ALIASES: dict[str, str] = {
    "China": "CHN", "mainland China": "CHN", "Chinese": "CHN", "Beijing": "CHN",
    "Japan": "JPN", "Japanese": "JPN", "Tokyo": "JPN",
    "Britain": "GBR", "the UK": "GBR", "the U.K.": "GBR", "UK": "GBR", "U.K.": "GBR", "British": "GBR",
    "Great Britain": "GBR",
    "South Korea": "KOR", "Korea": "KOR", "Korean": "KOR", "South Korean": "KOR",
    "Turkey": "TUR", "Türkiye": "TUR", "Turkiye": "TUR", "Turkish": "TUR",
    "India": "IND", "Indian": "IND", "Poland": "POL", "Polish": "POL", "Russia": "RUS", "Russian": "RUS",
    "Switzerland": "CHE", "Swiss": "CHE", "Canada": "CAN", "Canadian": "CAN", "Belgium": "BEL", "Belgian": "BEL",
    "Luxembourg": "LUX", "Cayman Islands": "CYM", "the Caymans": "CYM", "Taiwan": "TWN", "Taiwanese": "TWN",
    "Hong Kong": "HKG", "Singapore": "SGP", "Ireland": "IRL", "Irish": "IRL", "France": "FRA", "French": "FRA",
    "Germany": "DEU", "German": "DEU", "Saudi Arabia": "SAU", "Saudi": "SAU", "Brazil": "BRA", "Brazilian": "BRA",
    "Norway": "NOR", "Norwegian": "NOR", "Israel": "ISR", "Mexico": "MEX", "Czech Republic": "CZE",
    "Czechia": "CZE", "Czech": "CZE", "Hungary": "HUN", "Uzbekistan": "UZB", "Kazakhstan": "KAZ",
    "Qatar": "QAT", "Singaporean": "SGP", "Thailand": "THA", "Philippines": "PHL", "Iraq": "IRQ",
    "the United States": "USA", "the U.S.": "USA", "the US": "USA", "America": "USA",
    # central banks and reserve managers, for the reserves and gold they hold
    "People's Bank of China": "CHN", "PBOC": "CHN", "PBoC": "CHN", "the PBOC": "CHN", "SAFE": "CHN",
    "State Administration of Foreign Exchange": "CHN", "Bank of Japan": "JPN", "BOJ": "JPN", "BoJ": "JPN",
    "Reserve Bank of India": "IND", "RBI": "IND", "National Bank of Poland": "POL", "NBP": "POL",
    "Central Bank of the Republic of Turkey": "TUR", "Bank of Russia": "RUS", "Czech National Bank": "CZE",
    "Swiss National Bank": "CHE", "Bank of Korea": "KOR", "Reserve Bank of Australia": "AUS",
}
#: ISO3 codes whose TIC holder name is not the economy's own display name.
TIC_BY_ISO3: dict[str, str] = {iso: name for name, iso in TIC_ISO3.items()}

#: Groups: (pattern, TIC series or None, IMF gold series or None, label).
GROUPS: tuple[tuple[str, str | None, str | None, str], ...] = (
    (r"foreign\s+official(?:\s+(?:holders|institutions|accounts|holdings))?|official\s+(?:foreign\s+)?holders"
     r"|foreign\s+central\s+banks(?=[^.]*Treasur)", "Foreign Official", None, "foreign official holders"),
    (r"(?:total\s+)?foreign\s+(?:holdings|holders|investors|ownership)|overseas\s+(?:holdings|investors|holders)"
     r"|foreigners", "Grand Total", None, "all foreign holders"),
    (r"central\s+banks\s+(?:worldwide|globally|around\s+the\s+world|across\s+the\s+world)|(?:global|world(?:'s)?)"
     r"\s+central\s+banks|the\s+world's\s+(?:official\s+)?gold\s+(?:reserves|holdings)|global\s+(?:official\s+)?gold"
     r"\s+(?:reserves|holdings)", None, "G001", "central banks worldwide"),
    (r"foreign[- ](?:held|owned)|overall\s+foreign\s+holdings|\boverall,?\s+(?:holdings|holders)\b", "Grand Total",
     None, "all foreign holders"),
)


@dataclass(frozen=True)
class Subject:
    span: tuple[int, int]
    printed: str
    label: str
    iso3: str | None = None
    tic: str | None = None  # TIC holder (series of treasury_holdings)
    gold: str | None = None  # IMF series of gold_reserves

    @property
    def is_economy(self) -> bool:
        return self.iso3 is not None


@cache
def _economy_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for iso, name in NAMES.items():
        if iso not in ("G001", "G163"):
            names[name] = iso
    for tic, iso in TIC_ISO3.items():
        names[tic] = iso
    names |= ALIASES
    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in ordered) + r")(?![\w])(?:'s|’s)?")
    return pattern, names


@cache
def _group_pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<g{i}>{p})" for i, (p, *_rest) in enumerate(GROUPS)), re.IGNORECASE)


def find_subjects(text: str) -> list[Subject]:
    pattern, names = _economy_pattern()
    out = []
    for m in pattern.finditer(text):
        name = re.sub(r"(?:'s|’s)$", "", m.group(0))
        iso = names[name]
        label = NAMES.get(iso, name) if iso != "CHN" else "China"
        out.append(Subject(m.span(), m.group(0), label, iso, TIC_BY_ISO3.get(iso), iso))
    taken = [s.span for s in out]
    for m in _group_pattern().finditer(text):
        if any(m.start() < b and a < m.end() for a, b in taken):
            continue
        index = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
        _, tic, gold, label = GROUPS[index]
        out.append(Subject(m.span(), m.group(0), label, None, tic, gold))
    return sorted(out, key=lambda s: s.span)
