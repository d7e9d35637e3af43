"""A reader's own claim ("Check your own claim" on the article page) and its link (no streamlit).

The claim travels in the page's query: `dataset`, `series`, `op`, `start`, `end`, `value`, `unit`.
Which series and units are accepted depends on the dataset, so the query is read in two steps
(`views.urlstate.read`): first the dataset and the operation, then, with that dataset loaded, the
rest. The datasets a reader can pick and the series a claim starts from are the catalogue's
(`DatasetSpec.checkable`, `DatasetSpec.claim_series`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from analysis import verdicts as V
from analysis.verdicts.units import native_unit
from data_sources.catalogue import CATALOGUE, DATASETS
from data_sources.result import Result
from views.urlstate import Notice, Param, choice, claim_value, period, read

#: The query keys a reader's claim travels in.
KEYS = ("dataset", "series", "op", "start", "end", "value", "unit")
OPS = ("level", "change", "max", "min", "mean", "highest_since", "lowest_since", "declines")
DEFAULT_DATASET = "treasury_holdings"
#: The parts of a claim that, set aside by the codec, leave nothing to check.
NEEDED = ("start", "end", "value")

Load = Callable[[str], Result]


def datasets() -> list[str]:
    """The datasets a reader can state a claim about, in the catalogue's order."""
    return [spec.name for spec in DATASETS if spec.checkable]


def default_series(name: str) -> str:
    """The series a claim about this dataset starts from."""
    return CATALOGUE[name].claim_series


def units_for(result: Result) -> list[str]:
    """The article units a claim about this dataset can be in (a dataset may mix shares and amounts)."""
    natives = {native_unit(result, s)[0] for s in result.series_ids()}
    return [u for u, (native, _) in V.UNITS.items() if native in natives]


def default_unit(result: Result) -> str:
    """The unit of the series a claim about this dataset starts from."""
    return native_unit(result, default_series(result.spec.name))[0]


@dataclass(frozen=True)
class Asked:
    """The claim a page's query states, as the codec accepted it (never the raw URL text)."""

    dataset: str
    series: str
    op: str
    unit: str
    start: str = ""
    end: str = ""
    value: str = ""
    #: Whether the query names a dataset at all (a claim is checked only when it states one).
    stated: bool = False
    notices: list[Notice] = field(default_factory=list)

    @property
    def set_aside(self) -> bool:
        """Part of the claim (its dates or value) could not be read: it is not checked."""
        return any(n.param in NEEDED for n in self.notices)

    def query(self) -> dict[str, str]:
        """The claim's query keys, as this claim would write them."""
        return encode(self.dataset, self.series, self.op, self.start, self.end, self.value, self.unit)


def read_query(query: Mapping[str, str | None], load: Load) -> Asked:
    """The claim a query states, in two steps (the dataset first, then what that dataset accepts).
    Hostile values give notices, never an exception."""
    given = {k: v for k in KEYS if (v := query.get(k)) is not None}
    first, notes = read([Param("dataset", DEFAULT_DATASET, choice(datasets())),
                         Param("op", "level", choice(OPS))], given)
    dataset, op = first["dataset"], first["op"]
    result = load(dataset)
    second, more = read([Param("series", default_series(dataset), choice(result.series_ids())),
                         Param("unit", default_unit(result), choice(units_for(result))),
                         Param("start", "", period, label="start"), Param("end", "", period, label="end"),
                         Param("value", "", claim_value(op), label="value (nothing is checked)")], given)
    return Asked(dataset=dataset, series=second["series"], op=op, unit=second["unit"], start=second["start"],
                 end=second["end"], value=second["value"], stated=bool(query.get("dataset")),
                 notices=[*notes, *more])


def encode(dataset: str, series: str, op: str, start: str, end: str, value: str, unit: str) -> dict[str, str]:
    """A claim as its query: what the form holds, trimmed, empty parts left out."""
    claim = {"dataset": dataset, "series": series, "op": op, "start": start.strip(), "end": end.strip(),
             "value": value.strip(), "unit": unit}
    return {k: v for k, v in claim.items() if v}


def claim(asked: Asked, load: Load) -> V.Claim:
    """The claim to check, titled by the claim's own dataset's series."""
    return V.custom_claim(asked.dataset, asked.series, asked.op, asked.start, asked.end, asked.value, asked.unit,
                          load(asked.dataset).series_info(asked.series).title)


def check(asked: Asked, load: Load) -> V.Verdict:
    """The verdict on a reader's claim: a claim the engine cannot compute is not checkable, with the
    reason, never an exception."""
    stated = claim(asked, load)
    try:
        return V.evaluate(stated, load, None)
    except V.ClaimError as exc:
        return V.Verdict(stated, "not checkable", reasons=[str(exc)])
    except (ValueError, LookupError, ArithmeticError) as exc:  # a combination the engine cannot compute
        return V.Verdict(stated, "not checkable", reasons=[f"This combination cannot be computed ({exc})."])
