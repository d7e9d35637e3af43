"""HTTP: one cached, retrying session, and `fetch()` that turns every failure into a named error.

The session is built by the caller (the refresh command, a test) and passed in; nothing here
opens a connection or a cache file at import time.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
import urllib3
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3 import HTTPResponse
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

from . import paths
from .errors import ConnectionFailed, ContentError, FetchError, HTTPStatusError
from .errors import shorten as _shorten

USER_AGENT = (
    "DollarTide/1.0 (open-source dashboard of official data; "
    "+https://github.com/dollar-tide/dollar-tide)"
)
CONNECT_TIMEOUT, READ_TIMEOUT = 10.0, 60.0
RETRY_STATUSES = (429, 500, 502, 503, 504)
SECRET_PARAMS = ("api_key",)  # query parameters that must never be logged, cached or stored
HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)
MAX_RETRY_AFTER_S = 60.0  # a server may ask for hours (urllib3 would obey); we wait this long at most
RESOURCE_DEADLINE_S = 180.0  # one resource, all retries and a slow body included
READ_CHUNK = 64 * 1024
SECRET_PATTERN = re.compile(r"\b((?:api_key|apikey|key)=)[^&\s'\"<>]+", re.IGNORECASE)
LOGGERS_TO_SCRUB = ("urllib3", "urllib3.connectionpool", "urllib3.util.retry", "urllib3.poolmanager",
                    "requests", "requests_cache", "requests_cache.session", "requests_cache.policy.actions")

_deadline = threading.local()  # monotonic time by which the current thread's resource must be in


class CacheUnwritable(OSError):
    """The HTTP cache file cannot be created or written (read-only home)."""


class DeadlineExceeded(Exception):
    """The resource did not arrive within its total deadline (slow drip, long Retry-After)."""

    def __init__(self, seconds: float, detail: str) -> None:
        self.seconds = seconds
        super().__init__(f"no complete response within the {seconds:.0f} s deadline ({detail})")


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Everything fetched by this thread inside the block shares one deadline."""
    previous = getattr(_deadline, "value", None)
    _deadline.value = (time.monotonic() + seconds, seconds)
    try:
        yield
    finally:
        _deadline.value = previous


def _remaining() -> tuple[float, float] | None:
    current = getattr(_deadline, "value", None)
    return None if current is None else (current[0] - time.monotonic(), current[1])


class CappedRetry(Retry):
    """urllib3's Retry, except that Retry-After is capped and no sleep outlasts the deadline."""

    def get_retry_after(self, response: object) -> float | None:
        seconds = super().get_retry_after(response)  # type: ignore[arg-type]
        return None if seconds is None else min(seconds, MAX_RETRY_AFTER_S)

    def sleep(self, response: object = None) -> None:
        wait = (self.get_retry_after(response) if self.respect_retry_after_header and response else None)
        wait = self.get_backoff_time() if wait is None else wait
        left = _remaining()
        if left is not None and wait >= left[0]:
            raise DeadlineExceeded(left[1], f"the server asked to retry after {wait:.0f} s")
        time.sleep(wait)


def retry_policy(total: int = 3, backoff: float = 1.0) -> Retry:
    """Retries on 429/5xx and dropped connections, backing off, honouring a capped Retry-After."""
    return CappedRetry(
        total=total, connect=total, read=total, status=total, backoff_factor=backoff, backoff_max=30,
        status_forcelist=RETRY_STATUSES, allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True, raise_on_status=False,
    )


class DeadlineAdapter(HTTPAdapter):
    """HTTPAdapter that reads the body in small pieces and gives up at the thread's deadline.

    A socket read timeout alone never fires on a server that drips one byte every few seconds."""

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: object = None,
             verify: object = True, cert: object = None, proxies: object = None) -> requests.Response:
        response = super().send(request, stream=True, timeout=timeout, verify=verify, cert=cert,  # type: ignore[arg-type]
                                proxies=proxies)  # type: ignore[arg-type]
        raw = response.raw
        chunks: list[bytes] = []
        try:
            while True:
                chunk = raw.read1(READ_CHUNK, decode_content=False)
                if not chunk:
                    break
                chunks.append(chunk)
                left = _remaining()
                if left is not None and left[0] <= 0:
                    raw.close()
                    raise DeadlineExceeded(left[1], f"{sum(map(len, chunks)):,} bytes received so far")
        except ReadTimeoutError as exc:  # the body stalled longer than the read timeout
            raise requests.exceptions.ReadTimeout(exc, request=request) from None
        except (ProtocolError, OSError, urllib3.exceptions.HTTPError) as exc:
            raise requests.exceptions.ChunkedEncodingError(exc, request=request) from None
        response.raw = HTTPResponse(body=io.BytesIO(b"".join(chunks)), headers=raw.headers, status=raw.status,
                                    reason=raw.reason, preload_content=False, decode_content=True,
                                    request_url=request.url)
        if not stream:
            _ = response.content
        return response


class SecretFilter(logging.Filter):
    """Scrubs API keys from log records (urllib3 and requests-cache log whole URLs at DEBUG)."""

    secrets: set[str] = set()  # noqa: RUF012 - shared on purpose: every installed filter knows every key

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message, tuple(self.secrets))
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def scrub_logs(secrets: tuple[str, ...] = ()) -> None:
    """Install the SecretFilter on every logger of the HTTP stack that may see a keyed URL."""
    SecretFilter.secrets.update(s for s in secrets if s)
    names = set(LOGGERS_TO_SCRUB) | {n for n in logging.Logger.manager.loggerDict
                                     if n.split(".")[0] in ("urllib3", "requests", "requests_cache")}
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, SecretFilter) for f in logger.filters):
            logger.addFilter(SecretFilter())


