"""Claims read from any article's text by rule, each checked with the verdict engine.

The package: `numbers` (figures: number, currency, scale, unit, span), `times` (time expressions
and the periods they name, against the publication date), `subjects` (economies from the ISO3 /
TIC holder table, groups of holders), `measures` (keyword grammar: what a sentence measures, level
or change), `mapping` (a figure in its sentence → a `Check`, or why it is none), `check`
(evaluation with `analysis.verdicts.evaluate`, the API's dict, input validation).

Why our own small grammar and no parsing library. Weighed, all offline-capable on PyPI:

* quantulum3 (units in text) disambiguates units with a scikit-learn classifier trained on
  Wikipedia text (the `classifier` extra; without it, a warning and no disambiguation); it knows
  physical units, not the wire's financial shorthand ("¥9.8tn", "$62.2bn", "億ドル", "an ounce").
* price-parser reads one price from one string (shop prices); no scale words, no spans in prose.
* dateparser's `search_dates` pulls in its own regex and locale data, is slow on long text and
  reads stray numbers as dates (its issue #582: "100M", "73 20" came out as dates); datefinder has
  the same trouble ("may" the verb as May, datefinder issue #56). Our rule for a month without a
  year (the latest on or before publication, a TIC month only once Treasury has published it) is
  domain logic no library has.
* number-parser (spelled-out numbers) and pint (unit arithmetic) solve problems we do not have:
  the engine's `verdicts.UNITS` already converts.

So: named regular expressions (`numbers.FIGURE`, `numbers.SUFFIXES`, `times.PATTERNS`,
`measures.*`), the stdlib's `datetime` and pandas' month arithmetic. Nothing is downloaded and
nothing leaves the machine; a 1,000-word article is read in a few milliseconds (see
bench/bench_extract.py), the rest of the time is the engine's evaluation.
"""

from __future__ import annotations

from .check import MAX_CHARS, FoundClaim, InputError, check_text, data_versions, to_dict, validate
from .mapping import Mapped, extract

__all__ = ["MAX_CHARS", "FoundClaim", "InputError", "Mapped", "check_text", "data_versions", "extract", "to_dict",
           "validate"]
