"""What a sentence measures, and whether a figure is a level or a change: keyword grammar.

Each constant is a regular expression over a sentence (or the words just before a figure); the
mapping reads them. Kept as named constants so a test can pin each reading.
"""

from __future__ import annotations

import re

I = re.IGNORECASE  # noqa: E741

TREASURIES = re.compile(
    r"Treasur(?:y|ies)|U\.?S\.?\s+(?:government\s+)?(?:debt|bonds|securities)|\bUS\s+debt|American\s+debt|"
    r"T-bills|T-bonds|\bUSTs?\b|米国債", I)
FX_RESERVES = re.compile(
    r"(?:foreign(?:[- ]exchange)?|forex|FX|foreign[- ]currency|currency|official)\s+reserves?\b|reserve\s+assets|"
    r"外貨準備"
    r"|外汇储备",
    I)
HOLDINGS = re.compile(r"\bhold(?:ings|ers?|s|ing)?\b|\bheld\b|\bowned\b|\bownership\b"
                      r"|\bstake\b|\bpositions?\b|\bsold\b|\bbought\b|\bcut\b"
                      r"|\breduced\b|\badded\b|\bpared\b|\btrimmed\b", I)
GOLD = re.compile(r"\bgold\b|bullion|金準備|黄金", I)
NOT_OFFICIAL_GOLD = re.compile(
    r"\bETFs?\b|exchange-traded|jewel(?:le)?ry|\bmine(?:s|rs|d)?\b|mining|\bdemand\b|\bsupply\b|imports?|exports?|"
    r"\bbars?\b|\bcoins?\b|retail|investors?\b", I)
OTHER_COMMODITY = re.compile(r"\b(?:oil|crude|wheat|silver|copper|steel|coal|rice|soybeans?|corn|CO2|carbon|LNG)\b",
                             I)
INTERVENTION = re.compile(
    r"interven\w*|yen[- ]buying|yen[- ]selling|(?:bought|buy(?:ing)?|sold|sell(?:ing)?)\s+(?:the\s+)?yen\b|"
    r"(?:prop(?:ping)?\s+up|support(?:ing)?|defend(?:ing)?|shore\s+up)\s+the\s+(?:yen|currency)|"
    r"(?:currency|market)\s+operations|為替介入|"
    r"(?:stabili[sz]e|slow|stem|support|prop\s+up)\s+the\s+(?:yen|currency)", I)
#: Words before a figure that make it a forecast or an estimate, not a reported figure.
FORECAST = re.compile(r"(?:\b(?:expectations?\s+of|expected|forecasts?|forecasting|predicted|estimates?\s+of|estimated|"
                      r"poll(?:ed)?|median\s+estimate|projected|consensus)\b(?:\s+\S+){0,6}|\b(?:would|could|might|"
                      r"will|may)\s+(?:\w+\s+)?(?:rise|fall|reach|hit|top|exceed|be|climb|drop|increase|decrease|"
                      r"surpass)(?:\s+(?:to|by|above|below))?)\s*$", I)
#: Money set aside for interventions, not spent on one.
BUDGET = re.compile(r"\bintervention\s+fund\b|\bbudget\b|\bamount\s+available\b|\bwar\s+chest\b|\bfirepower\b", I)
YEN_SOLD = re.compile(r"yen[- ]selling|(?:sold|sell(?:ing)?)\s+(?:the\s+)?yen\b|weaken\s+the\s+yen|dollar[- ]buying|"
                      r"(?:stem|curb|cap|check)\s+the\s+yen'?s\s+(?:rise|strength|gains|appreciation)|"
                      r"sell\s+(?:a\s+total\s+of\s+)?\S+\s+(?:trillion|billion)?\s*(?:yen\s+)?for\s+the\s+"
                      r"(?:U\.S\.\s+)?dollar", I)
YEN = re.compile(r"\byen\b|USD/JPY|dollar/yen|dollar-yen|円", I)
AVERAGE = re.compile(r"\baverag\w*|\bmean\b", I)
#: The yen at its weakest (USD/JPY at a high) or strongest (a low), said either way round.
YEN_WEAK = re.compile(
    r"yen\W+(?:\w+\W+){0,5}?(?:weak\w*|low\w*|slump\w*|fell|fall\w*|slid|sliding|depreciat\w*|plung\w*|tumbl\w*|"
    r"sank|sink\w*)|(?:weak\w*|low\w*)\s+(?:\w+\s+){0,3}(?:for\s+the\s+)?yen|"
    r"dollar\W+(?:\w+\W+){0,5}?(?:high\w*|strong\w*|peak\w*|rose|ris\w+|climb\w*|jump\w*|surg\w*)|"
    r"yen\W+(?:\w+\W+){0,3}?(?:beyond|past|above|weaker\s+than)", I)
YEN_STRONG = re.compile(
    r"yen\W+(?:\w+\W+){0,5}?(?:strong\w*|high\w*|rall\w*|rebound\w*|surg\w*|jump\w*|climb\w*|rose|ris\w+|"
    r"appreciat\w*)|dollar\W+(?:\w+\W+){0,5}?(?:low\w*|weak\w*|fell|fall\w*|slid|slump\w*|tumbl\w*)", I)