def make_session(cache_path: Path | None = None, *, mirror: Path | None = None,
                 transport: BaseAdapter | None = None, cache: bool = True,
                 retry: Retry | None = None, redis_url: str | None = None) -> requests.Session:
    """A requests-cache session (SQLite, or Redis shared by replicas) with retries and our User-Agent.

    `mirror` answers the official URLs from a folder (see `mirror.MirrorAdapter`); `transport`
    mounts any other adapter (tests inject faults this way). Both go through the same cache.
    """
    if cache:
        import requests_cache

        path = Path(cache_path) if cache_path else paths.http_cache_path()
        try:
            if redis_url:
                from .shared import http_cache

                backend: Any = http_cache(redis_url)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                backend = "sqlite"
            session: requests.Session = requests_cache.CachedSession(
                str(path), backend=backend, expire_after=timedelta(hours=6), stale_if_error=True,
                allowable_codes=(200,), allowable_methods=("GET",), ignored_parameters=list(SECRET_PARAMS),
                match_headers=["Accept"],
            )
        except (OSError, sqlite3.Error) as exc:
            raise CacheUnwritable(f"cannot write the HTTP cache at {path}: {exc}. Point DOLLAR_TIDE_HOME at a "
                                  "writable folder") from None
    else:
        session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    scrub_logs()
    if transport is None and mirror is not None:
        from .mirror import MirrorAdapter

        transport = MirrorAdapter(mirror)
    adapter = transport or DeadlineAdapter(max_retries=retry or retry_policy())
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def redact(url: str) -> str:
    """The URL without secret query parameters (the FRED API key)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in SECRET_PARAMS]
    return urlunsplit(parts._replace(query=urlencode(query, safe=",.")))


def scrub(text: str, secrets: tuple[str, ...] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return SECRET_PATTERN.sub(r"\1***", text)


def forget(session: requests.Session, keys: list[str]) -> None:
    """Drop responses from the HTTP cache: a body that failed to parse or validate must not be
    replayed after the source recovers."""
    cache = getattr(session, "cache", None)
    keys = [k for k in keys if k]
    if cache is not None and keys:
        with contextlib.suppress(Exception):  # a cache that cannot be written has nothing to replay
            cache.delete(*keys)


@dataclass(frozen=True)
class Fetched:
    url: str  # redacted
    body: bytes
    sha256: str
    from_cache: bool
    fetched_at: datetime
    cache_key: str | None = None


def fetch(session: requests.Session, url: str, *, source: str, expect: str, body: str = "text",
          headers: dict[str, str] | None = None, expire_after: timedelta | None = None,
          secrets: tuple[str, ...] = (), timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
          total_deadline: float = RESOURCE_DEADLINE_S) -> Fetched:
    """GET `url` and check the body is data of the expected kind; raise a DataSourceError if not.

    A body that is not data (HTML, empty, cut short) is dropped from the HTTP cache at once."""
    shown = redact(url)
    if secrets:
        scrub_logs(secrets)
    kwargs: dict[str, object] = {"headers": headers or {}, "timeout": timeout}
    if expire_after is not None and hasattr(session, "cache"):
        kwargs["expire_after"] = expire_after
    keyed = any(secret and secret in url for secret in secrets)
    # A keyed request bypasses the cache: a redirect or an echoing server would put the key in the
    # stored history and headers, and deleted SQLite rows linger on disk.
    no_cache = session.cache_disabled() if keyed and hasattr(session, "cache_disabled") else contextlib.nullcontext()
    try:
        with deadline(total_deadline), no_cache:
            response = session.get(url, **kwargs)  # type: ignore[arg-type]
    except DeadlineExceeded as exc:
        raise FetchError(source, shown, f"{expect} within {total_deadline:.0f} s", scrub(str(exc), secrets)) from None
    except requests.Timeout as exc:
        raise FetchError(source, shown, f"{expect} within {timeout[1]:.0f} s",
                         scrub(f"timed out ({type(exc).__name__})", secrets)) from None
    except requests.exceptions.ChunkedEncodingError as exc:
        raise ContentError(source, shown, expect, scrub(f"body cut short ({_shorten(str(exc))})", secrets)) from None
    except requests.ConnectionError as exc:
        if _timed_out(exc):  # a read timeout after retries surfaces as a ConnectionError
            raise FetchError(source, shown, f"{expect} within {timeout[1]:.0f} s",
                             "timed out (after retries)") from None
        raise ConnectionFailed(source, shown, "a connection",
                               scrub(f"connection failed: {_reason(exc)}", secrets)) from None
    except requests.RequestException as exc:
        raise FetchError(source, shown, expect, scrub(_shorten(str(exc)), secrets)) from None
    key = getattr(response, "cache_key", None)
    if response.status_code != 200:
        forget(session, [key])
        raise HTTPStatusError(source, shown, response.status_code, scrub(_describe(response.content), secrets))
    content = response.content
    try:
        check_body(content, response.headers, source=source, url=shown, expect=expect, body=body)
    except ContentError as exc:
        forget(session, [key])
        exc.found = scrub(exc.found, secrets)
        raise ContentError(source, shown, expect, exc.found) from None
    return Fetched(
        url=shown,
        body=content,
        sha256=hashlib.sha256(content).hexdigest(),
        from_cache=bool(getattr(response, "from_cache", False)),
        fetched_at=_fetched_at(response),
        cache_key=key,
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
