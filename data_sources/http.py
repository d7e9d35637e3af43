"""HTTP: one cached, retrying session, and `fetch()` that turns every failure into a named error.

The session is built by the caller (the refresh command, a test) and passed in; nothing here
opens a connection or a cache file at import time.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError
from urllib3.util.retry import Retry

from . import paths
from .errors import ContentError, FetchError, HTTPStatusError
from .errors import shorten as _shorten

USER_AGENT = (
    "DollarTide/1.0 (open-source dashboard of official data; "
    "+https://github.com/dollar-tide/dollar-tide)"
)
CONNECT_TIMEOUT, READ_TIMEOUT = 10.0, 60.0
RETRY_STATUSES = (429, 500, 502, 503, 504)
SECRET_PARAMS = ("api_key",)  # query parameters that must never be logged, cached or stored
HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)


def retry_policy(total: int = 3, backoff: float = 1.0) -> Retry:
    """Retries on 429/5xx and dropped connections, backing off, honouring Retry-After."""
    return Retry(
        total=total, connect=total, read=total, status=total, backoff_factor=backoff, backoff_max=30,
        status_forcelist=RETRY_STATUSES, allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True, raise_on_status=False,
    )


def make_session(cache_path: Path | None = None, *, mirror: Path | None = None,
                 transport: BaseAdapter | None = None, cache: bool = True,
                 retry: Retry | None = None) -> requests.Session:
    """A requests-cache session (SQLite) with retries and our User-Agent.

    `mirror` answers the official URLs from a folder (see `mirror.MirrorAdapter`); `transport`
    mounts any other adapter (tests inject faults this way). Both go through the same cache.
    """
    if cache:
        import requests_cache

        path = Path(cache_path) if cache_path else paths.http_cache_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        session: requests.Session = requests_cache.CachedSession(
            str(path), backend="sqlite", expire_after=timedelta(hours=6), stale_if_error=True,
            allowable_codes=(200,), allowable_methods=("GET",), ignored_parameters=list(SECRET_PARAMS),
            match_headers=["Accept"],
        )
    else:
        session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    if transport is None and mirror is not None:
        from .mirror import MirrorAdapter

        transport = MirrorAdapter(mirror)
    adapter = transport or HTTPAdapter(max_retries=retry or retry_policy())
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def redact(url: str) -> str:
    """The URL without secret query parameters (the FRED API key)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in SECRET_PARAMS]
    return urlunsplit(parts._replace(query=urlencode(query, safe=",.")))


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return re.sub(r"(api_key=)[^&\s'\"]+", r"\1***", text)


@dataclass(frozen=True)
class Fetched:
    url: str  # redacted
    body: bytes
    sha256: str
    from_cache: bool
    fetched_at: datetime


def fetch(session: requests.Session, url: str, *, source: str, expect: str, body: str = "text",
          headers: dict[str, str] | None = None, expire_after: timedelta | None = None,
          secrets: tuple[str, ...] = (), timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
          ) -> Fetched:
    """GET `url` and check the body is data of the expected kind; raise a DataSourceError if not."""
    shown = redact(url)
    kwargs: dict[str, object] = {"headers": headers or {}, "timeout": timeout}
    if expire_after is not None and hasattr(session, "cache"):
        kwargs["expire_after"] = expire_after
    try:
        response = session.get(url, **kwargs)  # type: ignore[arg-type]
    except requests.Timeout as exc:
        raise FetchError(source, shown, f"{expect} within {timeout[1]:.0f} s",
                         scrub(f"timed out ({type(exc).__name__})", secrets)) from None
    except requests.exceptions.ChunkedEncodingError as exc:
        raise ContentError(source, shown, expect, scrub(f"body cut short ({_shorten(str(exc))})", secrets)) from None
    except requests.ConnectionError as exc:
        if _timed_out(exc):  # a read timeout after retries surfaces as a ConnectionError
            raise FetchError(source, shown, f"{expect} within {timeout[1]:.0f} s",
                             "timed out (after retries)") from None
        raise FetchError(source, shown, "a connection", scrub(f"connection failed: {_reason(exc)}", secrets)) from None
    except requests.RequestException as exc:
        raise FetchError(source, shown, expect, scrub(_shorten(str(exc)), secrets)) from None
    if response.status_code != 200:
        raise HTTPStatusError(source, shown, response.status_code, _describe(response.content))
    content = response.content
    check_body(content, response.headers, source=source, url=shown, expect=expect, body=body)
    return Fetched(
        url=shown,
        body=content,
        sha256=hashlib.sha256(content).hexdigest(),
        from_cache=bool(getattr(response, "from_cache", False)),
        fetched_at=_fetched_at(response),
    )


def check_body(content: bytes, headers: object, *, source: str, url: str, expect: str, body: str) -> None:
    """Empty, HTML instead of data, shorter than announced, or not a workbook → ContentError."""
    if not content.strip():
        raise ContentError(source, url, expect, "an empty body")
    declared = headers.get("Content-Length") if hasattr(headers, "get") else None  # type: ignore[union-attr]
    encoded = headers.get("Content-Encoding") if hasattr(headers, "get") else None  # type: ignore[union-attr]
    if declared and not encoded and declared.isdigit() and int(declared) != len(content):
        raise ContentError(source, url, expect, f"{len(content):,} of {int(declared):,} announced bytes (cut short)")
    if body != "html" and HTML_START.match(content[:512]):
        raise ContentError(source, url, expect, f"an HTML page ({_describe(content)})")
    if body == "xlsx" and not content.startswith(b"PK"):
        raise ContentError(source, url, expect, f"not a zip/xlsx file (starts {content[:16]!r})")


def _describe(content: bytes) -> str:
    title = re.search(rb"<title[^>]*>(.*?)</title>", content[:4096], re.IGNORECASE | re.DOTALL)
    if title:
        return "title " + repr(title[1].decode("utf-8", "replace").strip()[:80])
    return _shorten(content[:100].decode("utf-8", "replace"), 100)


def _timed_out(exc: requests.ConnectionError) -> bool:
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    # NewConnectionError subclasses ConnectTimeoutError in urllib3 2, but it means "refused".
    return isinstance(reason, (ReadTimeoutError, ConnectTimeoutError)) and not isinstance(reason, NewConnectionError)


def _reason(exc: Exception) -> str:
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "Temporary failure in name resolution",
                   "Network is unreachable", "has no entry"):
        if marker in text:
            return marker if marker != "has no entry" else _shorten(text)
    return _shorten(text)


def _fetched_at(response: requests.Response) -> datetime:
    created = getattr(response, "created_at", None)
    if getattr(response, "from_cache", False) and isinstance(created, datetime):
        return created if created.tzinfo else created.replace(tzinfo=UTC)
    return datetime.now(UTC)
