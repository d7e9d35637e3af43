"""A chart's text alternative: what it shows and its latest (or largest) values, in one sentence.

Read by screen readers as the chart's accessible name (`st.plotly_chart(alt=...)`); the Table view
beside each chart gives every value. Pure: a figure in, words out, from the same table the CSV is.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from .export import DATE_COLUMN, LABEL_COLUMN, NOTE_COLUMN, table, text

KINDS = {"choropleth": "Map", "bar": "Bar chart", "scatter": "Line chart"}
LISTED = 4  # values said; the Table view has the rest
LIMIT = 400  # characters: a description, not a reading of the data


def alt_text(fig: go.Figure) -> str:
    """'Line chart: US Treasury holdings: level, 2015-01 to 2026-04. Latest: Japan (USD bn) 1,209.9
    on 2026-04-30; …'"""
    kinds = [getattr(trace, "type", None) or "scatter" for trace in fig.data]
    kind = next((KINDS[k] for k in ("choropleth", "bar", "scatter") if k in kinds), "Chart")
    title = text(fig.layout.title.text if fig.layout.title is not None else "") or "chart"
    shown = table(fig)
    said: list[str] = []
    if DATE_COLUMN in shown.columns:
        for column in [c for c in shown.columns if c not in (DATE_COLUMN, NOTE_COLUMN)][:LISTED]:
            values = shown[[DATE_COLUMN, column]].dropna()
            if not values.empty:
                said.append(f"{column} {_number(values[column].iloc[-1])} on {values[DATE_COLUMN].iloc[-1]}")
        lead = "Latest: "
    elif LABEL_COLUMN in shown.columns and len(shown.columns) > 1:
        column = shown.columns[1]
        ranked = shown.dropna(subset=[column])
        if kind == "Map":
            ranked = ranked.sort_values(column, ascending=False)
        said = [f"{row[LABEL_COLUMN]} {_number(row[column])}" for _, row in ranked.head(LISTED).iterrows()]
        unit = column[column.index("(") + 1: column.rindex(")")] if "(" in column and ")" in column else column
        lead = f"{'Largest' if kind == 'Map' else 'First'} ({unit}): "
    sentence = f"{kind}: {title}." + (f" {lead}{'; '.join(said)}." if said else "")
    return sentence if len(sentence) <= LIMIT else sentence[: LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _number(value: float) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "no value"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
