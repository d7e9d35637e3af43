"""Errors raised by the data layer.

Every error names the source, the URL and what was expected versus what was found, so that a
message in the refresh log or under a chart is enough to see what went wrong and where.
"""

from __future__ import annotations


class DataSourceError(Exception):
    """Base class: something about an official source was not as expected."""

    kind = "error"

    def __init__(self, source: str, url: str, expected: str, found: str) -> None:
        self.source = source
        self.url = url
        self.expected = expected
        self.found = found
        super().__init__(f"{source}: {self.kind} at {url}: expected {expected}; found {found}")


class FetchError(DataSourceError):
    """The request did not produce a response: timeout, refused connection, DNS, TLS."""

    kind = "fetch failed"


class ConnectionFailed(FetchError):
    """No connection at all: DNS failure, refused, unreachable (not a bad or slow answer)."""


class HTTPStatusError(FetchError):
    """The server answered with an error status (after retries)."""

    kind = "HTTP error"

    def __init__(self, source: str, url: str, status: int, found: str = "") -> None:
        self.status = status
        super().__init__(source, url, "HTTP 200", f"HTTP {status}{': ' + found if found else ''}")


class ContentError(DataSourceError):
    """A response arrived but its body is not data: empty, an HTML page, cut short."""

    kind = "unexpected content"


class LayoutError(DataSourceError):
    """The body looks like data but not in the layout the parser knows."""

    kind = "layout changed"


class ValidationError(DataSourceError):
    """Parsed fine, but implausible on its own or against the previous good release."""

    kind = "validation failed"


class DataUnavailable(LookupError):
    """Nothing to serve: no stored release and no bundled snapshot for this dataset."""


class UnknownDataset(KeyError):
    """The name is not in the catalogue."""


class ParseError(ValueError):
    """Raised by the pure parsers, which know the layout but not where the bytes came from.

    The refresh step turns it into a LayoutError naming the source and URL.
    """

    def __init__(self, expected: str, found: object) -> None:
        self.expected = expected
        self.found = shorten(found)
        super().__init__(f"expected {expected}; found {self.found}")


def shorten(found: object, limit: int = 160) -> str:
    """`found` as one readable log line."""
    text = found if isinstance(found, str) else repr(found)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class CombineError(ParseError):
    """Two resources of one dataset disagree in a way that means one of them is wrong; `resource`
    names the one to blame (for example Table 5's months shifted against mfhhis01)."""

    def __init__(self, resource: str, expected: str, found: object) -> None:
        self.resource = resource
        super().__init__(expected, found)
