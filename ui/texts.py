"""Sharing a checked text by link (no streamlit here: plain functions the article page calls).

The design, and why:

* **A short text travels in the link** (`?text=…&published=YYYY-MM-DD`) when its URL-encoded form is
  at most `URL_TEXT_MAX` characters: with the page's address the link stays under 2 kB, which mail
  clients, chat apps, proxies and CDNs all pass intact. Nothing is stored anywhere; any replica,
  any later version of the site, reproduces the check from the link alone.
* **A long text gets a content-addressed link** (`?doc=<sha256>`) when the reader asks for one:
  the text and date are written once to `<DOLLAR_TIDE_HOME>/shared-texts/<sha256>.json`, named by
  the SHA-256 of date and text. Why this and not the alternatives:
  - squeezing it into the URL (zlib + base64) still gives 3–10 kB for a 1,000–3,000-word article:
    past what many proxies and chat apps keep, and silently cut links check half an article;
  - a random id or a database needs coordination; a content hash needs none: the same text always
    gets the same link (no duplicates, idempotent writes), a link can only ever show the text it
    was made for, and two replicas writing it at once write the same bytes (atomic `os.replace`);
  - `DOLLAR_TIDE_HOME` is the store volume the replicas already share (deploy/README.md: one
    ReadWriteMany volume at /data with read-after-write visibility), so a link made on one replica
    opens on every other; no new service.
  Texts are stored only on request ("Make a link"), capped at `MAX_FILES` / `MAX_BYTES` with the
  least recently opened removed first; a link whose text has been removed says so and the page
  offers the check's JSON download as the permanent record.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import quote

from analysis.extract import MAX_CHARS, InputError, validate
from data_sources import paths

URL_TEXT_MAX = 1_800  # the encoded text; with the address and the date the link stays under 2 kB
MAX_FILES = 2_000
MAX_BYTES = 64 * 2**20  # a text is at most ~80 kB in UTF-8: the cap holds ~800 of the longest
DOC = re.compile(r"[0-9a-f]{64}")


def folder() -> Path:
    return paths.home() / "shared-texts"


def fits_url(text: str) -> bool:
    return len(quote(text, safe="")) <= URL_TEXT_MAX


def doc_id(text: str, published: date) -> str:
    return hashlib.sha256(f"{published:%Y-%m-%d}\n{text}".encode()).hexdigest()


def save(text: str, published: date) -> str:
    """Keep the text for a `?doc=` link; its id. Raises OSError when the store cannot be written."""
    text, published = validate(text, published)
    doc = doc_id(text, published)
    target = folder() / f"{doc}.json"
    if target.exists():
        with contextlib.suppress(OSError):
            os.utime(target)
        return doc
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"text": text, "published": f"{published:%Y-%m-%d}"}, ensure_ascii=False).encode()
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
    _trim()
    return doc


def load(doc: str) -> tuple[str, date] | None:
    """The text and date kept under `doc`, or None (not an id, removed, unreadable, or not the text
    its name says: a file is trusted only if its content hashes to its name)."""
    if not isinstance(doc, str) or not DOC.fullmatch(doc):
        return None
    target = folder() / f"{doc}.json"
    try:
        if target.stat().st_size > 4 * MAX_CHARS + 1_000:
            return None
        kept = json.loads(target.read_text(encoding="utf-8"))
        text, published = validate(kept.get("text"), kept.get("published"))
    except (OSError, ValueError, AttributeError, InputError):
        return None
    if doc_id(text, published) != doc:
        return None
    with contextlib.suppress(OSError):
        os.utime(target)  # recently opened: kept longest
    return text, published


def _trim() -> None:
    """Remove the least recently opened texts past the caps."""
    try:
        kept = sorted(((p.stat().st_mtime, p.stat().st_size, p) for p in folder().glob("*.json")), reverse=True)
    except OSError:
        return
    total = 0
    for count, (_, size, path) in enumerate(kept, start=1):
        total += size
        if count > MAX_FILES or total > MAX_BYTES:
            with contextlib.suppress(OSError):
                path.unlink()
