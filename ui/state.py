"""Bind a page's widgets to its URL: read once per visit, write back on every run.

On a fresh visit (none of the page's widgets in the session yet) the URL is parsed into initial
values, kept for the visit, and handed to the widgets as their `value`/`default`/`index`. Keeping
them fixed for the visit keeps each widget's identity stable, so Streamlit's own widget state takes
over after the first run; passing them as arguments (not through session state) also tells each
widget its shape (a range slider needs a two-value `value`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from views.urlstate import Param, encode, query_string, read


class Bound:
    """A page's parameters with the values they start from on this visit."""

    def __init__(self, page: str, params: Sequence[Param], values: dict[str, Any], notices: list[str],
                 generation: int = 0) -> None:
        self.page = page
        self.params = list(params)
        self.values = values
        self.notices = notices
        self.generation = generation

    def key(self, name: str) -> str:
        """The widget key for a parameter or a group of parameters. A new generation of keys after
        the browser's Back/Forward gives fresh widgets that start from the URL's values."""
        return widget_key(self.page, name, self.generation)

    def restart(self, name: str, value: Any) -> None:
        """Start one widget again at `value` (a range preset's months), for the next run: the widget
        gets a new key, so Streamlit draws a fresh one from its `value` argument. Writing `value` to
        the widget's key instead (the Session State API) made Streamlit warn that the widget was set
        both by default and by Session State; leaving its `value` out instead lost a range slider's
        two-value shape (and the URL fell behind the slider)."""
        members = [p.key for p in self.params if p.group == name]
        values, notices = st.session_state[f"{self.page}._url"]
        values = {**values, **(dict(zip(members, value, strict=True)) if members else {name: value})}
        st.session_state[f"{self.page}._url"] = (values, notices)
        self.values = values
        restarts = st.session_state.get(f"{self.page}._restarts", {})
        st.session_state[f"{self.page}._restarts"] = {**restarts, name: restarts.get(name, 0) + 1}

    def __getitem__(self, name: str) -> Any:
        """The initial value for a parameter, or the tuple of a group's values."""
        group = [p.key for p in self.params if p.group == name]
        if group:
            return tuple(self.values[k] for k in group)
        param = next(p for p in self.params if p.key == name)
        return list(self.values[name]) if param.multi else self.values[name]

    def live(self, name: str) -> Any:
        """The value a widget holds now: what the reader picked, or the initial value before the
        widget is drawn. Lets a page draw its chart before its controls."""
        value = st.session_state.get(self.key(name), self[name])
        return tuple(value) if isinstance(value, list) else value

    def index(self, name: str, options: Sequence[Any]) -> int:
        return list(options).index(self[name])

    def current(self) -> dict[str, Any]:
        """Each parameter's value as its widget now holds it (its initial value if not drawn yet)."""
        out: dict[str, Any] = {}
        for p in self.params:
            name = p.group or p.key
            raw = st.session_state.get(self.key(name), self[name])
            if p.group:
                members = [q.key for q in self.params if q.group == p.group]
                position = members.index(p.key)
                ok = isinstance(raw, (tuple, list)) and len(raw) == len(members)
                out[p.key] = raw[position] if ok else self.values[p.key]
            elif raw is None and not p.multi:
                out[p.key] = p.default  # a deselected pill or segment means "the default", not "None"
            else:
                out[p.key] = tuple(raw) if p.multi and raw is not None else raw
        return out

    def write_url(self, keep: Sequence[str] = ()) -> dict[str, str]:
        """The URL holds exactly the non-default state (plus the `keep` keys, which the page manages
        itself). Returns the state written."""
        encoded = self.current_encoded()
        wanted = {**{k: st.query_params.get(k) for k in keep if k in st.query_params}, **encoded}
        if {k: st.query_params.get(k) for k in st.query_params} != wanted:
            st.query_params.from_dict(wanted)
        st.session_state[f"{self.page}._written"] = _normal(wanted)
        st.session_state[f"{self.page}._encoded"] = _normal(encoded)
        return encoded

    def current_encoded(self) -> dict[str, str]:
        return encode(self.params, self.current())


def full_link(path: str, params: dict[str, str]) -> str:
    """The browser's URL of this page (or `path` outside a browser) with `params` as its query."""
    base = st.context.url or path
    query = query_string(params)
    return f"{base}?{query}" if query else base


def _query() -> dict[str, list[str] | str]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _normal(query: dict[str, Any]) -> dict[str, str]:
    return {k: ",".join(v) if isinstance(v, list) else str(v) for k, v in query.items() if v is not None}


def widget_key(page: str, name: str, generation: int = 0) -> str:
    restarts = st.session_state.get(f"{page}._restarts", {}).get(name, 0)  # see Bound.restart
    return f"{page}.{name}" + (f".g{generation}" if generation else "") + (f".r{restarts}" if restarts else "")


def bind(page: str, params: Sequence[Param],
         check: Callable[[dict[str, Any], list[str]], None] | None = None) -> Bound:
    """Call before the page's widgets. `check` may fix combinations (a start after an end).

    The URL is read on a fresh visit, and again when it no longer holds what this page last wrote
    there: the reader pressed Back or Forward (or edited the address), so the page follows the URL."""
    names = {p.group or p.key for p in params}
    memo, written, gen_key = f"{page}._url", f"{page}._written", f"{page}._generation"
    generation = st.session_state.get(gen_key, 0)
    query = _query()
    fresh = not any(widget_key(page, n, generation) in st.session_state for n in names) or memo not in st.session_state
    navigated = not fresh and written in st.session_state and st.session_state[written] != _normal(query)
    if navigated and memo in st.session_state:
        # A run the reader's own input started (quick arrow presses on a slider, each one a rerun)
        # can carry the URL from before the last write, which the browser has not applied yet: a
        # widget holding something other than what was last written means input, not Back/Forward.
        values, _ = st.session_state[memo]
        now = Bound(page, params, values, [], generation).current_encoded()
        navigated = _normal(now) == st.session_state.get(f"{page}._encoded", _normal(now))
    if fresh or navigated:
        values, notices = read(params, query)
        if check is not None:
            check(values, notices)
        if navigated:
            generation += 1
            st.session_state[gen_key] = generation
        st.session_state[memo] = (values, notices)
        return Bound(page, params, values, notices, generation)
    values, _ = st.session_state[memo]
    return Bound(page, params, values, [], generation)
