"""Kept-alive connections answer at once: TCP_NODELAY on the app's listening socket (web/tcp.py).

Without it, a response written as headers then body waited ~40 ms for the client's delayed ACK on
every request after a connection's first (measured: 44 ms per request on loopback)."""

from __future__ import annotations

import os
import socket
import statistics
import threading
import time

import pytest
import requests

from tests.helpers import ROOT
from tests.services import app_server
from web import tcp

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]
STALL_S = 0.035  # the delayed ACK is 40 ms on Linux; an answer on loopback takes well under 5 ms


def two_write_server(listener: socket.socket, stop: threading.Event) -> None:
    """Answers each request on one connection as uvicorn does: the headers, then the body, in two writes."""
    conn, _ = listener.accept()
    with conn:
        while not stop.is_set():
            data = conn.recv(65536)
            if not data:
                return
            conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
            conn.sendall(b"ok")


def round_trips(port: int, path: str = "/", n: int = 8) -> list[float]:
    """Seconds per request on one kept-alive connection (the first, always quick, left out)."""
    times = []
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as browsers do
        for _ in range(n + 1):
            start = time.perf_counter()
            client.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            received = b""
            while b"\r\n\r\n" not in received:
                received += client.recv(65536)
            head, _, body = received.partition(b"\r\n\r\n")
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length"))
            while len(body) < length:
                body += client.recv(65536)
            times.append(time.perf_counter() - start)
    return times[1:]


def serve_two_writes(no_delay: bool) -> list[float]:
    with socket.socket() as listener:  # protocol 0, as Streamlit binds it
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        if no_delay:
            assert tcp.no_delay_on_listeners() >= 1
        stop = threading.Event()
        server = threading.Thread(target=two_write_server, args=(listener, stop), daemon=True)
        server.start()
        try:
            return round_trips(listener.getsockname()[1])
        finally:
            stop.set()


def test_a_listener_without_no_delay_stalls_and_with_it_does_not():
    assert statistics.median(serve_two_writes(no_delay=False)) > STALL_S, "the control shows the stall"
    assert statistics.median(serve_two_writes(no_delay=True)) < STALL_S / 4


def test_only_listening_tcp_sockets_are_found():
    with socket.socket() as listener, socket.socket() as idle:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        left, right = socket.socketpair()  # unix sockets (asyncio's self-pipe) are not touched
        with left, right:
            found = tcp.listening_tcp_fds()
            assert listener.fileno() in found
            assert idle.fileno() not in found and left.fileno() not in found
        tcp.no_delay_on_listeners()
        with socket.create_connection(listener.getsockname()) as client:
            accepted, _ = listener.accept()
            with accepted:  # Linux copies the option to accepted connections: the reason this works
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            assert not client.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_without_proc_nothing_is_changed(tmp_path):
    assert tcp.listening_tcp_fds(tmp_path) == [] and tcp.no_delay_on_listeners(tmp_path) == 0


def test_the_running_app_answers_kept_alive_requests_without_the_stall(tmp_path):
    env = {**os.environ, "DOLLAR_TIDE_HOME": str(tmp_path / "home"), "DOLLAR_TIDE_AUTO_REFRESH": "0"}
    with app_server(ROOT, env, tmp_path / "app.log") as port:
        # The port accepts before the app's start-up has run: a connection made then keeps Nagle on.
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=30).status_code == 200
        for path in ("/healthz", "/_stcore/health", "/static/js/" + small_bundle()):
            times = round_trips(port, path)
            # With the stall every request after a connection's first waits (see the control above);
            # the quickest shows it, whatever else the machine is doing (the app warms up at start).
            assert min(times) < STALL_S / 4, (path, [round(t * 1000) for t in times])


def small_bundle() -> str:
    """The smallest of Streamlit's script chunks (a few hundred bytes): the time is the round trip."""
    from web.static import static_root

    return min((static_root() / "static" / "js").glob("*.js"), key=lambda p: p.stat().st_size).name
