"""The HTTP side of the real `st.App` (app.py) through Starlette's TestClient: the data API, chart
CSV/JSON/PNG, caching headers, bad input, link previews, health checks, static bundles."""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
import time
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from data_sources import catalogue
from tests.helpers import ROOT, charts
from views import VIEWS, cite, urlstate
from web import api, data

QUERIES = {
    "treasuries": {"countries": "japan,china-mainland", "transform": "yoy", "from": "2020-01"},
    "usdjpy": {"range": "1Y", "events": "0"},
    "gold": {"economies": "chn,pol", "unit": "moz", "from": "2015-01"},
    "reserves": {"currencies": "usd,eur,cny", "from": "2010-03"},
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from starlette.testclient import TestClient

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOLLAR_TIDE_HOME", str(tmp_path_factory.mktemp("home")))
        mp.delenv("DOLLAR_TIDE_SNAPSHOT", raising=False)
        from app import app

        with TestClient(app) as test_client:
            yield test_client


class Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        self._in_title = tag == "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False


def meta_of(text: str) -> Meta:
    parser = Meta()
    parser.feed(text)
    return parser


# -- health -----------------------------------------------------------------------------------

def test_healthz_and_readyz(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert set(body["datasets"]) == set(catalogue.CATALOGUE) and body["not_ready"] == []
    assert all(d["ready"] and d["as_of"] and d["freshness"] for d in body["datasets"].values())


def test_readyz_names_the_datasets_that_cannot_load(tmp_path, monkeypatch):
    from starlette.testclient import TestClient

    from web import health

    snapshot = tmp_path / "snapshot"
    shutil.copytree(ROOT / "data_sources" / "snapshot", snapshot)
    shutil.rmtree(snapshot / "gold_price")
    monkeypatch.setenv("DOLLAR_TIDE_SNAPSHOT", str(snapshot))
    monkeypatch.setenv("DOLLAR_TIDE_HOME", str(tmp_path / "home"))
    from starlette.applications import Starlette

    with TestClient(Starlette(routes=health.routes())) as c:
        answer = c.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["not_ready"] == ["gold_price"]
    assert answer.json()["datasets"]["usdjpy"]["ready"] is True


# -- datasets ---------------------------------------------------------------------------------

def test_dataset_listing_has_provenance_and_series(client):
    answer = client.get("/api/v1/datasets")
    assert answer.status_code == 200
    listing = {d["name"]: d for d in answer.json()["datasets"]}
    assert set(listing) == set(catalogue.CATALOGUE)
    for name, entry in listing.items():
        prov = entry["provenance"]
        for field in ("source", "url", "attribution", "licence", "as_of", "retrieved_at", "origin", "stale",
                      "last_error"):
            assert field in prov, (name, field)
        assert prov["origin"] == "snapshot" and prov["attribution"].startswith("Source:")
        assert entry["series"] and all({"id", "title", "unit", "frequency"} <= set(s) for s in entry["series"])
        assert entry["csv"].endswith(f"/api/v1/datasets/{name}.csv")
    tic = {s["id"]: s for s in listing["treasury_holdings"]["series"]}
    assert tic["Japan"]["unit"] == "USD bn" and tic["Japan"]["frequency"] == "monthly"


@pytest.mark.parametrize("name", list(catalogue.CATALOGUE))
def test_whole_dataset_as_csv_and_json(client, name):
    from data_sources import load

    frame = load(name).frame
    csv = client.get(f"/api/v1/datasets/{name}.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    got = pd.read_csv(io.StringIO(csv.text))
    assert list(got.columns) == list(frame.columns) and len(got) == len(frame)
    assert got["value"].sum() == pytest.approx(frame["value"].sum())
    assert csv.headers["x-dollar-tide-attribution"].startswith("Source:")
    assert csv.headers["x-dollar-tide-as-of"] == f"{frame['date'].max():%Y-%m-%d}"
    assert f"/api/v1/datasets/{name}.json" in csv.headers["link"] and 'rel="describedby"' in csv.headers["link"]
    whole = client.get(f"/api/v1/datasets/{name}.json").json()
    assert len(whole["rows"]) == len(frame) and whole["provenance"]["dataset"] == name
    assert whole["rows"][0]["date"].startswith(f"{frame['date'].iloc[0]:%Y-%m-%d}")


# -- charts: the page's own state and builder ---------------------------------------------------

def page_csv(page: str, query: dict[str, str]) -> tuple[bytes, str]:
    """The page's own Download CSV for this query (AppTest: the page script, its figure, its export)."""
    at = AppTest.from_file(str(ROOT / "overview.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception
    fig = go.Figure(charts(at)[0].spec)
    view = VIEWS[page]
    ctx = view.context(data.load)
    main = view.main(ctx, urlstate.read(ctx.params, query)[0])
    return cite.csv_bytes(fig, main.provs, "LINK", main.notes), cite.chart_title(fig)


@pytest.mark.parametrize("page", list(QUERIES))
def test_chart_csv_is_the_pages_download_csv(client, page):
    answer = client.get(f"/api/v1/charts/{page}.csv", params=QUERIES[page])
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    expected, title = page_csv(page, QUERIES[page])
    strip = re.compile(r"^# (link|retrieved): .*\n", re.M)
    assert strip.sub("", answer.text) == strip.sub("", expected.decode())
    assert f"# title: {title}" in answer.text
    link = re.search(r"^# link: (.*)$", answer.text, re.M).group(1)
    assert link.startswith(f"http://testserver/{page}?")


def test_chart_json_has_title_units_provenance_and_the_same_rows(client):
    query = QUERIES["treasuries"]
    data = client.get("/api/v1/charts/treasuries.json", params=query).json()
    csv = pd.read_csv(io.StringIO(client.get("/api/v1/charts/treasuries.csv", params=query).text), comment="#")
    assert data["title"] == "US Treasury holdings: change on year, 2020-01 to 2026-04"
    assert data["columns"] == list(csv.columns) == ["date", "Japan (USD bn, change on year)",
                                                      "China (USD bn, change on year)"]
    assert len(data["rows"]) == len(csv) and data["rows"][-1]["date"] == csv["date"].iloc[-1]
    assert data["provenance"][0]["dataset"] == "treasury_holdings"
    assert data["state"] == {"countries": "japan,china-mainland", "transform": "yoy", "from": "2020-01"}
    assert data["headline"].startswith("US Treasury holdings, change on year, 2020-01 to 2026-04: Japan ")


@pytest.mark.parametrize("page", list(QUERIES))
def test_chart_png_is_a_1200x630_preview_cached_per_state(client, page, monkeypatch):
    from web import preview

    drawn = []
    render = preview.render
    monkeypatch.setattr(preview, "render", lambda *args: drawn.append(args) or render(*args))
    first = client.get(f"/api/v1/charts/{page}.png", params=QUERIES[page])
    assert first.status_code == 200 and first.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(first.content))
    assert image.format == "PNG" and image.size == (1200, 630)
    colours = len(image.convert("RGB").resize((300, 158)).getcolors(maxcolors=100_000) or ())
    assert colours > 50, "lines and text drawn, not a blank image"
    subject = client.get(f"/api/v1/charts/{page}.json", params=QUERIES[page]).json()["subject"]
    mine = [args for args in drawn if args[2:] == (subject,)]  # not the default previews drawn at start
    before = len(mine)  # 1, or 0 when an earlier test drew this state already
    again = client.get(f"/api/v1/charts/{page}.png", params=QUERIES[page])
    mine = [args for args in drawn if args[2:] == (subject,)]
    assert again.content == first.content and len(mine) == before <= 1, "drawn once per state, then kept"


def test_etag_304_and_cache_control_follow_data_and_state(client):
    first = client.get("/api/v1/charts/usdjpy.csv", params={"range": "1Y"})
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=3600"  # daily data
    assert client.get("/api/v1/charts/treasuries.csv").headers["cache-control"] == "public, max-age=21600"
    again = client.get("/api/v1/charts/usdjpy.csv", params={"range": "1Y"}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert client.get("/api/v1/charts/usdjpy.csv", params={"range": "5Y"}).headers["etag"] != tag
    # The same state written differently (an alias, the default spelled out) is the same chart.
    same = client.get("/api/v1/charts/treasuries.csv", params={"countries": "Japan,china", "transform": "level"})
    plain = client.get("/api/v1/charts/treasuries.csv", params={"countries": "japan,china-mainland"})
    assert same.headers["etag"] == plain.headers["etag"]
    for path in ("/api/v1/datasets", "/api/v1/datasets/usdjpy.csv", "/api/v1/charts/gold.png"):
        tag = client.get(path).headers["etag"]
        assert client.get(path, headers={"If-None-Match": tag}).status_code == 304, path


# -- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/v1/charts/article.csv", "/api/v1/charts/nope.json",
                                  "/api/v1/charts/treasuries.xlsx", "/api/v1/datasets/nope.csv",
                                  "/api/v1/datasets/usdjpy.parquet"])
def test_unknown_page_dataset_or_format_is_a_json_404(client, path):
    answer = client.get(path)
    assert answer.status_code == 404 and answer.headers["content-type"] == "application/json"
    assert "error" in answer.json()


def test_traversal_in_a_dataset_name_is_refused(client):
    # Streamlit's own path check answers first (400); either way nothing is read from disk.
    answer = client.get("/api/v1/datasets/..%2F..%2Fetc%2Fpasswd.csv")
    assert answer.status_code in (400, 404) and "root:" not in answer.text


@pytest.mark.parametrize(("query", "parameter"), [
    ({"countries": "<script>alert(1)</script>"}, "countries"),
    ({"from": "2099-01"}, "from"),
    ({"transform": "x" * 5000}, "transform"),
    ({"from": "2024-01", "to": "2020-01"}, "from"),
    ({"log": "maybe"}, "log"),
])
def test_bad_query_value_is_a_400_naming_the_parameter(client, query, parameter):
    answer = client.get("/api/v1/charts/treasuries.csv", params=query)
    assert answer.status_code == 400 and answer.headers["content-type"] == "application/json"
    problem = answer.json()["problems"][0]
    if parameter == "log":
        assert problem["allowed"].startswith("1 or 0")
    assert problem["parameter"] == parameter and problem["problem"] and problem["allowed"]
    assert len(problem["found"]) <= 41
    assert "Traceback" not in answer.text


def test_a_value_the_page_would_drop_in_part_is_a_400_too(client):
    answer = client.get("/api/v1/charts/gold.csv", params={"economies": "chn,atlantis"})
    assert answer.status_code == 400
    assert "atlantis" in answer.json()["problems"][0]["problem"]


# -- link previews ----------------------------------------------------------------------------

@pytest.mark.parametrize("page", list(QUERIES))
def test_every_chart_page_previews_its_exact_state(client, page):
    answer = client.get(f"/{page}", params=QUERIES[page])
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert 'id="root"' in answer.text  # still Streamlit's page
    tags = meta_of(answer.text)
    data = client.get(f"/api/v1/charts/{page}.json", params=QUERIES[page]).json()
    from web.pages import page_title

    assert tags.title == page_title(data["subject"]) and len(tags.title) <= 70
    assert tags.meta["og:title"] == tags.title and tags.meta["twitter:card"] == "summary_large_image"
    assert tags.meta["og:description"].startswith(data["lead"].split("; ")[0].rstrip(".")), "the chart's news"
    assert tags.meta["og:url"].startswith(f"http://testserver/{page}?")
    image = tags.meta["og:image"]
    assert image == data["png"], "the preview image is the PNG of the same state"
    png = client.get(image.removeprefix("http://testserver"))
    assert png.status_code == 200 and Image.open(io.BytesIO(png.content)).size == (1200, 630)


def test_usdjpy_preview_says_the_rate_and_its_date(client):
    tags = meta_of(client.get("/usdjpy", params={"range": "Max"}).text)
    assert tags.meta["og:description"].startswith("A dollar bought 157.18 yen on 25 September 2026")
    description = tags.meta["og:description"]
    assert description.count("Source:") == 1 and "Ministry of Finance Japan" in description


@pytest.mark.parametrize("path", ["/?utm_source=chat", "/article?verdict=differs&page=2"])
def test_other_pages_preview_too(client, path):
    tags = meta_of(client.get(path).text)
    assert tags.meta["og:title"].endswith("· Dollar Tide") and tags.meta["og:description"]
    assert tags.meta["og:image"].startswith(("http://testserver/api/v1/charts/", "http://testserver/api/v1/previews/"))


def test_hostile_query_and_host_are_never_reflected_unescaped(client):
    hostile = '"><script>alert(1)</script>'
    answer = client.get("/treasuries", params={"countries": f"japan,{hostile}", "from": hostile},
                        headers={"Host": 'evil"><script>x</script>'})
    assert answer.status_code == 200
    assert "<script>alert" not in answer.text and "<script>x" not in answer.text
    tags = meta_of(answer.text)
    assert tags.meta["og:url"].startswith("http://localhost/treasuries?")
    # Read as the page reads it: the bad holder dropped, the bad month back to its default.
    assert tags.meta["og:image"] == "http://localhost/api/v1/charts/treasuries.png?countries=japan"


# -- static bundles ---------------------------------------------------------------------------

def test_static_bundles_come_gzipped_from_memory_with_long_caching(client):
    from web.static import static_root

    bundle = next((static_root() / "static" / "js").glob("index.*.js"))
    answer = client.get(f"/static/js/{bundle.name}", headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200 and answer.headers["content-encoding"] == "gzip"
    assert answer.content == bundle.read_bytes()  # httpx decodes the gzip body
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    raw = client.get(f"/static/js/{bundle.name}", headers={"Accept-Encoding": "identity"})
    assert raw.status_code == 200 and raw.content == bundle.read_bytes()
    assert len(gzip.compress(bundle.read_bytes())) < bundle.stat().st_size / 2
    for bad in ("/static/../../../etc/passwd", "/static/js/..%2F..%2F..%2Findex.html", "/static/js/nope.js"):
        answer = client.get(bad)
        assert "root:" not in answer.text
    for unknown in ("/static/js/nope.js", "/static/css/x.css", "/app/static/topojson/nope.json"):
        answer = client.get(unknown)
        assert answer.status_code == 404 and "<html" not in answer.text.lower(), "a real 404, not the page shell"


def test_robots_txt_lets_crawlers_read_pages_and_previews():
    from starlette.testclient import TestClient

    from app import app

    answer = TestClient(app).get("/robots.txt")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    assert "User-agent: *" in answer.text and "Disallow: /api/v1/charts" not in answer.text


def test_the_pages_still_open_through_the_app(client):
    for path in ("/", "/treasuries", "/usdjpy", "/gold", "/reserves", "/article"):
        assert client.get(path).status_code == 200
    assert client.get("/_stcore/health").text == "ok"


def test_a_full_preview_queue_answers_503_with_retry_after(client, monkeypatch):
    from web import render

    monkeypatch.setattr(render, "QUEUE_MAX", 0)  # as if 64 drawings were waiting already
    answer = client.get("/api/v1/charts/gold.png", params={"economies": "chn,ind", "from": "2011-01"})
    assert answer.status_code == 503 and answer.headers["retry-after"] and "busy" in answer.json()["error"]
    monkeypatch.setattr(render, "QUEUE_MAX", 64)
    assert client.get("/api/v1/charts/gold.png", params={"economies": "chn,ind", "from": "2011-01"}).status_code == 200


def test_a_crowd_asking_for_one_cold_preview_gets_one_drawing(client, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from web import preview

    drawn = []
    real = preview.render
    monkeypatch.setattr(preview, "render", lambda *args: drawn.append(args) or real(*args))
    params = {"countries": "japan,uk,canada", "from": "2007-03"}
    with ThreadPoolExecutor(16) as crowd:
        answers = list(crowd.map(lambda _: client.get("/api/v1/charts/treasuries.png", params=params), range(16)))
    assert [a.status_code for a in answers] == [200] * 16
    subject = client.get("/api/v1/charts/treasuries.json", params=params).json()["subject"]
    mine = [args for args in drawn if args[2:] == (subject,)]  # not the default previews drawn at start
    assert len({a.content for a in answers}) == 1 and len(mine) == 1, "one drawing, every waiter gets it"


def test_readyz_counts_the_drawings_a_cold_preview_starts(client):
    def started() -> int:
        return client.get("/readyz").json()["previews"]["drawings_started"]

    for _ in range(600):  # the defaults drawn at start would be counted too
        previews = client.get("/readyz").json()["previews"]
        if previews["default_rounds"] >= 1 and previews["waiting_or_drawing"] == 0:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the default previews were never drawn")
    params = {"economies": "tur,pol,ind", "from": "2013-05"}
    before = started()
    assert client.get("/api/v1/charts/gold.png", params=params).status_code == 200
    assert started() == before + 1, "a cold preview is one drawing"
    assert client.get("/api/v1/charts/gold.png", params=params).status_code == 200
    assert started() == before + 1, "asked again, it is served from the cache"
    assert client.get("/readyz").json()["previews"]["waiting_or_drawing"] == 0


def test_parameters_the_chart_ignores_do_not_make_new_previews(client):
    plain = client.get("/api/v1/charts/gold.png", params={"unit": "moz"})
    noisy = client.get("/api/v1/charts/gold.png", params={"unit": "moz", "section": "world-total", "n": "7"})
    assert plain.headers["etag"] == noisy.headers["etag"]
    other_host = client.get("/api/v1/charts/gold.png", params={"unit": "moz"}, headers={"Host": "mirror.example"})
    assert other_host.headers["etag"] == plain.headers["etag"], "a preview does not depend on the host"


def test_kept_answers_are_capped_by_size():
    from views import memo

    for i in range(40):
        memo.cached(("size-test", i), lambda: b"x" * (4 * 2**20))
    kept = sum(len(v) for k, v in memo._values.items() if isinstance(k, tuple) and k[0] == "size-test")
    assert kept <= memo.MAX_BYTES


def test_chart_pages_fetch_their_partial_plotly_bundle_early_and_never_streamlits_full_one(client):
    from ui.plot import BUNDLES
    from web.pages import UNLESS_TOUCH

    for path, query, kind in (("/treasuries", None, "basic"), ("/usdjpy", {"range": "1Y"}, "basic"),
                              ("/gold", None, "basic"), ("/reserves", None, "basic"),
                              ("/gold", {"section": "map"}, "geo"), ("/treasuries", {"section": "map"}, "geo")):
        page = client.get(path, params=query).text
        # In <head>, or (a page whose first paint is its chart's still) with Streamlit's own scripts
        # once the still has painted (web.pages.boot_after_still), and not on a touch screen, which
        # draws the chart when its still is tapped (ui.plot).
        assert (f'<link rel="preload" as="script" href="./{BUNDLES[kind]}" />' in page
                or f'["link",{{"rel":"preload","as":"script","href":"./{BUNDLES[kind]}",'
                   f'"media":"{UNLESS_TOUCH}"}}]' in page), (path, query)
        assert "PlotlyChart." not in page, "Streamlit's 4.7 MB plotly bundle is not asked for"
        bundle = client.get("/" + BUNDLES[kind], headers={"Accept-Encoding": "gzip"})
        assert bundle.status_code == 200 and bundle.headers["content-type"].startswith(("application/javascript",
                                                                                        "text/javascript"))
        assert f"plotly.js ({kind} - minified) v4.1.1" in bundle.text[:200]
    for path in ("/", "/article"):  # tiles first; the article's small charts are stills
        page = client.get(path).text
        assert not any(bundle in page for bundle in BUNDLES.values()) and "og:title" in page, path


def test_the_committed_plotly_bundles_are_the_npm_packages():
    from tests.helpers import ROOT
    from ui.plot import BUNDLES, VERSION

    package = json.loads((ROOT / "js" / "package.json").read_text())
    for kind, path in BUNDLES.items():
        name = f"plotly.js-{kind}-dist-min"
        assert package["dependencies"][name] == VERSION
        installed = ROOT / "js" / "node_modules" / name / f"plotly-{kind}.min.js"
        if not installed.exists():
            pytest.skip(f"{installed} is absent (npm ci --prefix js)")
        assert (ROOT / path.removeprefix("app/")).read_bytes() == installed.read_bytes(), path


def test_datasets_carry_revisions_footnotes_breaks_and_each_figures_table(client):
    listing = {d["name"]: d for d in client.get("/api/v1/datasets").json()["datasets"]}
    tic = listing["treasury_holdings"]
    assert tic["provenance"]["revisions"]["2025"] == "2026-05-18"
    assert tic["provenance"]["released"] == "2026-05-18"
    uk = next(s for s in tic["series"] if s["id"] == "United Kingdom")
    assert any("Channel Islands" in n for n in uk["notes"])
    kinds = {b["kind"] for b in uk["breaks"]}
    assert {"survey", "definition", "footnote"} <= kinds
    june = next(b for b in uk["breaks"] if b["date"] == "2011-06-30")
    assert june["like_for_like"] and "end-June 2011 annual survey" in june["note"]
    csv = pd.read_csv(io.StringIO(client.get("/api/v1/datasets/treasury_holdings.csv").text), comment="#")
    assert {"source", "break_kind", "old_basis", "note"} <= set(csv.columns)
    russia = csv[csv["series"] == "Russia"]
    assert russia["date"].max() == "2026-04-30" and set(russia["source"]) == {"mfhhis01", "slt_table3"}


def test_chart_csv_across_a_survey_break_is_like_for_like_with_a_note(client):
    query = {"countries": "uk", "transform": "mom", "from": "2011-01", "to": "2011-12"}
    answer = client.get("/api/v1/charts/treasuries.csv", params=query)
    body = pd.read_csv(io.StringIO(answer.text), comment="#").set_index("date")
    assert body.loc["2011-06-30", "United Kingdom (USD bn, change on month)"] == 2.5
    assert "like for like" in body.loc["2011-06-30", "note"]
    assert pd.isna(body.loc["2011-12-31", "United Kingdom (USD bn, change on month)"])
    assert "left blank" in body.loc["2011-12-31", "note"]
    assert "# note: Series breaks in these months" in answer.text


# -- links that travel ---------------------------------------------------------------------------

def test_forwarded_headers_count_only_from_a_trusted_proxy(client, monkeypatch):
    from web import responses

    scope = {"type": "http", "scheme": "http", "client": ("203.0.113.9", 5555), "root_path": "",
             "headers": [(b"host", b"dollar-tide.test:8501"), (b"x-forwarded-proto", b"https"),
                         (b"x-forwarded-host", b"evil.example")]}
    assert responses.site(scope) == "http://dollar-tide.test:8501", "a client's own forwarded headers are ignored"
    proxied = {**scope, "client": ("127.0.0.1", 5555)}
    assert responses.site(proxied) == "https://evil.example", "the proxy on loopback is believed"
    monkeypatch.setenv(responses.TRUSTED_PROXIES_ENV, "10.0.0.0/8")
    assert responses.site(proxied) == "http://dollar-tide.test:8501"
    monkeypatch.setenv("DOLLAR_TIDE_PUBLIC_URL", "https://dollar-tide.example.org/")
    assert responses.site(scope) == "https://dollar-tide.example.org"


def test_a_public_url_makes_every_absolute_link(client, monkeypatch):
    monkeypatch.setenv("DOLLAR_TIDE_PUBLIC_URL", "https://dollar-tide.example.org")
    poison = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "gopher"}
    page = client.get("/treasuries", params={"countries": "japan"}, headers=poison).text
    assert 'content="https://dollar-tide.example.org/treasuries?countries=japan"' in page
    assert "https://dollar-tide.example.org/api/v1/charts/treasuries.png?countries=japan" in page
    assert "evil.example" not in page
    data = client.get("/api/v1/charts/usdjpy.json", params={"range": "1Y"}, headers=poison).json()
    assert data["link"] == "https://dollar-tide.example.org/usdjpy?range=1Y" and "evil" not in json.dumps(data)
    csv = client.get("/api/v1/charts/usdjpy.csv", params={"range": "1Y"}, headers=poison)
    assert "# link: https://dollar-tide.example.org/usdjpy?range=1Y" in csv.text
    listing = client.get("/api/v1/datasets/usdjpy.csv", headers=poison)
    assert listing.headers["link"].startswith("<https://dollar-tide.example.org/api/v1/datasets/usdjpy.json>")


def test_etags_depend_on_the_data_and_state_only_not_the_clock(client, monkeypatch):
    import time

    first = client.get("/api/v1/charts/treasuries.csv", params={"countries": "japan"})
    later = time.time() + 7 * 3600  # past any staleness bucket and past the max-age
    monkeypatch.setattr(time, "time", lambda: later)
    again = client.get("/api/v1/charts/treasuries.csv", params={"countries": "japan"},
                       headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304, "a CDN revalidating after max-age keeps its copy while the data is unchanged"
    listing = client.get("/api/v1/datasets")
    assert listing.headers["etag"].startswith('W/"'), "its freshness words follow the clock: a weak tag"


def test_the_api_describes_itself_in_openapi(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    paths = doc["paths"]
    assert {"/api/v1/datasets", "/api/v1/datasets/{file}", "/api/v1/charts/treasuries.csv",
            "/api/v1/charts/gold.png", "/api/v1/charts/usdjpy.json", "/healthz", "/readyz"} <= set(paths)
    params = {p["name"]: p for p in paths["/api/v1/charts/treasuries.csv"]["get"]["parameters"]}
    assert "yoy" in params["transform"]["schema"]["enum"] and params["from"]["schema"]["pattern"]
    assert set(paths["/api/v1/charts/treasuries.csv"]["get"]["responses"]) >= {"200", "304", "400", "422", "503"}
    assert "README" not in doc and doc["servers"][0]["url"].startswith("http")


def test_the_cache_budget_holds_under_many_distinct_states(client, monkeypatch):
    import random

    from views import memo

    fig = api.resolve("usdjpy", {"range": ["max"]})[1].fig
    spec_json = len(fig.to_json())
    assert memo.size_of(fig) >= spec_json, "a figure counts at least its JSON, not 0 bytes"
    budget = 3 * 2**20
    monkeypatch.setattr(memo, "MAX_BYTES", budget)
    rng = random.Random(4)
    holders = ["japan", "china-mainland", "united-kingdom", "canada", "belgium", "ireland", "france", "taiwan"]
    for i in range(40):
        query = {"countries": ",".join(rng.sample(holders, 3)), "from": f"{2001 + i % 20}-{1 + i % 12:02d}",
                 "transform": rng.choice(["level", "mom", "yoy"])}
        fmt = rng.choice(["csv", "json"])
        assert client.get(f"/api/v1/charts/treasuries.{fmt}", params=query).status_code == 200
        entries, kept = memo.held()
        assert kept <= budget or entries == 1, f"{kept:,} bytes kept over a {budget:,} budget"


@pytest.mark.parametrize("query", ["/treasuries", "/treasuries?countries=japan&transform=mom", "/usdjpy",
                                   "/usdjpy?range=1Y&events=0", "/gold", "/gold?section=map", "/reserves",
                                   "/reserves?currencies=usd&measure=amount", "/article", "/",
                                   "/treasuries?section=was-it-selling", "/treasuries?section=fed-custody",
                                   # long states: many holders, economies and currencies, custom dates
                                   "/treasuries?countries=japan,china-mainland,united-kingdom,cayman-islands,"
                                   "luxembourg,switzerland,hong-kong,singapore,taiwan,saudi-arabia&transform=share"
                                   "&from=2003-07",
                                   "/gold?economies=chn,ind,tur,pol,rus,kaz,uzb,cze,jpn,deu,che,fra&from=1995-01&unit=moz",
                                   "/usdjpy?range=Custom&from=1991-05-17&to=2024-04-29&log=1",
                                   "/reserves?currencies=usd,eur,jpy,gbp,cny,chf,cad,aud&measure=amount&from=2001-Q1",
                                   "/article?mode=text"])
def test_link_previews_say_the_news_in_a_sentence_within_the_limits(client, query):
    from web.pages import describe

    path, _, qs = query.partition("?")
    _, description, _ = describe(path, qs)
    meta = meta_of(client.get(query).text).meta
    shown = meta["og:title"]  # the title with the site's name, as chat apps show it
    assert len(shown) <= 70 and len(description) <= 200, (shown, description)
    assert len(meta["og:description"]) <= 200 and len(meta.get("twitter:title", shown)) <= 70, meta
    assert description.endswith(".") and "…" not in description, description
    if path == "/treasuries" and not qs:
        assert description.startswith("Japan held $1,209.9 bn in April 2026, up $18.3 bn on the month")
        assert description.endswith("Source: U.S. Department of the Treasury.")
    if path == "/usdjpy" and not qs:
        assert description.startswith("A dollar bought 157.18 yen on 25 September 2026")
    if path == "/reserves" and not qs:
        assert description.startswith("The US dollar was 57.13% of allocated reserves at the end of 2026-Q1")
        assert "International Monetary Fund" in description


def test_a_preview_shows_what_its_chart_shows():
    import plotly.graph_objects as go

    from web import preview

    _, main, _ = api.resolve("usdjpy", {})
    with_bars = preview.render(main.fig, main.provs, main.subject)
    spec = main.fig.to_dict()
    bare = go.Figure({**spec, "data": [t for t in spec["data"] if not (t.get("meta") or {}).get("spikes")]})
    assert preview.render(bare, main.provs, main.subject) != with_bars, "the interventions are drawn"
    assert preview.render(main.fig, main.provs) != with_bars, "titled with what the chart shows and when"
    _, gold, _ = api.resolve("gold", {})
    spec = gold.fig.to_dict()
    assert spec["layout"].get("shapes"), "the gold chart bridges a missing report"
    unbridged = go.Figure({**spec, "layout": {**spec["layout"], "shapes": []}})
    assert preview.render(unbridged, gold.provs) != preview.render(gold.fig, gold.provs), "and so does its preview"


def test_the_article_check_previews_its_own_verdicts(client):
    tags = meta_of(client.get("/article").text)
    assert tags.meta["og:image"] == "http://testserver/api/v1/previews/article.png"
    # 14: China's April gold is checked against SAFE's monthly figure (issue 30)
    assert tags.meta["og:description"].startswith("14 of 28 claims match the official figures, 7 were revised since")
    png = client.get("/api/v1/previews/article.png")
    assert png.status_code == 200 and Image.open(io.BytesIO(png.content)).size == (1200, 630)
    assert client.get("/api/v1/previews/article.png", headers={"If-None-Match": png.headers["etag"]}).status_code == 304


@pytest.mark.parametrize(("page", "query", "lead"), [
    ("treasuries", "section=map", "Largest in April 2026: Japan 1,209.9, United Kingdom 937.5, China 651.1, "
                                  "Cayman Islands 471.6 USD bn."),
    ("gold", "section=map&map=change", "June 2026: largest rise Poland +117.0 tonnes; largest fall Türkiye"),
])
def test_a_map_view_previews_and_exports_its_own_map(client, page, query, lead):
    tags = meta_of(client.get(f"/{page}?{query}").text)
    assert "by economy" in tags.title or "by holder" in tags.title, tags.title
    assert tags.meta["og:description"].startswith(lead), tags.meta["og:description"]
    image = tags.meta["og:image"].removeprefix("http://testserver")
    assert "section=map" in image
    map_png = client.get(image)
    default_png = client.get(f"/api/v1/charts/{page}.png")
    assert map_png.status_code == 200 and Image.open(io.BytesIO(map_png.content)).size == (1200, 630)
    assert map_png.content != default_png.content, "the map's own picture, not the holdings chart"
    data = client.get(f"/api/v1/charts/{page}.json?{query}").json()
    assert data["state"]["section"] == "map" and data["columns"][0] == "label", data["columns"]
    names = {row["label"] for row in data["rows"]}
    assert ("Cayman Islands" in names) if page == "treasuries" else ("Poland" in names)
    # What the holdings chart depends on is not part of the map's state.
    assert "countries" not in data["state"] and "economies" not in data["state"]


def test_a_map_preview_paints_the_economies_in_their_colours():
    from web import preview_map

    world = preview_map.shapes()
    assert {"JPN", "CHN", "CYM", "RUS"} <= set(world)
    russia = np.concatenate(world["RUS"][0])
    assert russia[:, 0].max() - russia[:, 0].min() < 200, "drawn across the antimeridian, not as a band"
    trace = {"colorscale": [[0, "rgb(0,0,0)"], [1, "rgb(255,255,255)"]], "zmin": 0, "zmax": 10}
    assert preview_map.colours(trace, np.array([0.0, 5.0, 10.0, 99.0])) == [
        "rgb(0, 0, 0)", "rgb(128, 128, 128)", "rgb(255, 255, 255)", "rgb(255, 255, 255)"]


# -- POST /api/v1/check -------------------------------------------------------------------------

ARTICLES = ROOT / "tests" / "articles"


def article(name: str) -> tuple[str, str]:
    import tomllib

    key = tomllib.loads((ARTICLES / f"{name}.toml").read_text())
    return (ARTICLES / f"{name}.txt").read_text(), key["article"]["published"]


def test_check_finds_each_figure_with_its_span_verdict_and_chart(client):
    text, published = article("tic_reuters")
    answer = client.post("/api/v1/check", json={"text": text, "published": published})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert body["published"] == published and "treasury_holdings" in body["data_versions"]
    claims = body["claims"]
    assert len(claims) >= 15
    for claim in claims:
        start, end = claim["span"]
        assert text[start:end] == claim["number"], claim
    first = claims[0]
    assert first["number"] == "$1.21 trillion" and first["verdict"] == "matches" and first["series"] == ["Japan"]
    assert first["chart"].startswith("/treasuries?") and "countries=japan" in first["chart"]
    assert {c["verdict"] for c in claims} >= {"matches", "differs", "not checkable"}
    assert all(c["chart"] is None for c in claims if c["verdict"] == "not checkable")
    # Non-ASCII text: spans count code points, as Python does
    yen, when = article("commentary_translated")
    for claim in client.post("/api/v1/check", json={"text": yen, "published": when}).json()["claims"]:
        assert yen[claim["span"][0]:claim["span"][1]] == claim["number"]


def test_check_answer_fits_its_openapi_schema(client):
    import jsonschema

    doc = client.get("/api/v1/openapi.json").json()
    operation = doc["paths"]["/api/v1/check"]["post"]
    assert set(operation["responses"]) >= {"200", "400", "413", "503"}
    text, published = article("gold_wire")
    body = client.post("/api/v1/check", json={"text": text, "published": published}).json()
    schema = {**doc["components"]["schemas"]["Check"], "components": doc["components"]}
    jsonschema.validate(body, schema)


@pytest.mark.parametrize(("body", "field", "words"), [
    (b"not json", "body", "not JSON"),
    (b"\xff\xfe{}", "body", "not JSON"),
    (b"[1, 2]", "body", "not an object"),
    (b'"text"', "body", "not an object"),
    (b"[" * 5000 + b"]" * 5000, "body", "not JSON"),
    (b'{"published": "2026-06-18"}', "text", "No text"),
    (b'{"text": "   ", "published": "2026-06-18"}', "text", "No text"),
    (b'{"text": 12, "published": "2026-06-18"}', "text", "must be a string"),
    (json.dumps({"text": "x" * 20_001, "published": "2026-06-18"}).encode(), "text", "20,001 characters"),
    (b'{"text": "\\ud800 $1 billion", "published": "2026-06-18"}', "text", "not valid Unicode"),
    (b'{"text": "Japan held $1.2 trillion."}', "published", "No publication date"),
    (b'{"text": "Japan held $1.2 trillion.", "published": "June 18"}', "published", "Not a date"),
    (b'{"text": "Japan held $1.2 trillion.", "published": "2026-02-30"}', "published", "Not a date"),
    (b'{"text": "Japan held $1.2 trillion.", "published": "0001-01-01"}', "published", "out of range"),
    (b'{"text": "Japan held $1.2 trillion.", "published": 20260618}', "published", "must be a string"),
])
def test_bad_check_input_is_a_400_naming_the_problem(client, body, field, words):
    answer = client.post("/api/v1/check", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 400, answer.text
    error = answer.json()
    assert error["field"] == field and words in error["error"], error
    assert answer.headers["cache-control"] == "no-store"


def test_a_body_over_100_kb_is_refused_unread(client):
    big = json.dumps({"text": "a" * 150_000, "published": "2026-06-18"}).encode()
    answer = client.post("/api/v1/check", content=big, headers={"content-type": "application/json"})
    assert answer.status_code == 413 and answer.json()["field"] == "body"

    def chunks():  # no Content-Length: counted as it streams in
        for _ in range(30):
            yield b"x" * 4096

    streamed = client.post("/api/v1/check", content=chunks())
    assert streamed.status_code == 413


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as hs  # noqa: E402

_json_values = hs.recursive(
    hs.none() | hs.booleans() | hs.integers() | hs.floats(allow_nan=False) | hs.text(max_size=60),
    lambda inner: hs.lists(inner, max_size=4) | hs.dictionaries(hs.text(max_size=10), inner, max_size=4),
    max_leaves=12)
_texts = hs.one_of(hs.text(max_size=300), hs.sampled_from([
    "Japan held $1.21 trillion in April.", "China's gold rose 40 tonnes to 2,346 tonnes.", "¥9.8tn 億ドル 150円",
    "since 2008 since since", "$", "1e999 trillion", "−5%", "<script>alert(1)</script> $3 billion"]))
_bodies = hs.one_of(
    hs.binary(max_size=200),
    _json_values.map(lambda v: json.dumps(v).encode()),
    hs.fixed_dictionaries({"text": hs.one_of(_texts, _json_values)},
                          optional={"published": hs.one_of(hs.dates().map(str), hs.text(max_size=20), _json_values),
                                    "extra": _json_values}).map(lambda v: json.dumps(v).encode()),
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=_bodies)
def test_hostile_check_bodies_never_make_a_server_error(client, body):
    answer = client.post("/api/v1/check", content=body, headers={"content-type": "application/json"})
    assert answer.status_code in (200, 400), (body[:200], answer.status_code, answer.text[:300])
    parsed = answer.json()
    if answer.status_code == 400:
        assert parsed["error"] and parsed["field"] in ("body", "text", "published")
    else:
        text = json.loads(body)["text"]
        assert all(text[c["span"][0]:c["span"][1]] == c["number"] for c in parsed["claims"])


def test_the_selling_view_is_a_chart_of_its_own_in_the_api_and_its_preview(client):
    query = "section=was-it-selling&countries=japan,china&flow_from=2024-01&flow_to=2024-06"
    data = client.get(f"/api/v1/charts/treasuries.json?{query}").json()
    assert data["state"] == {"section": "was-it-selling", "countries": "japan,china-mainland", "flow_from": "2024-01",
                             "flow_to": "2024-06"}
    april = next(r for r in data["rows"] if r["date"] == "2024-04-30")
    assert april["Japan: Net purchases (USD bn)"] == -11.8
    assert april["Japan: Price changes (USD bn)"] == -29.8
    assert april["Japan: Change in holdings (USD bn)"] == -40.9
    assert april["China: Net purchases (USD bn)"] == 21.6
    assert data["lead"] == ("Japan's holdings fell 14.5 bn in June 2024: net sales 24.6 bn, price changes +13.4 bn, "
                            "other −3.3 bn.")
    csv = client.get(f"/api/v1/charts/treasuries.csv?{query}")
    assert csv.status_code == 200 and "Japan: Net purchases (USD bn)" in csv.text
    tags = meta_of(client.get(f"/treasuries?{query}").text)
    assert tags.title.startswith("Was it selling?"), tags.title
    image = tags.meta["og:image"].removeprefix("http://testserver")
    assert "section=was-it-selling" in image
    png = client.get(image)
    assert png.status_code == 200 and Image.open(io.BytesIO(png.content)).size == (1200, 630)
    assert png.content != client.get("/api/v1/charts/treasuries.png").content
    bad = client.get("/api/v1/charts/treasuries.json?section=was-it-selling&flow=weekly")
    assert bad.status_code == 400 and bad.json()["problems"][0]["parameter"] == "flow"


def test_the_custody_view_states_what_the_two_counts_measure(client):
    data = client.get("/api/v1/charts/treasuries.json?section=fed-custody&custody_from=2020-01").json()
    assert data["state"] == {"section": "fed-custody", "custody_from": "2020-01"}
    last = [r for r in data["rows"] if r.get("Held in custody at the New York Fed (weekly, H.4.1) (USD bn)")][-1]
    assert last["date"] == "2026-06-24"
    assert last["Held in custody at the New York Fed (weekly, H.4.1) (USD bn)"] == 2636.9
    assert any("face value" in n and "market value" in n for n in data["notes"])
    assert data["lead"] == ("The Fed held $2,636.9 bn for foreign official accounts on 24 Jun 2026, up $5.7 bn on the "
                            "week; $498.5 bn below its March 2021 peak.")


def test_a_path_that_is_no_page_answers_404_with_the_pages(client):
    missing = client.get("/nosuchpage")
    assert missing.status_code == 404 and "Page not found" in missing.text
    assert 'href="/treasuries"' in missing.text and "/nosuchpage" in missing.text
    assert client.get("/treasuries").status_code == 200 and client.get("/").status_code == 200
    assert client.get("/healthz").status_code != 404


# -- the still: a chart page's first paint ------------------------------------------------------

class Still(HTMLParser):
    """The still's element and its picture in a page's HTML, and where Streamlit's scripts are."""

    def __init__(self) -> None:
        super().__init__()
        self.box: dict[str, str] | None = None
        self.img: dict[str, str] = {}
        self.sources: list[dict[str, str]] = []
        self.preloads: list[dict[str, str]] = []
        self._inside = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = {k: v or "" for k, v in attrs}
        if tag == "link" and attrs.get("as") == "image":
            self.preloads.append(attrs)
        if tag == "div" and attrs.get("id") == "dt-still":
            self.box, self._inside = attrs, 1
        elif self._inside and tag == "source":
            self.sources.append(attrs)
        elif self._inside and tag == "img":
            self.img = attrs

    def handle_endtag(self, tag: str) -> None:
        if self._inside and tag == "div":
            self._inside = 0


def still_of(text: str) -> Still:
    parser = Still()
    parser.feed(text)
    return parser


def test_a_chart_page_paints_the_still_of_its_exact_state_in_the_charts_place(client):
    from charts.alt import alt_text

    answer = client.get("/treasuries", params={"countries": "japan"})
    assert answer.status_code == 200
    still = still_of(answer.text)
    assert still.box is not None, "the page's HTML carries the still"
    _, main, _ = api.resolve("treasuries", {"countries": ["japan"]})
    height = int(main.fig.layout.height)
    # The same picture as the link preview (og:image), at the size of the page's chart.
    og_image = meta_of(answer.text).meta["og:image"].removeprefix("http://testserver/")
    assert still.img["src"] == f"./{og_image}&still=narrow"
    assert [s["srcset"] for s in still.sources] == [f"./{og_image}&still=wide"]
    assert (still.img["width"], still.img["height"]) == ("380", str(height))
    assert f"height:{height}px" in answer.text, "the still's box is as tall as the chart"
    assert still.img["alt"] == alt_text(main.fig) and "Japan" in still.img["alt"], "the chart's text alternative"
    assert "aria-hidden" not in still.box, "read until the chart is there (ui.plot then hides it)"
    # Fetched before anything of Streamlit's: its scripts and font are added once the still has painted.
    assert {p["href"] for p in still.preloads} == {still.img["src"], still.sources[0]["srcset"]}
    assert answer.text.index("&amp;still=narrow") < answer.text.index("static/js/index.")
    assert '<script type="module"' not in answer.text and 'rel="modulepreload"' not in answer.text
    for src, width in ((still.img["src"], 380), (still.sources[0]["srcset"], 820)):
        png = client.get("/" + src.removeprefix("./").replace("&amp;", "&"))
        assert png.status_code == 200 and png.headers["content-type"] == "image/png"
        assert Image.open(io.BytesIO(png.content)).size == (2 * width, 2 * height), "drawn at twice the CSS pixels"
        assert len(png.content) < 80_000, "a palette PNG: what a phone on a slow network waits for"
    other = still_of(client.get("/treasuries", params={"countries": "china-mainland"}).text)
    assert other.img["src"] != still.img["src"] and "China" in other.img["alt"], "each state its own still"


@pytest.mark.parametrize("query", [{"from": "not-a-month"}, {"countries": "japan,atlantis"}, {"countries": ""}])
def test_a_state_the_page_would_not_draw_as_asked_has_no_still(client, query):
    answer = client.get("/treasuries", params=query)
    assert answer.status_code == 200 and still_of(answer.text).box is None
    assert '<script type="module"' in answer.text, "Streamlit starts at once"


def test_pages_without_a_main_chart_have_no_still_and_an_embed_has_its_own(client):
    for path in ("/", "/article"):
        assert still_of(client.get(path).text).box is None, path
    embed = client.get("/usdjpy", params={"range": "1Y", "embed": "true"}).text
    still = still_of(embed)
    assert still.img["src"] == "./api/v1/charts/usdjpy.png?range=1Y&still=narrow"
    assert "calc(100vh - " in embed, "as tall as the frame leaves room for, like the embed's chart"
    assert still_of(client.get("/treasuries", params={"section": "map", "embed": "true"}).text).box is None


def test_a_still_size_is_one_of_the_named_ones(client):
    assert client.get("/api/v1/charts/usdjpy.png", params={"still": "huge"}).status_code == 400
    wide = client.get("/api/v1/charts/usdjpy.png", params={"still": "wide"})
    plain = client.get("/api/v1/charts/usdjpy.png")
    assert wide.headers["etag"] != plain.headers["etag"]
    assert Image.open(io.BytesIO(plain.content)).size == (1200, 630), "the link preview is unchanged"


def test_a_still_asked_for_again_is_answered_without_building_its_state_again(client, monkeypatch):
    params = {"countries": "japan,germany", "still": "narrow"}
    first = client.get("/api/v1/charts/treasuries.png", params=params)
    calls = []
    real = api.resolve
    monkeypatch.setattr(api, "resolve", lambda *a, **k: calls.append(a) or real(*a, **k))
    again = client.get("/api/v1/charts/treasuries.png", params=params)
    assert again.status_code == 200 and again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert not calls, "every page view asks for its still: no second build of the state"
    assert client.get("/api/v1/charts/treasuries.png", params=params,
                      headers={"If-None-Match": first.headers["etag"]}).status_code == 304
