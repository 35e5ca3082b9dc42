"""The bounded HTTP client of `stele test http`: no request leaves the base URL's origin unless
the user allows the other origin, no request outlives its deadline, no run outlives its total
deadline, and no response body is read past its cap.

The service under test is foreign: it may redirect elsewhere (a 302 to a metadata endpoint or a
host on the CI network), answer nothing, trickle a byte every few seconds, or stream gigabytes.
Each request runs under an alarm (`signal.setitimer`, main thread; elsewhere the socket timeouts
alone bound a silent server), follows only redirects to allowed origins, and reads its body in
chunks up to the cap. Each limit that is hit becomes a result with its own rule.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

MIB = 1024 * 1024
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class HttpLimits:
    request_timeout: float = 10.0  # seconds for one request, redirects and body included
    total_timeout: float = 300.0  # seconds for the whole run
    max_response_bytes: int = 10 * MIB  # of one response body, after content decoding
    allowed_origins: tuple[str, ...] = ()  # redirects may go there too (as origin_of gives)


def origin_of(url: str) -> str:
    """`scheme://host:port` with the default port spelled out; ValueError when there is none."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host:
        raise ValueError(url)
    port = parts.port or DEFAULT_PORTS[scheme]
    return f"{scheme}://{f'[{host}]' if ':' in host else host}:{port}"


def requests_count(count: int) -> str:
    return f"{count} request{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class Answer:
    """A response read whole within the limits, or why there is none: (rule, text)."""

    response: requests.Response | None
    problem: tuple[str, str] | None = None


class _Deadline(Exception):
    """The alarm of a request rang."""


class _Outside(Exception):
    """A request to an origin that is not allowed (never sent)."""


class _TooLarge(Exception):
    def __init__(self, declared: int | None) -> None:
        super().__init__(declared)
        self.declared = declared


class BoundedClient:
    """Sends the requests of one run; counts them (every redirect hop is a request)."""

    def __init__(self, base_url: str, limits: HttpLimits) -> None:
        self.limits = limits
        self.origin = origin_of(base_url)
        self.allowed = {self.origin, *limits.allowed_origins}
        self.requests = 0
        self._started = time.monotonic()
        self._session = _Session(self)

    def remaining(self) -> float:
        return self.limits.total_timeout - (time.monotonic() - self._started)

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0

    def close(self) -> None:
        self._session.close()

    def send(self, kwargs: dict[str, Any]) -> Answer:
        """Send one request (`requests` keyword arguments: method, url, headers, ...)."""
        total = self.remaining()
        budget = min(self.limits.request_timeout, total)
        by_total = total < self.limits.request_timeout
        self._session.refused = None
        response: requests.Response | None = None
        try:
            with _alarm(budget):
                response = self._session.request(
                    **kwargs, timeout=(budget, budget), stream=True, allow_redirects=True
                )
                self._read_body(response)
        except (_Deadline, requests.Timeout):
            return Answer(None, self._deadline_problem(by_total))
        except _TooLarge as exc:
            return Answer(None, ("http-response-too-large", self._too_large(exc.declared)))
        except _Outside as exc:
            text = f"request to {exc} not sent: it leaves {self.origin}"
            return Answer(None, ("http-check-failed", text))
        except requests.RequestException as exc:
            return Answer(None, ("http-check-failed", f"request failed: {type(exc).__name__}"))
        finally:
            if response is not None:
                response.close()
        if self._session.refused is not None:
            status, target = self._session.refused
            text = (
                f"{status} redirect to {target} not followed: it leaves {self.origin} "
                "(allow it with --allow-redirects-to)"
            )
            return Answer(None, ("http-redirect-refused", text))
        return Answer(response)

    def _deadline_problem(self, by_total: bool) -> tuple[str, str]:
        if by_total:
            return ("http-total-deadline", self.total_text())
        return (
            "http-request-deadline",
            f"no complete answer within {self.limits.request_timeout:g} s "
            "(the request deadline, --request-timeout)",
        )

    def total_text(self) -> str:
        return (
            f"the run reached its total deadline of {self.limits.total_timeout:g} s "
            f"(--total-timeout) after {requests_count(self.requests)}; no further request was sent"
        )

    def _too_large(self, declared: int | None) -> str:
        cap = self.limits.max_response_bytes
        said = f" (Content-Length {declared})" if declared is not None else ""
        return (
            f"the response body is larger than {cap} bytes{said}; not read further "
            "(--max-response-bytes)"
        )

    def _read_body(self, response: requests.Response) -> None:
        """Read the body, decoded, into `response` up to the cap; _TooLarge past it."""
        cap = self.limits.max_response_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _TooLarge(int(declared))
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(_CHUNK):
            size += len(chunk)
            if size > cap:
                raise _TooLarge(None)
            chunks.append(chunk)
        response._content = b"".join(chunks)
        response._content_consumed = True


class _Session(requests.Session):
    """Follows a redirect only to an allowed origin, reading each hop's body within the cap."""

    def __init__(self, client: BoundedClient) -> None:
        super().__init__()
        self.client = client
        self.max_redirects = MAX_REDIRECTS
        self.refused: tuple[int, str] | None = None

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        # Redirects are judged in get_redirect_target; this guards every other way out.
        if not _allowed(request.url or "", self.client.allowed):
            raise _Outside(request.url)
        self.client.requests += 1
        return super().send(request, **kwargs)

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        target = super().get_redirect_target(resp)
        if target is None:
            return None
        absolute = urljoin(resp.url, target)
        if not _allowed(absolute, self.client.allowed):
            self.refused = (resp.status_code, absolute)
            return None
        self.client._read_body(resp)  # consumed here, within the cap, before the next hop
        return target


def _allowed(url: str, origins: set[str]) -> bool:
    try:
        return origin_of(url) in origins
    except ValueError:
        return False


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise _Deadline in the main thread after `seconds`; an alarm already set (a test runner's
    timeout) is put back afterwards with the time it has left."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def ring(_signum: int, _frame: Any) -> None:
        raise _Deadline()

    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay > 0:
            left = max(outer_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, outer_interval)
