"""Real services on loopback ports: scripted HTTP servers (standing in for publishers), and for the
operations tests redis-server and nginx from apt.
Absent locally: the tests skip, saying why; in CI (`DOLLAR_TIDE_REQUIRE_SERVICES=1`) they fail."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


class Scripted:
    """A loopback HTTP server whose answer to each GET is `answer(handler)`; `seen` lists the paths
    asked for, in order."""

    def __init__(self, answer: Callable[[BaseHTTPRequestHandler], None]) -> None:
        self.seen: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.seen.append(self.path)
                answer(self)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()  # the listening socket too, not only the serving thread


def reply(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    for key, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pid_on(port: int) -> int:
    """The process listening on loopback `port` (from /proc/net/tcp and each process's sockets)."""
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":
            inode = fields[9]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if any(str(fd.readlink()) == f"socket:[{inode}]" for fd in (proc / "fd").iterdir()):
                return int(proc.name)
        except OSError:
            continue
    raise LookupError(port)


def need(binary: str, package: str) -> str:
    found = shutil.which(binary) or next((p for p in (f"/usr/sbin/{binary}", f"/usr/bin/{binary}")
                                          if Path(p).exists()), None)
    if found:
        return found
    message = f"{binary} is absent (apt-get install -y {package})"
    if os.environ.get("DOLLAR_TIDE_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


def wait_for_port(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A throwaway redis-server (no persistence) on a free loopback port; yields its URL."""
    binary = need("redis-server", "redis-server")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def app_server(root: Path, env: dict[str, str], log: Path, port: int | None = None) -> Iterator[int]:
    """`streamlit run app.py` (pages and routes) on a loopback port (a free one unless given); yields
    the port."""
    import sys

    port = port or free_port()
    with log.open("a") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port",
             str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        try:
            wait_for_port(port, 60)
        except TimeoutError:
            pytest.fail(f"the app did not start: {log.read_text()[-2000:]}")
        yield port
    finally:
        process.terminate()
        process.wait(15)


@contextmanager
def nginx(config: Path, upstream_ports: list[int], folder: Path) -> Iterator[int]:
    """The project's nginx.conf, run as is, with its upstreams on loopback and a free port to listen
    on; yields that port."""
    binary = need("nginx", "nginx")
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logs").mkdir(exist_ok=True)
    text = config.read_text()
    assert "listen 8080;" in text
    (folder / "nginx.conf").write_text(text.replace("listen 8080;", f"listen 127.0.0.1:{port};"))
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in upstream_ports)
    (folder / "upstreams.conf").write_text(
        f"upstream dollar_tide {{\n    hash $dt_replica consistent;\n{servers}\n}}\n")
    user = "user root;\n" if os.geteuid() == 0 else ""
    process = subprocess.Popen([binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g",
                                f"daemon off; pid {folder / 'nginx.pid'}; error_log {folder / 'error.log'}; {user}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        try:
            wait_for_port(port)
        except TimeoutError:
            process.kill()
            pytest.fail(f"nginx did not start: {process.stderr.read() if process.stderr else ''}"
                        f"{(folder / 'error.log').read_text() if (folder / 'error.log').exists() else ''}")
        yield port
    finally:
        process.terminate()
        process.wait(10)