UP_WORDS = (r"rose|rise|rising|rises|increased|increase|increases|increasing|grew|grow|growing|gained|gain|gains|"
            r"added|adding|adds|add|boosting|boosts|lifted|lifting|lifts|lift|bought|buying|buys|purchased|purchases|purchasing|acquired|jumped|jump|climbed|"
            r"boosted|raised|raising|expanded|rebounded|rebound|rebounds|recovered|inflows?|net\s+buying|"
            r"topped\s+up|up")
DOWN_WORDS = (r"fell|fall|falling|falls|dropped|drop|drops|declined|decline|declines|declining|decreased|decrease|"
              r"decreases|reduced|reduce|reducing|reduction|cut|cutting|cuts|sold|selling|sells|sell|sales|shed|"
              r"slid|slipped|trimmed|dumped|offloaded|outflows?|net\s+selling|lowered|shrank|down")
UP = re.compile(rf"\b(?:{UP_WORDS})\b", I)
DOWN = re.compile(rf"\b(?:{DOWN_WORDS})\b", I)
CHANGE_WORD = re.compile(rf"\b(?:{UP_WORDS}|{DOWN_WORDS})\b", I)

#: Hedges and fillers stripped from the words before a figure before reading them.
HEDGES = re.compile(
    r"(?:\b(?:about|around|nearly|almost|roughly|some|just|approximately|an\s+estimated|a\s+record|record|a\s+further|"
    r"another|a\s+net|net|a\s+total\s+of|total|a|an|the|its|their|holdings|only|over|more\s+than|less\s+than|"
    r"under|close\s+to|a\s+full|full|slightly|further|sharply|modestly)\s*)$", I)
BY = re.compile(r"\bby\s*$|\bby\s+(?:a\s+)?(?:smaller|larger|bigger|similar|further)?\s*amount\s+of\s*$", I)
CHANGE_NOUN_OF = re.compile(
    r"\b(?:increase|decrease|rise|drop|fall|decline|reduction|gain|loss|purchases|sales|buying|selling|inflows?|"
    r"outflows?|addition|additions|jump|cut)\s+of\s*$", I)
CHANGE_VERB_END = re.compile(rf"\b(?:{UP_WORDS}|{DOWN_WORDS})\s*$", I)
FROM = re.compile(r"\bfrom\s*$", I)
LEVEL_END = re.compile(
    r"\b(?:to|at|of|was|were|is|are|stood\s+at|standing\s+at|totaled|totalled|totaling|totalling|totals|reached|"
    r"reaching|hit|hitting|held|holds|hold|holding|amounted\s+to|amounting\s+to|became|worth|touched|past|beyond|"
    r"above|below|near|with|since|valued\s+at|level\s+of|high\s+of|low\s+of|peak\s+of|averaged|averaging|traded\s+at|"
    r"trading\s+at|as\s+high\s+as|as\s+low\s+as|where|had|has|have|owned|owns|own|reach|stood|came\s+to|"
    r"accounted\s+for|position\s+of|steady\s+at|pool\s+of|record\s+of|tally\s+of|total\s+of|portfolio\s+of|"
    r"was\s+at|were\s+at|vs\.?|versus|compared\s+(?:to|with))\s*$|[:=]\s*$", I)
CHANGE_AFTER = re.compile(r"^\s*(?:net\s+)?(?:increase|rise|gain|drop|decline|decrease|fall|reduction|jump|"
                          r"of\s+(?:net\s+)?(?:purchases|buying|sales|selling))\b", I)
#: Words that name a rank: (pattern, rank).
SUPERLATIVE_HIGH = re.compile(r"\b(?:highest|high|most|largest|biggest|strongest|peak|record)\b", I)
SUPERLATIVE_LOW = re.compile(r"\b(?:lowest|low|least|smallest|weakest|trough)\b", I)


def strip_hedges(before: str) -> str:
    while True:
        stripped = HEDGES.sub("", before).rstrip()
        if stripped == before.rstrip():
            return stripped
        before = stripped


def reading(before: str, after: str) -> tuple[str | None, int]:
    """('level' | 'change' | 'from' | None, sign) from the words before and after a figure."""
    words = strip_hedges(before)
    if BY.search(words) or CHANGE_NOUN_OF.search(words):
        return "change", _sign(words)
    if CHANGE_VERB_END.search(words):
        return "change", _sign(words)
    if FROM.search(words):
        return "from", 0
    if LEVEL_END.search(words):
        return "level", 0
    if CHANGE_AFTER.search(after):
        return "change", _sign(after[:40]) or _sign(words)
    return None, 0


def _sign(words: str) -> int:
    """+1 / -1 from the last change word in `words`; 0 if none."""
    last = None
    for m in CHANGE_WORD.finditer(words):
        last = m
    if last is None:
        return 0
    return -1 if DOWN.fullmatch(last.group(0)) else 1
