"""What a view builds for a tab that is a table: its rows, with everything said around them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data_sources.result import Provenance


@dataclass(frozen=True)
class Table:
    """A tab's table for one state. `frame` is None when there is nothing to list, and `empty` says
    why; `columns` says what each column means (the page's column labels say the same, with their
    formats); `notes` are what the page says with the table (markdown), `warning` what it says above it."""

    frame: pd.DataFrame | None
    name: str  # file-name stem of the table's CSV
    provs: tuple[Provenance, ...]
    columns: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    warning: str = ""
    empty: str = ""
    unexported: tuple[str, ...] = ()  # columns the CSV leaves out (a sparkline is no number)

    @property
    def exported(self) -> pd.DataFrame:
        """The rows as the table's CSV has them."""
        if self.frame is None:
            return pd.DataFrame()
        return self.frame.drop(columns=[c for c in self.unexported if c in self.frame.columns])
