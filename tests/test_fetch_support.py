"""A real HTTP server on 127.0.0.1 for the fetch, guard and source tests (no tests here).

Started per test module by the tests themselves (``with serving() as server``); it
binds an ephemeral port on loopback only and every handler ends by itself, so a test
that gives up early leaves nothing running.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from workbench.fetch.client import FetchLimits
from workbench.fetch.guard import Guard, parse_allow_hosts

ARTICLE_TEXT = (
    "Four people were killed and five wounded in an explosion in Kabul on Monday, "
    "police spokesman Khalid Zadran said. "
    '"We will find those responsible," Zadran said.'
)
ARTICLE = f"""<!doctype html>
<html><head><title>Blast in Kabul</title>
<meta property="article:published_time" content="2025-11-10">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Blast in Kabul</h1>
<p>{ARTICLE_TEXT}</p>
<p>The city was calm on Tuesday and markets reopened across the capital.</p>
</article>
<footer>Copyright the newspaper</footer>
</body></html>"""
EVIL_TITLE = (
    "<b>Breaking</b>\x1b[31m red\x1b[0m \x1b]0;pwned\x07\u202eevil\u202c \x00nul \x9bc1 done"
)
EVIL = f"""<html><head><title>{EVIL_TITLE}</title></head><body><article>
<h1>{EVIL_TITLE}</h1><p>Body text \x1b[2J with an escape and \u2066isolate\u2069 in it.
{ARTICLE_TEXT}</p></article></body></html>"""

# Short limits so the slow tests take well under a second; the drip handler
# alone would run for DRIP_SECONDS.
TEST_LIMITS = FetchLimits(connect_timeout=1.0, total_timeout=0.6, max_bytes=20_000,
                          max_redirects=5)
DRIP_SECONDS = 5.0
STALL_SECONDS = 5.0
"""How long the stalling handlers stay silent: longer than any cancel may take."""
DRIP_BEFORE_STALL = 1.2


class _Handler(BaseHTTPRequestHandler):
    server: TestServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(302, b"", headers={"Location": location})

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = self.path
        self.server.hits[path] += 1
        self.server.hosts.append(self.headers.get("Host", ""))
        self.server.agents.append(self.headers.get("User-Agent", ""))
        port = self.server.server_address[1]
        if path == "/article":
            self._send(200, ARTICLE.encode())
        elif path == "/plain":
            self._send(200, ARTICLE_TEXT.encode(), "text/plain; charset=utf-8")
        elif path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            self._redirect(f"/redirect/{left - 1}" if left > 0 else "/article")
        elif path == "/loop/a":
            self._redirect("/loop/b")
        elif path == "/loop/b":
            self._redirect(f"http://127.0.0.1:{port}/loop/a")
        elif path == "/missing":
            self._send(404, b"<h1>Not here</h1>")
        elif path == "/broken":
            self._send(500, b"<h1>Oops</h1>")
        elif path == "/big":
            self._big(6_000_000)
        elif path == "/big-undeclared":
            self._stream_undeclared(b"<p>" + b"y" * 1_000, count=60)
        elif path == "/drip":
            self._drip()
        elif path == "/stall":
            self._stall()
        elif path == "/stall-headers":
            time.sleep(STALL_SECONDS)  # the request was read; no answer at all
            self.close_connection = True
        elif path == "/drip-stall":
            self._drip(DRIP_BEFORE_STALL)
            self._stall_open()
        elif path == "/binary":
            self._send(200, bytes(range(256)) * 8, "application/pdf")
        elif path == "/evil":
            self._send(200, EVIL.encode())
        elif path == "/mutable":
            body = self.server.mutable
            if body is None:
                self._send(404, b"gone")
            else:
                self._send(200, body.encode())
        elif path == "/to-private":
            self._redirect("http://10.0.0.5/admin")
        elif path == "/to-name":
            self._redirect(f"http://intranet.test:{port}/article")
        elif path == "/to-mapped":
            self._redirect(f"http://[::ffff:127.0.0.1]:{port}/article")
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        else:
            self._send(404, b"unknown test path")

    def _big(self, size: int) -> None:
        """A declared body over any cap; only its first bytes are ever sent."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(size + 7))
        self.end_headers()
        with suppress(OSError):
            self.wfile.write(b"<p>" + b"x" * 10_000)
        self.close_connection = True

    def _stream_undeclared(self, chunk: bytes, count: int) -> None:
        """A body with no Content-Length (connection-close framing): only streaming can cap it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(count):
                self.wfile.write(chunk)
        except OSError:
            pass
        self.close_connection = True

    def _drip(self, seconds: float = DRIP_SECONDS) -> None:
        """One byte every 20 ms for ``seconds``: each read is quick, the whole is not."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        end = time.monotonic() + seconds
        try:
            while time.monotonic() < end:
                self.wfile.write(b"d")
                self.wfile.flush()
                time.sleep(0.02)
        except OSError:
            pass
        self.close_connection = True

    def _stall(self) -> None:
        """Headers and the first bytes of a longer body, then silence: no chunk
        arrives, so a check made between chunks never runs."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "10000")
        self.end_headers()
        with suppress(OSError):
            self.wfile.write(b"<html><body><p>The first bytes of the page")
            self.wfile.flush()
        self._stall_open()

    def _stall_open(self) -> None:
        """Keep the connection open and silent for STALL_SECONDS, then drop it."""
        time.sleep(STALL_SECONDS)
        self.close_connection = True


class TestServer(ThreadingHTTPServer):
    """The test server and what it saw: hits per path, Host headers, User-Agents."""

    __test__ = False
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.hosts: list[str] = []
        self.agents: list[str] = []
        self.mutable: str | None = "<html><body><p>Version one of the page.</p></body></html>"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@contextmanager
def serving() -> Iterator[TestServer]:
    """Run a :class:`TestServer` in a thread for the duration of the block."""
    server = TestServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=2)


def allowing_loopback(**kwargs: Any) -> Guard:
    """The tests' guard: 127.0.0.1 allowed, as the tests' config does."""
    return Guard(allow=parse_allow_hosts(["127.0.0.1"]), **kwargs)


def private_resolver(host: str, port: int) -> list[str]:
    """A resolver for names that resolve to private addresses (no DNS is asked)."""
    table = {"intranet.test": ["10.0.0.5"], "metadata.test": ["169.254.169.254"],
             "ula.test": ["fd12:3456::1"], "article.test": ["127.0.0.1"],
             "mixed.test": ["10.0.0.5", "127.0.0.1"]}
    if host not in table:
        raise OSError(f"[Errno -2] Name or service not known: {host}")
    return table[host]
