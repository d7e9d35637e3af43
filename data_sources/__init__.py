"""Dollar Tide's data layer: official sources → validated, stored, provenance-carrying frames.

    >>> from data_sources import load
    >>> result = load("treasury_holdings")     # answers from the store or the bundled snapshot
    >>> result.frame.head()                    # date, series, value (+ extras)
    >>> result.provenance.as_of, result.provenance.origin

Refresh from the network (or an offline mirror) with ``python -m data_sources refresh``.
Nothing in this package imports streamlit or does I/O at import time.
"""

from .api import compare_vintages, load, status, version, vintages
from .catalogue import CATALOGUE, DATASETS, DatasetSpec, SeriesInfo
from .errors import (
    ContentError,
    DataSourceError,
    DataUnavailable,
    FetchError,
    HTTPStatusError,
    LayoutError,
    ValidationError,
)
from .result import Provenance, Result

__all__ = [
    "CATALOGUE", "DATASETS", "ContentError", "DataSourceError", "DataUnavailable", "DatasetSpec",
    "FetchError", "HTTPStatusError", "LayoutError", "Provenance", "Result", "SeriesInfo",
    "ValidationError", "compare_vintages", "load", "status", "version", "vintages",
]
