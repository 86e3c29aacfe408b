"""Network watch for the reliability tests, imported at start-up by every Python process that has this folder
on its path (the service, and its SPARQL workers, which inherit the service's path).

Only when LEXGRAPH_TEST_NET_LOG names a file: an audit hook appends one JSON line per network event (socket
connect, DNS look-up, urllib or http.client request) and refuses a connect to anything but loopback. Audit
hooks see Python's sockets only: Oxigraph's own HTTP client (SERVICE) is native code, which the tests watch
with canary listeners and which `lexgraph.sparql.deny_network` forbids in the workers.
"""

import json
import os
import sys

_LOG = os.environ.get("LEXGRAPH_TEST_NET_LOG")
_EVENTS = {
    "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.sendto",
    "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect", "webbrowser.open",
}
_LOOPBACK = ("127.", "::1", "localhost", "::ffff:127.")


def _record(entry: dict) -> None:
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps(entry) + "\n")


def _loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) and address else address
    return isinstance(host, str) and host.startswith(_LOOPBACK)


def _hook(event: str, args: tuple) -> None:
    if event not in _EVENTS:
        return
    target = args[1] if event in ("socket.connect", "socket.sendto") and len(args) > 1 else (args[0] if args else None)
    _record({"pid": os.getpid(), "event": event, "target": repr(target)[:300]})
    if event == "socket.connect" and not _loopback(target):
        raise PermissionError(f"network watch: connect to {target!r} refused")


def _command_line() -> str:
    try:
        with open(f"/proc/{os.getpid()}/cmdline", "rb") as source:
            return source.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        return " ".join(sys.argv)


if _LOG:
    sys.addaudithook(_hook)
    _record({"pid": os.getpid(), "event": "watching", "target": _command_line()})
