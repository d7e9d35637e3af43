"""A page, declared once: what navigation, the HTTP chart routes, OpenAPI, claim links, link previews,
the bench's states and the consistency tests all read (after OWID grapher's ChartInterface).

A `View` is a chart page: its id (the path `/{page}` and the file `pages/{page}.py`), its title and
navigation entry, the datasets it reads, its context/check/main builders, the parameters its main
chart depends on, its `Section`s and how a checked claim opens it. A `Plain` page (the overview, the
article check) has a navigation entry and a link preview but no chart state of its own.

Sections have **stable ids**: the URL says `section=<id>`, pages dispatch on the id, and the label is
display text only; renaming a tab changes no link. An id a section was once known by stays in its
`was` (the URL migration: an old link opens the same tab).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from analysis.verdicts import Check

from .chart import Load, Main
from .urlstate import Notice, Param, choice, slugify

#: A section with a chart of its own: its builder, for the API, previews and embeds.
SectionMain = Callable[..., Main]  # (ctx, values, *, load) -> Main
#: A claim's link into a view: (the claim's check, the window's first and last month-end, the section
#: the claim's dataset opens) -> the page's query, or None when the claim has no chart here.
ClaimQuery = Callable[[Check, Any, Any, "str | None"], "dict[str, str] | None"]


@dataclass(frozen=True)
class Section:
    """One tab of a page. `datasets`: a claim about one of these opens this tab. `main`/`params`: a tab
    with a chart of its own (served by the chart API, previewed, embedded), and the parameters that
    shape it. `geo`: its chart is a map (the page preloads plotly's geo bundle)."""

    id: str
    label: str
    main: SectionMain | None = None
    params: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    geo: bool = False
    was: tuple[str, ...] = ()  # ids this section had before: old links keep opening it


class Sections(tuple[Section, ...]):
    """A page's sections in tab order, looked up by id or (for what widgets hold) by label."""

    def __new__(cls, items: Sequence[Section]) -> Sections:
        ids = [s.id for s in items]
        if len(set(ids)) != len(ids) or any(slugify(i) != i for i in ids):
            raise ValueError(f"section ids must be unique slugs: {ids}")
        return super().__new__(cls, items)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(s.label for s in self)

    def get(self, key: object) -> Section | None:
        """The section with this id, label or former id (case and punctuation aside), or None."""
        text = slugify(str(key)) if key is not None else ""
        for s in self:
            if text in (s.id, slugify(s.label), *s.was):
                return s
        return None

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, (int, slice)):
            return super().__getitem__(key)
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def id_of(self, value: object) -> str:
        """The id for a value a widget or the URL holds (a label, an id, a former id)."""
        found = self.get(value)
        return found.id if found is not None else self[0].id

    def param(self, key: str = "section") -> Param:
        """The URL parameter that opens a tab. Its value is the id; a label (`section=Map`, as links have
        always allowed) or a former id is read as its section."""
        by_label = choice(self.labels, {old: s.label for s in self for old in (s.id, *s.was)})

        def parse(text: str) -> str:
            return self[by_label(text)].id

        parse.allowed = by_label.allowed  # type: ignore[attr-defined]
        parse.schema = by_label.schema  # type: ignore[attr-defined]
        return Param(key, self[0].id, parse, self.id_of, "section")

    def for_dataset(self, dataset: str) -> Section | None:
        return next((s for s in self if dataset in s.datasets), None)

    @property
    def with_main(self) -> tuple[Section, ...]:
        return tuple(s for s in self if s.main is not None)


@dataclass(frozen=True)
class Page:
    """Every page in the navigation: its file, its label and icon, its link preview's title and text."""

    id: str  # "" for the overview (path "/")
    file: str
    nav: str
    icon: str
    title: str
    description: str = ""
    order: int = 50

    @property
    def path(self) -> str:
        return f"/{self.id}"


@dataclass(frozen=True)
class View:
    """A chart page, declared once."""

    page: Page
    datasets: tuple[str, ...]
    context: Callable[[Load], Any]
    check: Callable[[Any, dict[str, Any], list[Notice]], None]
    main: Callable[[Any, dict[str, Any]], Main]
    main_params: tuple[str, ...]
    sections: Sections
    claim_query: ClaimQuery | None = None
    #: Datasets a tab of the page reads besides `datasets` (the freshness line, OpenAPI's description).
    shows: tuple[str, ...] = ()
    #: States worth keeping warm and benchmarking besides the default (queries without the "?").
    popular: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.page.id

    @property
    def all_datasets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.datasets, *self.shows,
                                    *(d for s in self.sections for d in s.datasets))))

    def section_main(self, values: Mapping[str, Any]) -> Section | None:
        """The open section when it has a chart of its own (else the page's main chart is meant)."""
        found = self.sections.get(values.get("section"))
        return found if found is not None and found.main is not None else None

    def build(self, ctx: Any, values: dict[str, Any], load: Load) -> tuple[Main, tuple[str, ...]]:
        """The chart a state shows (a section's own, or the page's main) and the parameters it depends on."""
        section = self.section_main(values)
        if section is not None and section.main is not None:
            return section.main(ctx, values, load=load), section.params
        return self.main(ctx, values), self.main_params
