"""`stele test http` against hostile local services: no request leaves the base URL's origin
unless allowed, a silent or trickling service hits a deadline, an oversized body is not read.

Every server binds 127.0.0.1 on an ephemeral port, serves from daemon threads whose loops end
when the test's stop event is set (or after at most SERVER_LIFETIME seconds), and is shut down
when the test ends. The deadlines are tiny (0.3 s), so the tests run fast; what is asserted is
the rule of each result and the requests each server saw, never a wall-clock time.
"""

from __future__ import annotations

import json
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from _console import stele

SERVER_LIFETIME = 20.0  # seconds: no handler of these tests lives longer
CONTRACT = """\
package: demo.ping
types:
  PingRequest:
    fields:
      name: string
  Pong:
    fields:
      text: string
services:
  PingService:
    operations:
      Ping:
        style: request-response
        request: PingRequest
        response: Pong
        http:
          method: GET
          path: /ping
          query: [name]
"""
AT = ("contracts/ping.yaml", 12, 7)  # the operation Ping
PONG = b'{"text": "pong"}'

Behaviour = Callable[[socket.socket, threading.Event], None]


class LocalServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, behaviour: Behaviour) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.behaviour = behaviour
        self.stop = threading.Event()
        self.hits: list[str] = []  # the request line of every request received

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(socketserver.BaseRequestHandler):
    server: LocalServer

    def handle(self) -> None:
        self.request.settimeout(SERVER_LIFETIME)
        head = b""
        try:
            while b"\r\n\r\n" not in head and len(head) < 65536:
                data = self.request.recv(4096)
                if not data:
                    return
                head += data
            self.server.hits.append(head.split(b"\r\n", 1)[0].decode("latin-1"))
            self.server.behaviour(self.request, self.server.stop)
        except OSError:
            return  # the client went away: what the limits are for


@pytest.fixture
def serve() -> Iterator[Callable[[Behaviour], LocalServer]]:
    started: list[tuple[LocalServer, threading.Thread]] = []

    def start(behaviour: Behaviour) -> LocalServer:
        server = LocalServer(behaviour)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        started.append((server, thread))
        return server

    yield start
    for server, thread in started:
        server.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _until_stopped(stop: threading.Event) -> Iterator[None]:
    ends = time.monotonic() + SERVER_LIFETIME
    while not stop.is_set() and time.monotonic() < ends:
        yield


def answer(body: bytes = PONG) -> Behaviour:
    def behave(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )

    return behave


