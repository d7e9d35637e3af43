"""The catalogue: every dataset the dashboard shows, described as data.

A dataset is one or more official resources (URL + pure parser), a function that combines their
frames, and what the UI needs to label it: publisher, attribution, licence, unit, frequency and
per-series titles. Adding a dataset means adding an entry here, not a branch anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from types import MappingProxyType

import pandas as pd

from . import economies
from .schedule import Cadence
from .sources import cofer, fred, imf, mof, safe, tic, tic_flows, worldbank
from .sources._common import conform

Parser = Callable[[bytes], pd.DataFrame]
Combiner = Callable[[Mapping[str, "pd.DataFrame | None"]], pd.DataFrame]
#: A dataset's own consistency rule: (expected, found, offending rows) when the frame breaks it, else None.
Check = Callable[[pd.DataFrame], "tuple[str, str, pd.DataFrame] | None"]


@dataclass(frozen=True)
class Source:
    """Who publishes the data and how they ask to be credited."""

    name: str
    attribution: str
    licence: str
    homepage: str


@dataclass(frozen=True)
class KeyedAlternative:
    """A second endpoint used when an API key is configured (FRED's JSON API)."""

    env: str
    url: str
    parse: Parser
    param: str = "api_key"
    expect: str = "the keyed API's answer"


@dataclass(frozen=True)
class Resource:
    """One official file: where it lives, how to read it, and what it should look like."""

    key: str
    url: str
    parse: Parser
    expect: str
    body: str = "text"  # "text", "xlsx" or "html": what a healthy response body looks like
    headers: Mapping[str, str] = field(default_factory=dict)
    optional: bool = False
    keyed: KeyedAlternative | None = None
    discovery_page: str | None = None
    discover: Callable[[bytes, str], str | None] | None = None
    url_env: str | None = None  # an environment variable that overrides `url`


@dataclass(frozen=True)
class SeriesInfo:
    id: str
    title: str
    unit: str
    frequency: str
    aggregate: bool = False
    decimals: int | None = None  # as the publisher gives the figure; None: the dataset's `decimals`


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    title: str
    description: str
    source: Source
    resources: tuple[Resource, ...]
    combine: Combiner
    unit: str
    frequency: str
    value_range: tuple[float, float]
    required_series: tuple[str, ...]
    expire_after: timedelta  # how long an HTTP response may be reused without asking again
    stale_after: timedelta  # how old a retrieval may be before the UI calls it stale
    cadence: Cadence  # when the publisher usually releases the next observation
    series: Mapping[str, SeriesInfo] = field(default_factory=dict)
    describe: Callable[[str], SeriesInfo] | None = None
    extra_columns: Mapping[str, str] = field(default_factory=dict)
    series_ranges: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    topic: str = ""
    checks: tuple[Check, ...] = ()  # run by validation after the range checks
    #: The column whose scale validation compares with the previous release and across the newest
    #: stretch: the value for stocks; for flows, which change sign and size under revision (a net
    #: purchase of 0.01 revised to 0.6), the holdings they come with.
    level_column: str = "value"
    #: Whether a reader's own claim can be checked against it (the article page's picker, its freshness
    #: line, the API's article summary); a dataset of events (interventions) is checked only as totals.
    checkable: bool = True
    #: The series a claim about this dataset starts from in the claim picker.
    claim_series: str = ""
    #: Decimals the publisher gives its figures to (exports, hovers, alt text), unless a series says.
    decimals: int = 1
    #: The fewest days after a period's end its figure has come out: a month an article names without a
    #: year must have been published by the article's date (the claim extractor reads this).
    first_published_days: int = 0
    #: The dataset that splits this one's changes into trades (holdings → net purchases): verdicts on a
    #: change say what was traded, and a claim that a holder sold is checked there.
    traded_in: str | None = None
    #: A series' economy as an ISO3 code (None for aggregates): the datasets a map can paint.
    economy: Callable[[str], str | None] | None = None

    @property
    def url(self) -> str:
        return self.resources[0].url

    def series_info(self, series_id: str) -> SeriesInfo:
        if series_id in self.series:
            return self.series[series_id]
        if self.describe is not None:
            return self.describe(series_id)
        return SeriesInfo(series_id, series_id, self.unit, self.frequency)

    def range_for(self, series_id: str) -> tuple[float, float]:
        return self.series_ranges.get(series_id, self.value_range)

    def decimals_for(self, series_id: str) -> int:
        shown = self.series_info(series_id).decimals
        return self.decimals if shown is None else shown

    @property
    def key_envs(self) -> tuple[str, ...]:
        """The environment variables that hold an API key one of its resources can use."""
        return tuple(dict.fromkeys(r.keyed.env for r in self.resources if r.keyed is not None))


TREASURY = Source(
    "U.S. Department of the Treasury (TIC)",
    "Source: U.S. Department of the Treasury (TIC)",
    "Public domain (U.S. government work)",
    "https://home.treasury.gov/data/treasury-international-capital-tic-system",
)
FRED = Source(
    "Board of Governors of the Federal Reserve System via FRED",
    "Source: Board of Governors of the Federal Reserve System via FRED (Federal Reserve Bank of St. Louis)",
    "Public domain (Federal Reserve data); FRED terms of use",
    "https://fred.stlouisfed.org/",
)
FRED_OECD = Source(
    "Board of Governors of the Federal Reserve System and OECD via FRED",
    "Source: Board of Governors of the Federal Reserve System; OECD (Japan 10-year yield); via FRED",
    "Federal Reserve data public domain; OECD data with attribution",
    "https://fred.stlouisfed.org/",
)
MOF = Source(
    "Ministry of Finance Japan",
    "Source: Ministry of Finance Japan",
    "Public Data License 1.0 (Japan)",
    "https://www.mof.go.jp/english/policy/international_policy/reference/feio/index.html",
)
IMF = Source(
    "International Monetary Fund",
    "Source: International Monetary Fund (International Reserves and Foreign Currency Liquidity)",
    "IMF data, reuse with attribution",
    "https://data.imf.org/",
)
WORLD_BANK = Source(
    "World Bank Commodity Price Data (Pink Sheet)",
    "Source: World Bank (CC BY 4.0), Commodity Price Data (The Pink Sheet)",
    "CC BY 4.0",
    worldbank.COMMODITY_PAGE_URL,
)

COFER = Source(
    "International Monetary Fund (COFER)",
    "Source: International Monetary Fund, Currency Composition of Official Foreign Exchange Reserves (COFER)",
    "IMF data, reuse with attribution",
    "https://data.imf.org/",
)
SAFE = Source(
    "State Administration of Foreign Exchange (SAFE), China",
    "Source: State Administration of Foreign Exchange (SAFE), China",
    "Official statistics, credited to SAFE (no open licence stated)",
    safe.INDEX_PAGE,
)


def _fred_resource(series_id: str) -> Resource:
    return Resource(
        key=series_id,
        url=fred.GRAPH_URL.format(series=series_id),
        parse=partial(fred.parse_graph_csv, series=series_id),
        expect=f"a FRED CSV 'observation_date,{series_id}'",
        keyed=KeyedAlternative(fred.API_KEY_ENV, fred.API_URL.format(series=series_id),
                               partial(fred.parse_api_json, series=series_id), expect="FRED API JSON"),
    )


def _only(key: str, rename: Mapping[str, str] | None = None) -> Combiner:
    def combine(parts: Mapping[str, pd.DataFrame | None]) -> pd.DataFrame:
        frame = parts[key]
        assert frame is not None
        if rename:
            frame = frame.assign(series=frame["series"].replace(rename))
        return frame

    return combine


def _concat(parts: Mapping[str, pd.DataFrame | None]) -> pd.DataFrame:
    return conform(pd.concat([p for p in parts.values() if p is not None], ignore_index=True))


def _stitch_tic(parts: Mapping[str, pd.DataFrame | None]) -> pd.DataFrame:
    table5, history = parts["slt_table5"], parts["mfhhis01"]
    assert table5 is not None
    assert history is not None
    return tic.stitch(table5, history, parts.get("slt_table3"))


TIC_TITLES = {
    "Grand Total": "Foreign total (all holders)",
    "Foreign Official": "Foreign official (central banks, governments)",
    "Treasury Bills": "Foreign official: Treasury bills",
    "T-Bonds & Notes": "Foreign official: bonds & notes",
    "All Other": "All other holders",
    "Oil Exporters": "Oil exporters (aggregate)",
    "Carib Bnkng Ctrs": "Caribbean banking centers (aggregate)",
    "China, Mainland": "China",
}


def _describe_holder(name: str) -> SeriesInfo:
    return SeriesInfo(name, TIC_TITLES.get(name, name), "USD bn", "monthly", tic.is_aggregate(name))


def _flows(parts: Mapping[str, pd.DataFrame | None]) -> pd.DataFrame:
    return tic_flows.combine(parts.get(tic.TABLE3), parts.get(tic_flows.FORM_S))


def _custody(parts: Mapping[str, pd.DataFrame | None]) -> pd.DataFrame:
    frame = parts["WMTSECL1"]
    assert frame is not None
    frame = fred.without_placeholders(frame)
    return frame.assign(value=frame["value"] / fred.MILLIONS_PER_BN)


def _describe_economy(code: str) -> SeriesInfo:
    return SeriesInfo(code, economies.economy_name(code), "tonnes", "monthly or quarterly",
                      code in economies.AGGREGATES)


def _series(*items: SeriesInfo) -> Mapping[str, SeriesInfo]:
    return MappingProxyType({s.id: s for s in items})


def _cofer_series() -> tuple[SeriesInfo, ...]:
    shares = [SeriesInfo(f"{prefix}_share", f"{name[0].upper() + name[1:]}: share of allocated reserves",
                         "% of allocated reserves", "quarterly", decimals=2)
              for prefix, name in cofer.CURRENCIES.values()]
    amounts = [SeriesInfo(f"{prefix}_amount", f"Reserves held in {name}", "USD bn", "quarterly")
               for prefix, name in cofer.CURRENCIES.values()]
    return (*shares, *amounts,
            SeriesInfo("total", "Foreign exchange reserves, total", "USD bn", "quarterly", True),
            SeriesInfo("allocated", "Allocated reserves (currency known or imputed)", "USD bn", "quarterly", True),
            SeriesInfo("unallocated", "Unallocated reserves (currency not stated)", "USD bn", "quarterly", True),
            SeriesInfo("allocated_share", "Allocated reserves: share of total", "% of total reserves", "quarterly",
                       True),
            SeriesInfo("unallocated_share", "Unallocated reserves: share of total", "% of total reserves",
                       "quarterly", True),
            SeriesInfo("imputed_share", "Reserves whose currency the IMF imputed: share of total",
                       "% of total reserves", "quarterly", True))


def _safe_resource(year: int, newest: bool) -> Resource:
    """One year's SAFE file; the newest year's link is looked for on its page when it moves."""
    return Resource(str(year), safe.FILE_URLS[year], safe.parse_reserves,
                    f"SAFE's Official Reserve Assets ({year}) workbook (.xlsx)", body="xlsx",
                    discovery_page=safe.YEAR_PAGES[year], discover=safe.find_workbook_link,
                    url_env=safe.URL_ENV if newest else None)


DAY, MONTH = timedelta(days=1), timedelta(days=31)
#: TIC's release schedule, shared by every dataset made of its tables.
TIC_CADENCE = Cadence("month", 49, 14, "monthly, around the 18th, for the month two months earlier")

DATASETS: tuple[DatasetSpec, ...] = (
    DatasetSpec(
        name="treasury_holdings",
        title="Foreign holdings of US Treasury securities",
        description="Foreign holders, month-end: TIC Table 5 (latest 13 months), the historical table "
                    "mfhhis01 (since 2000-03) and Table 3 (every country, since 2020); each figure names its "
                    "table (`source`), series breaks are marked (`break_kind`, `old_basis`, `note`).",
        source=TREASURY,
        resources=(
            Resource("slt_table5", tic.TABLE5_URL, tic.parse_table5, "TIC Table 5, tab-separated text"),
            Resource("mfhhis01", tic.MFHHIS01_URL, tic.parse_mfhhis01, "TIC mfhhis01, tab-separated year blocks"),
            Resource("slt_table3", tic.TABLE3_URL, tic.parse_table3, "TIC Table 3, tab-separated long format",
                     optional=True),
        ),
        combine=_stitch_tic,
        unit="USD bn",
        frequency="monthly",
        value_range=(0.0, 20_000.0),
        required_series=("Japan", "China, Mainland", "United Kingdom", "Grand Total", "Foreign Official"),
        expire_after=timedelta(hours=12),
        stale_after=45 * DAY,
        cadence=TIC_CADENCE,
        describe=_describe_holder,
        extra_columns=MappingProxyType(dict(tic.STITCHED_EXTRA)),
        topic="treasuries",
        claim_series="Japan",
        first_published_days=42,  # the 15th-18th of the second month after
        economy=economies.tic_iso3,
        traded_in="treasury_flows",
    ),
    DatasetSpec(
        name="usdjpy",
        title="US dollar / Japanese yen, daily",
        description="Noon buying rate in New York (H.10), yen per US dollar, FRED series DEXJPUS.",
        source=FRED,
        resources=(_fred_resource("DEXJPUS"),),
        combine=_only("DEXJPUS", {"DEXJPUS": "USDJPY"}),
        unit="JPY per USD",
        frequency="daily",
        value_range=(50.0, 500.0),
        required_series=("USDJPY",),
        expire_after=timedelta(hours=6),
        stale_after=4 * DAY,
        cadence=Cadence("business_day", 10, 5, "weekly (H.10, Mondays) for each business day of the week before"),
        series=_series(SeriesInfo("USDJPY", "USD/JPY (noon rate, New York)", "JPY per USD", "daily")),
        topic="usdjpy",
        claim_series="USDJPY",
        decimals=2,
    ),
    DatasetSpec(
        name="fx_interventions",
        title="Japan's foreign exchange interventions",
        description="Every intervention operation since 1991 by day and currency pair (MOF).",
        source=MOF,
        resources=(Resource("interventions", mof.INTERVENTIONS_URL, mof.parse_interventions,
                            "MOF's intervention CSV (CP932)"),),
        combine=_only("interventions"),
        unit="JPY bn",
        frequency="event",
        value_range=(0.0, 20_000.0),
        required_series=("USD/JPY",),
        expire_after=timedelta(hours=24),
        stale_after=100 * DAY,
        cadence=Cadence("event", 0, 0, "each month's operations at the month's end; daily detail quarterly"),
        series=_series(
            SeriesInfo("USD/JPY", "Interventions in USD/JPY", "JPY bn", "event"),
            SeriesInfo("EUR/JPY", "Interventions in EUR/JPY", "JPY bn", "event"),
            SeriesInfo("DEM/JPY", "Interventions in DEM/JPY", "JPY bn", "event"),
            SeriesInfo("USD/DEM", "Interventions in USD/DEM (for Germany)", "JPY bn", "event"),
            SeriesInfo("USD/IDR", "Interventions in USD/IDR (for Indonesia)", "JPY bn", "event"),
        ),
        extra_columns=MappingProxyType({"direction": "str", "sold": "str", "bought": "str"}),
        topic="usdjpy",
        checkable=False,
        decimals=0,
    ),
    DatasetSpec(
        name="japan_reserves",
        title="Japan's official reserve assets",
        description="Month-end reserves and their components (MOF, International Reserves/Foreign "
                    "Currency Liquidity).",
        source=MOF,
        resources=(Resource("reserves", mof.RESERVES_URL, mof.parse_reserves, "MOF's historical.csv (CP932)"),),
        combine=_only("reserves"),
        unit="USD bn",
        frequency="monthly",
        value_range=(0.0, 5_000.0),
        required_series=("total", "foreign_currency_reserves", "gold"),
        expire_after=timedelta(hours=24),
        stale_after=45 * DAY,
        cadence=Cadence("month", 10, 10, "early each month, for the month before"),
        series=_series(
            SeriesInfo("total", "Official reserve assets (total)", "USD bn", "monthly", True),
            SeriesInfo("foreign_currency_reserves", "Foreign currency reserves", "USD bn", "monthly", True),
            SeriesInfo("securities", "Securities", "USD bn", "monthly"),
            SeriesInfo("deposits", "Deposits", "USD bn", "monthly"),
            SeriesInfo("imf_reserve_position", "IMF reserve position", "USD bn", "monthly"),
            SeriesInfo("sdrs", "SDRs", "USD bn", "monthly"),
            SeriesInfo("gold", "Gold (value)", "USD bn", "monthly"),
            SeriesInfo("gold_volume_moz", "Gold (volume)", "million troy oz", "monthly"),
            SeriesInfo("other_reserve_assets", "Other reserve assets", "USD bn", "monthly"),
        ),
        topic="usdjpy",
        claim_series="total",
        first_published_days=3,  # MOF, as early as the 3rd-5th of the next month
    ),
    DatasetSpec(
        name="rates",
        title="US and Japanese interest rates",
        description="Effective federal funds rate (daily, monthly) and 10-year government bond "
                    "yields of the US (daily) and Japan (monthly, OECD).",
        source=FRED_OECD,
        resources=tuple(_fred_resource(s) for s in ("DFF", "FEDFUNDS", "DGS10", "IRLTLT01JPM156N")),
        combine=_concat,
        unit="%",
        frequency="daily or monthly",
        value_range=(-5.0, 30.0),
        required_series=("DFF", "FEDFUNDS", "DGS10", "IRLTLT01JPM156N"),
        expire_after=timedelta(hours=6),
        stale_after=4 * DAY,
        cadence=Cadence("business_day", 3, 4,
                        "each business day (fed funds, 10-year yield); the Japanese yield monthly"),
        series=_series(
            SeriesInfo("DFF", "Effective federal funds rate (daily)", "%", "daily"),
            SeriesInfo("FEDFUNDS", "Effective federal funds rate (monthly average)", "%", "monthly"),
            SeriesInfo("DGS10", "US 10-year Treasury yield", "%", "daily"),
            SeriesInfo("IRLTLT01JPM156N", "Japan 10-year government bond yield", "%", "monthly"),
        ),
        topic="usdjpy",
        claim_series="DFF",
        decimals=2,
    ),
    DatasetSpec(
        name="gold_reserves",
        title="Official gold holdings by economy",
        description="Gold volume in official reserves, IMF (IRFCL); tonnes = fine troy ounces / 32,150.7466.",
        source=IMF,
        resources=(Resource("il_gold", imf.URL, imf.parse_sdmx_csv, "SDMX-CSV 1.0 (IMF.STA:IL)",
                            headers=MappingProxyType({"Accept": imf.ACCEPT})),),
        combine=_only("il_gold"),
        unit="tonnes",
        frequency="monthly or quarterly",
        # IFS publishes Luxembourg 1999-03 as -277,000 oz (-8.6 t); kept as published, so the
        # floor admits a small negative figure while still catching a sign or unit flip.
        value_range=(-20.0, 60_000.0),
        required_series=(imf.WORLD, "CHN", "USA"),
        expire_after=timedelta(hours=24),
        stale_after=45 * DAY,
        cadence=Cadence("month", 92, 31, "monthly, economies reporting with lags of up to a quarter"),
        describe=_describe_economy,
        extra_columns=MappingProxyType({"ounces": "float64"}),
        topic="gold",
        claim_series="CHN",
        decimals=3,
        economy=economies.imf_iso3,
    ),
    DatasetSpec(
        name="gold_price",
        title="Gold price, monthly average",
        description="World Bank Pink Sheet, gold, monthly average of daily rates: spot price from June 2025; "
                    "before, (UK) 99.5% fine, London afternoon fixing (the Pink Sheet's notes; the change is "
                    "read from them and marked on the charts).",
        source=WORLD_BANK,
        resources=(Resource("pink_sheet", worldbank.URL, worldbank.parse_pink_sheet,
                            "the Pink Sheet workbook (.xlsx)", body="xlsx",
                            discovery_page=worldbank.COMMODITY_PAGE_URL,
                            discover=worldbank.find_workbook_link,
                            url_env="DOLLAR_TIDE_PINK_SHEET_URL"),),
        combine=_only("pink_sheet"),
        unit="USD per troy oz",
        frequency="monthly",
        value_range=(10.0, 50_000.0),
        required_series=("GOLD",),
        expire_after=timedelta(days=3),
        stale_after=45 * DAY,
        cadence=Cadence("month", 5, 10, "early each month (second business day), for the month before"),
        series=_series(SeriesInfo("GOLD", "Gold price (monthly average)", "USD per troy oz", "monthly")),
        topic="gold",
        claim_series="GOLD",
        decimals=2,
    ),
    DatasetSpec(
        name="reserve_currencies",
        title="Currency composition of the world's foreign exchange reserves",
        description="IMF COFER, the world, quarterly: each currency's share of allocated reserves (%) and the "
                    "amounts (USD bn); total, allocated, unallocated. Since the 2025-Q3 release the IMF shares out "
                    "unallocated reserves by estimate back to 2000 (the history was revised; 'imputed share' says "
                    "how much); releases under the old method are a different series and are refused.",
        source=COFER,
        resources=(Resource("cofer", cofer.URL, cofer.parse_sdmx_csv, "SDMX-CSV 1.0 (IMF.STA:COFER)",
                            headers=MappingProxyType({"Accept": cofer.ACCEPT})),),
        combine=_only("cofer"),
        unit="% or USD bn",
        frequency="quarterly",
        value_range=(0.0, 100.0),
        required_series=("USD_share", "EUR_share", "JPY_share", "total", "allocated"),
        expire_after=timedelta(hours=24),
        stale_after=100 * DAY,
        cadence=Cadence("quarter", 92, 31, "quarterly, at the end of the quarter after (end of March, June, "
                                           "September, December)"),
        series=_series(*_cofer_series()),
        series_ranges=MappingProxyType(dict.fromkeys((*cofer.AMOUNT_IDS, "total", "allocated", "unallocated"),
                                                     (0.0, 30_000.0))),
        topic="reserves",
        checks=(cofer.share_sum_problem,),
        claim_series="USD_share",
        first_published_days=80,  # about three months after the quarter
    ),
    DatasetSpec(
        name="china_reserves",
        title="China's official reserve assets",
        description="Month-end reserves and their components (SAFE, Official Reserve Assets), USD bn; gold's "
                    "volume in million troy ounces and tonnes (ounces / 32,150.7466). One file per year, combined; "
                    "where two files give a month, the later year's wins. A month SAFE's file leaves empty "
                    "(December 2024) is a gap, never filled.",
        source=SAFE,
        resources=tuple(_safe_resource(year, year == max(safe.FILE_URLS)) for year in sorted(safe.FILE_URLS,
                                                                                              reverse=True)),
        combine=safe.combine,
        unit="USD bn",
        frequency="monthly",
        value_range=(-100.0, 10_000.0),
        required_series=("total", "foreign_currency_reserves", "gold", safe.VOLUME_TONNES),
        expire_after=timedelta(hours=24),
        stale_after=45 * DAY,
        cadence=Cadence("month", 7, 10, "early each month (around the 7th), for the month before"),
        series=_series(
            SeriesInfo("total", "Official reserve assets (total)", "USD bn", "monthly", True),
            SeriesInfo("foreign_currency_reserves", "Foreign currency reserves", "USD bn", "monthly", True),
            SeriesInfo("imf_reserve_position", "IMF reserve position", "USD bn", "monthly"),
            SeriesInfo("sdrs", "SDRs", "USD bn", "monthly"),
            SeriesInfo("gold", "Gold (value)", "USD bn", "monthly"),
            SeriesInfo(safe.VOLUME_MOZ, "Gold (volume)", "million troy oz", "monthly"),
            SeriesInfo(safe.VOLUME_TONNES, "Gold (volume)", "tonnes", "monthly", decimals=1),
            SeriesInfo("other_reserve_assets", "Other reserve assets", "USD bn", "monthly"),
        ),
        series_ranges=MappingProxyType({safe.VOLUME_MOZ: (0.0, 1_000.0), safe.VOLUME_TONNES: (0.0, 30_000.0),
                                        "other_reserve_assets": (-100.0, 100.0)}),
        topic="reserves",
        checks=(safe.sum_problem,),
        claim_series="foreign_currency_reserves",
        decimals=3,  # SAFE publishes USD in units of 100 million
        first_published_days=3,
    ),
    DatasetSpec(
        name="treasury_flows",
        title="Net purchases of US Treasury securities by foreign holders",
        description="Who bought and who sold, by holder and month, USD bn (positive = net purchases by the "
                    "foreign holder). From TIC Table 3 (Form SLT, 2023-02 on): net purchases of all Treasuries "
                    "(`value`), long- and short-term, the long-term valuation change and Treasury's residual "
                    "'other changes', so that holdings change = net purchases + valuation + other. From TIC Form S "
                    "(`s1_globl`, 1977-01 to 2023-01): net purchases of Treasury bonds and notes by the "
                    "counterparty's country, a different measure (long-term only; trades through London or the "
                    "Caribbean centres counted there). Each row names its table (`source`).",
        source=TREASURY,
        resources=(
            Resource(tic.TABLE3, tic.TABLE3_URL, tic_flows.parse_table3_flows,
                     "TIC Table 3, tab-separated long format with net U.S. sales"),
            Resource(tic_flows.FORM_S, tic_flows.FORM_S_URL, tic_flows.parse_form_s,
                     "TIC Form S (s1_globl.txt), tab-separated, columns [1]..[12]", optional=True),
        ),
        combine=_flows,
        unit="USD bn",
        frequency="monthly",
        value_range=(-2_000.0, 2_000.0),
        required_series=("Japan", "China, Mainland", "United Kingdom", "Grand Total"),
        expire_after=timedelta(hours=12),
        stale_after=45 * DAY,
        cadence=TIC_CADENCE,
        describe=_describe_holder,
        extra_columns=MappingProxyType(dict(tic_flows.EXTRA)),
        topic="treasuries",
        level_column="holdings",
        checks=(tic_flows.residual_problem,),
        claim_series="Japan",
        first_published_days=42,
    ),
    DatasetSpec(
        name="fed_custody",
        title="Treasuries held in custody at the Fed for foreign official accounts, weekly",
        description="Federal Reserve H.4.1, memorandum item: marketable US Treasury securities held in custody "
                    "at the Federal Reserve Bank of New York for foreign official and international accounts, "
                    "Wednesday level, USD bn (FRED WMTSECL1, published in millions every Thursday). Face value, "
                    "and only what foreign central banks keep at the New York Fed: not all their Treasuries. "
                    "FRED's zeros before 2007-07-04 are a placeholder and are left out.",
        source=FRED,
        resources=(_fred_resource("WMTSECL1"),),
        combine=_custody,
        unit="USD bn",
        frequency="weekly",
        value_range=(100.0, 10_000.0),
        required_series=("WMTSECL1",),
        expire_after=timedelta(hours=6),
        stale_after=10 * DAY,
        cadence=Cadence("week", 1, 4, "weekly (H.4.1, Thursdays) for the Wednesday before"),
        series=_series(SeriesInfo("WMTSECL1", "Treasuries in custody for foreign official accounts (H.4.1)",
                                  "USD bn", "weekly", True)),
        topic="treasuries",
        claim_series="WMTSECL1",
    ),
)

CATALOGUE: Mapping[str, DatasetSpec] = MappingProxyType({d.name: d for d in DATASETS})


def key_envs() -> tuple[str, ...]:
    """Every environment variable a resource of the catalogue reads an API key from."""
    return tuple(dict.fromkeys(env for spec in DATASETS for env in spec.key_envs))


def get(name: str) -> DatasetSpec:
    from .errors import UnknownDataset

    try:
        return CATALOGUE[name]
    except KeyError:
        raise UnknownDataset(f"unknown dataset {name!r}; known: {', '.join(CATALOGUE)}") from None
