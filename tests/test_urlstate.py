"""Reading and writing a page's URL state (pure)."""

from __future__ import annotations

import pandas as pd
import pytest

from views.urlstate import (
    Invalid,
    Param,
    choice,
    choices,
    day,
    encode,
    encode_flag,
    encode_list,
    flag,
    integer,
    month,
    ordered_range,
    query_string,
    read,
    slugify,
)

OPTIONS = ["Japan", "China, Mainland", "United Kingdom", "Korea, South"]
FIRST, LAST = pd.Timestamp("2000-03-31"), pd.Timestamp("2026-04-30")
PARAMS = [
    Param("countries", ("Japan",), choices(OPTIONS, {"uk": "United Kingdom", "china": "China, Mainland"}),
          encode_list, "holders", multi=True),
    Param("transform", "level", choice(["level", "mom", "yoy"])),
    Param("from", "2015-01", month(FIRST, LAST), group="range"),
    Param("to", "2026-04", month(FIRST, LAST), group="range"),
]


def test_defaults_when_the_url_is_empty():
    values, notices = read(PARAMS, {})
    assert values == {"countries": ("Japan",), "transform": "level", "from": "2015-01", "to": "2026-04"}
    assert notices == []
    assert encode(PARAMS, values) == {}


def test_slugs_names_and_aliases_are_accepted_and_written_back_as_slugs():
    values, notices = read(PARAMS, {"countries": "china-mainland,UK,Korea, South", "transform": "YOY"})
    assert values["countries"] == ("China, Mainland", "United Kingdom", "Korea, South")
    assert values["transform"] == "yoy" and notices == []
    assert encode(PARAMS, values) == {"countries": "china-mainland,united-kingdom,korea-south", "transform": "yoy"}
    assert query_string(encode(PARAMS, values)).startswith("countries=china-mainland,united-kingdom")


def test_repeated_keys_are_joined():
    values, _ = read(PARAMS, {"countries": ["japan", "uk"]})
    assert values["countries"] == ("Japan", "United Kingdom")


@pytest.mark.parametrize(("query", "expect"), [
    ({"countries": "atlantis"}, "no known item"),
    ({"transform": "<script>alert(1)</script>"}, "not one of"),
    ({"from": "2099-13"}, "not a month"),
    ({"from": "1999-01"}, "runs from 2000-03"),
    ({"from": "last year"}, "looks like 2024-04"),
    ({"transform": "x" * 5000}, "too long"),
])
def test_bad_values_fall_back_to_defaults_with_a_notice(query, expect):
    values, notices = read(PARAMS, query)
    key = next(iter(query))
    assert values[key] == next(p.default for p in PARAMS if p.key == key)
    assert len(notices) == 1 and expect in notices[0]
    assert len(notices[0]) < 300, "notices quote only a short part of a bad value"


def test_partly_known_lists_keep_the_known_items():
    values, notices = read(PARAMS, {"countries": "japan,atlantis,uk"})
    assert values["countries"] == ("Japan", "United Kingdom")
    assert "atlantis" in notices[0]


def test_a_reversed_range_falls_back_to_the_default_range():
    values, notices = read(PARAMS, {"from": "2024-01", "to": "2020-01"})
    ordered_range(values, "from", "to", PARAMS, notices)
    assert (values["from"], values["to"]) == ("2015-01", "2026-04")
    assert "start is after the end" in notices[0]


def test_small_parsers():
    assert flag("1") is True and flag("off") is False
    assert encode_flag(False) == "0"
    with pytest.raises(Invalid):
        flag("maybe")
    assert integer(5, 40)("15") == 15
    with pytest.raises(Invalid):
        integer(5, 40)("400")
    assert day(FIRST, LAST)("2024-04-29") == "2024-04-29"
    with pytest.raises(Invalid):
        day(FIRST, LAST)("2024-02-30")
    assert slugify("Korea, South") == "korea-south"


def test_a_notice_never_renders_what_a_link_smuggles_in():
    from views.urlstate import Param, choice, read

    params = [Param("unit", "t", choice(["t", "moz"]))]
    _, notices = read(params, {"unit": "[Sign in again](https://evil.example/x)"})
    text = notices[0]
    assert "](https://" not in text.replace("`", "").split(": ", 1)[1].replace("\\]\\(", ""), text
    assert "\\[Sign in again\\]\\(https\\://evil.example/x\\)" in text
    _, notices = read(params, {"unit": "![x](https://e/i.png)"})
    assert "\\!\\[x\\]" in notices[0]
