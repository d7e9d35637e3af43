"""Send small responses without the 40 ms stall: TCP_NODELAY on the server's listening sockets.

Streamlit 1.67 binds its own listening socket (`socket.socket(family=...)`, protocol 0) and hands it
to uvicorn. asyncio turns Nagle's algorithm off only for sockets whose protocol is IPPROTO_TCP, so
every connection accepted here kept Nagle on. uvicorn writes a response's headers and its body
separately; on a kept-alive connection the body then waits for the browser's delayed ACK of the
headers: 40–44 ms per request after a connection's first, measured on loopback, whatever the
response. A page's ~60 script chunks over the browser's 6 connections queued ~10 of those stalls,
and websocket deltas waited the same way. Linux copies TCP_NODELAY from a listening socket to the
connections it accepts, so setting it on the listener once at start-up fixes every connection.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

PROC = Path("/proc")  # Linux; elsewhere nothing is changed
LISTEN_STATE = "0A"  # TCP_LISTEN in /proc/net/tcp's `st` column


def _listening_inodes(proc: Path) -> set[str]:
    inodes = set()
    for table in ("tcp", "tcp6"):
        path = proc / "net" / table
        if not path.is_file():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            if len(fields) > 9 and fields[3] == LISTEN_STATE:
                inodes.add(fields[9])
    return inodes


def listening_tcp_fds(proc: Path = PROC) -> list[int]:
    """This process's file descriptors that are listening TCP sockets (IPv4 or IPv6)."""
    fd_dir = proc / "self" / "fd"
    if not fd_dir.is_dir():
        return []
    inodes = _listening_inodes(proc)
    found = []
    for entry in fd_dir.iterdir():
        try:
            target = str(entry.readlink())
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            found.append(int(entry.name))
    return sorted(found)


def no_delay_on_listeners(proc: Path = PROC) -> int:
    """Turn Nagle's algorithm off on every listening TCP socket of this process; how many."""
    count = 0
    for fd in listening_tcp_fds(proc):
        try:
            with socket.socket(fileno=os.dup(fd)) as sock:  # a duplicate: setting it sets the shared socket
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                count += 1
        except OSError:
            continue
    return count