def redirect(location: str) -> Behaviour:
    def behave(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(
            f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n"
            "Connection: close\r\n\r\n".encode()
        )

    return behave


def silent(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait(SERVER_LIFETIME)


def trickle_body(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    )
    for _ in _until_stopped(stop):
        conn.sendall(b" ")
        stop.wait(0.05)  # far quicker than any read timeout: only a deadline ends it


def trickle_head(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in _until_stopped(stop):
        conn.sendall(b"a")
        stop.wait(0.05)


def huge(chunked: bool) -> Behaviour:
    """A body of 2 GiB announced (or chunked without a length), streamed until the client
    stops reading."""

    def behave(conn: socket.socket, stop: threading.Event) -> None:
        framing = "Transfer-Encoding: chunked" if chunked else "Content-Length: 2147483648"
        conn.sendall(
            f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{framing}\r\n\r\n".encode()
        )
        block = b"0" * 65536
        for _ in _until_stopped(stop):
            conn.sendall(b"10000\r\n" + block + b"\r\n" if chunked else block)

    return behave


@pytest.fixture(autouse=True)
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("STELE_DEBUG", raising=False)
    (tmp_path / "contracts").mkdir()
    (tmp_path / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    (tmp_path / "contracts" / "ping.yaml").write_text(CONTRACT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_http(
    capsys: pytest.CaptureFixture[str], url: str, *extra: str
) -> tuple[int, list[tuple[object, ...]], list[str]]:
    args = ["test", "http", "--base-url", url, "--max-examples", "1", "--output", "json"]
    code, out, err = stele(capsys, *args, *extra)
    assert err == ""
    doc = json.loads(out)
    found: list[tuple[object, ...]] = [
        (r["rule"], r["path"], r["line"], r["column"], r["message"]) for r in doc["results"]
    ]
    return code, found, doc["notes"]


test_http.__test__ = False  # type: ignore[attr-defined]  # pytest reads it off the function


def _sent(notes: list[str], url: str) -> int:
    """The number of requests the run says it sent."""
    (count,) = [n.split()[0] for n in notes if n.endswith(f" to {url}")]
    return int(count)


# ---------------------------------------------------------------------------------------------
# Redirects
# ---------------------------------------------------------------------------------------------


def test_a_redirect_to_another_origin_is_not_followed(
    serve: Callable[[Behaviour], LocalServer], capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = serve(answer())
    service = serve(redirect(f"{elsewhere.url}/metadata"))
    code, found, notes = test_http(capsys, service.url)
    assert code == 1
    assert found == [
        (
            "http-redirect-refused",
            *AT,
            f"GET /ping: 302 redirect to {elsewhere.url}/metadata not followed: it leaves "
            f"{service.url} (allow it with --allow-redirects-to)",
        )
    ]
    assert elsewhere.hits == []
    assert len(service.hits) == _sent(notes, service.url) > 1


def test_a_redirect_to_an_allowed_origin_is_followed(
    serve: Callable[[Behaviour], LocalServer], capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = serve(answer())
    service = serve(redirect(f"{elsewhere.url}/pong"))
    code, found, notes = test_http(capsys, service.url, "--allow-redirects-to", elsewhere.url)
    assert (code, found) == (0, [])
    assert len(service.hits) == len(elsewhere.hits) > 1
    assert set(elsewhere.hits) == {"GET /pong HTTP/1.1"}
    assert _sent(notes, service.url) == len(service.hits) + len(elsewhere.hits)


def test_a_redirect_within_the_origin_is_followed(
    serve: Callable[[Behaviour], LocalServer], capsys: pytest.CaptureFixture[str]
) -> None:
    def behave(conn: socket.socket, stop: threading.Event) -> None:
        (answer() if server.hits[-1].startswith("GET /pong ") else redirect("/pong"))(conn, stop)

    server = serve(behave)
    code, found, _notes = test_http(capsys, server.url)
    assert (code, found) == (0, [])


@pytest.mark.parametrize("value", ["ftp://example.com", "http://example.com/path", "example"])
def test_an_allowed_origin_must_be_an_origin(
    serve: Callable[[Behaviour], LocalServer], capsys: pytest.CaptureFixture[str], value: str
) -> None:
    service = serve(answer())
    args = ["test", "http", "--base-url", service.url, "--allow-redirects-to", value]
    code, out, err = stele(capsys, *args)
    assert (code, out) == (2, "")
    assert err == (
        f"--allow-redirects-to:1:1: error T013 '{value}' is not an origin\n"
        "    hint: scheme://host[:port], e.g. --allow-redirects-to https://login.example.com\n"
    )
    assert service.hits == []


# ---------------------------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------------------------

REQUEST_DEADLINE = (
    "http-request-deadline",
    *AT,
    "GET /ping: no complete answer within 0.3 s (the request deadline, --request-timeout)",
)


@pytest.mark.parametrize("behaviour", [silent, trickle_body, trickle_head])
def test_a_slow_service_hits_the_request_deadline(
    serve: Callable[[Behaviour], LocalServer],
    capsys: pytest.CaptureFixture[str],
    behaviour: Behaviour,
) -> None:
    service = serve(behaviour)
    limits = ["--request-timeout", "0.3", "--total-timeout", "60"]
    code, found, notes = test_http(capsys, service.url, *limits)
    assert (code, found) == (1, [REQUEST_DEADLINE])
    assert len(service.hits) == _sent(notes, service.url) > 1


def test_the_total_deadline_stops_the_run(
    serve: Callable[[Behaviour], LocalServer], capsys: pytest.CaptureFixture[str]
) -> None:
    service = serve(silent)
    limits = ["--request-timeout", "10", "--total-timeout", "0.3"]
    code, found, notes = test_http(capsys, service.url, *limits)
    assert code == 1
    assert found == [
        (
            "http-total-deadline",
            *AT,
            "GET /ping: the run reached its total deadline of 0.3 s (--total-timeout) after "
            "1 request; no further request was sent",
        )
    ]
    # Only the reachability request was sent; the run's requests were never made.
    assert service.hits == ["GET / HTTP/1.1"]
    assert notes == [
        f"1 request to {service.url}",
        "not tested after the total deadline: GET /ping",
    ]


# ---------------------------------------------------------------------------------------------
# Response size
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("chunked", "said"), [(False, " (Content-Length 2147483648)"), (True, "")])
def test_an_oversized_body_is_not_read(
    serve: Callable[[Behaviour], LocalServer],
    capsys: pytest.CaptureFixture[str],
    chunked: bool,
    said: str,
) -> None:
    service = serve(huge(chunked))
    code, found, notes = test_http(capsys, service.url, "--max-response-bytes", "1000")
    assert code == 1
    assert found == [
        (
            "http-response-too-large",
            *AT,
            f"GET /ping: the response body is larger than 1000 bytes{said}; not read further "
            "(--max-response-bytes)",
        )
    ]
    assert len(service.hits) == _sent(notes, service.url) > 1


def test_the_client_sends_nothing_outside_the_origin(
    serve: Callable[[Behaviour], LocalServer],
) -> None:
    """Whatever URL a case is built with, a request to another origin is not sent."""
    from stele.testing.http_client import BoundedClient, HttpLimits

    service = serve(answer())
    elsewhere = serve(answer())
    client = BoundedClient(service.url, HttpLimits(request_timeout=5, total_timeout=5))
    try:
        outside = client.send({"method": "GET", "url": f"{elsewhere.url}/x"})
        inside = client.send({"method": "GET", "url": f"{service.url}/x"})
    finally:
        client.close()
    assert outside.problem == (
        "http-check-failed",
        f"request to {elsewhere.url}/x not sent: it leaves {service.url}",
    )
    assert (inside.problem, elsewhere.hits, service.hits) == (None, [], ["GET /x HTTP/1.1"])
    assert client.requests == 1
