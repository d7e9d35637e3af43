"""HTTP answers shared by the routes: JSON errors that never reflect input unescaped, and caching
headers (ETag from the data version and the canonical query, max-age from the data's cadence)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import ipaddress
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from views.cite import public_url

HOST = re.compile(r"[A-Za-z0-9.\-:\[\]]{1,255}")
#: Addresses whose X-Forwarded-Host/-Proto are believed (the proxy in front of the app), as a
#: comma-separated list of addresses or networks; by default the loopback interface only.
TRUSTED_PROXIES_ENV = "DOLLAR_TIDE_TRUSTED_PROXIES"
DEFAULT_TRUSTED = "127.0.0.0/8,::1/128"


@functools.lru_cache(maxsize=8)
def _networks(spec: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    found = []
    for part in spec.split(","):
        with contextlib.suppress(ValueError):
            if part.strip():
                found.append(ipaddress.ip_network(part.strip(), strict=False))
    return tuple(found)


def trusted_proxy(peer: str | None) -> bool:
    """Whether a connection from `peer` comes from a proxy whose forwarded headers we believe."""
    if not peer:
        return False
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(address in net for net in _networks(os.environ.get(TRUSTED_PROXIES_ENV, DEFAULT_TRUSTED)))


def site(scope: Scope) -> str:
    """This deployment's root URL: `DOLLAR_TIDE_PUBLIC_URL` when set (then no request header counts),
    else as the client reached it, with X-Forwarded-Host/-Proto believed only from a trusted proxy.
    A Host header that is not a host name is never echoed: localhost instead."""
    public = public_url()
    if public:
        return public
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
    forwarded = trusted_proxy((scope.get("client") or (None, None))[0])
    scheme = scope.get("scheme", "http")
    host = headers.get("host", "localhost")
    if forwarded:
        scheme = headers.get("x-forwarded-proto", scheme)
        host = headers.get("x-forwarded-host", host)
    scheme, host = scheme.split(",")[0].strip(), host.split(",")[0].strip()
    if not HOST.fullmatch(host) or scheme not in ("http", "https"):
        host, scheme = "localhost", "http"
    return f"{scheme}://{host}{scope.get('root_path', '')}"


def error(status: int, message: str, **detail: Any) -> JSONResponse:
    """A JSON error; values come out JSON-escaped and (where they repeat input) already cut short."""
    return JSONResponse({"error": message, **detail}, status_code=status,
                        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def etag(*parts: object, weak: bool = False) -> str:
    """A tag over `parts`, which name the data versions and the canonical query and nothing else: a
    CDN revalidating after max-age gets a 304 for as long as the data is unchanged. `weak` where the
    body also says how fresh the data is in words that follow the clock ("retrieved 4 h ago")."""
    digest = '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'
    return f"W/{digest}" if weak else digest


def _common(tag: str, max_age: int, headers: Mapping[str, str] | None) -> dict[str, str]:
    return {"ETag": tag, "Cache-Control": f"public, max-age={max_age}", "X-Content-Type-Options": "nosniff",
            "Access-Control-Allow-Origin": "*", **(headers or {})}


def _held(request: Request, tag: str) -> bool:
    held = _tags(request.headers.get("if-none-match", ""))
    return tag.removeprefix("W/") in held or "*" in held


def cached(request: Request, tag: str, max_age: int, build: Any, media_type: str,
           headers: Mapping[str, str] | None = None) -> Response:
    """304 when the client already holds `tag`; otherwise `build()`'s body with the caching headers."""
    common = _common(tag, max_age, headers)
    if _held(request, tag):
        return Response(status_code=304, headers=common)
    return Response(build(), media_type=media_type, headers=common)


async def cached_async(request: Request, tag: str, max_age: int, build: Any, media_type: str,
                       headers: Mapping[str, str] | None = None) -> Response:
    """`cached` for a body that is awaited (`build()` returns an awaitable)."""
    common = _common(tag, max_age, headers)
    if _held(request, tag):
        return Response(status_code=304, headers=common)
    return Response(await build(), media_type=media_type, headers=common)


def _tags(header: str) -> Sequence[str]:
    if header.strip() == "*":
        return ["*"]
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]
