"""An offline transport: answers the official URLs from a local folder, refuses the rest.

The folder holds ``urls.tsv`` (``URL<TAB>relative path`` per line) and the files it names, each
the body that URL returns, bytes and encoding included. Mounted on a session, it lets the real
fetch → parse → validate → store path run with no network.
"""

from __future__ import annotations

import io
import mimetypes
from pathlib import Path

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from urllib3 import HTTPResponse

INDEX = "urls.tsv"


def read_index(root: Path) -> dict[str, Path]:
    index = {}
    for line in (root / INDEX).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        url, _, rel = line.partition("\t")
        index[url.strip()] = root / rel.strip()
    return index


def make_response(request: requests.PreparedRequest, status: int, body: bytes,
                  headers: dict[str, str] | None = None, reason: str = "OK") -> requests.Response:
    """A Response as HTTPAdapter would build it, so caching and hooks treat it the same."""
    all_headers = {"Content-Length": str(len(body)), **(headers or {})}
    raw = HTTPResponse(body=io.BytesIO(body), headers=all_headers, status=status, reason=reason,
                       preload_content=False, decode_content=False, request_url=request.url)
    response = requests.Response()
    response.status_code = status
    response.reason = reason
    response.headers = CaseInsensitiveDict(all_headers)
    response.raw = raw
    response.url = request.url or ""
    response.request = request
    response._content = body
    response.encoding = None
    return response


class MirrorAdapter(BaseAdapter):
    """Serve `urls.tsv` entries from `root`; any other URL is refused like a closed port."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = Path(root)
        self.index = read_index(self.root)
        self.requests: list[requests.PreparedRequest] = []  # what was asked, for tests

    def body_for(self, url: str) -> bytes | None:
        path = self.index.get(url)
        return path.read_bytes() if path is not None else None

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: object = None,
             verify: object = True, cert: object = None, proxies: object = None) -> requests.Response:
        self.requests.append(request)
        url = request.url or ""
        body = self.body_for(url)
        if body is None:
            raise requests.ConnectionError(f"offline mirror {self.root} has no entry for {url}: refused",
                                           request=request)
        content_type = mimetypes.guess_type(self.index[url].name)[0] or "application/octet-stream"
        return make_response(request, 200, body, {"Content-Type": content_type})

    def close(self) -> None:
        pass
