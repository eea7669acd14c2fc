"""Fetching one URL with httpx under the rules of a shared server.

- Only ``http``/``https``; at most :attr:`FetchLimits.max_redirects` redirects, each
  hop checked like the first; a loop is reported as a loop.
- Every TCP connection goes through :class:`GuardedTransport`, whose network backend
  asks the :class:`~workbench.fetch.guard.Guard` for the checked addresses and
  connects to exactly those. httpx still sends ``Host`` and TLS SNI for the name, and
  verifies the certificate for it, so a DNS answer that changes between check and
  connect (rebinding) cannot reach a private address.
- Connect timeout, a total deadline for the whole fetch (redirects and a slow-drip
  body included), and a size cap enforced while streaming, not after.
- Cancellable while nothing arrives: every read of the connection (response headers
  and body) waits at most :data:`CANCEL_POLL` at a time, then checks the cancel
  event and the deadline, so a server that has gone silent neither holds a cancel
  until the deadline nor overruns the deadline by a read timeout.
- ``trust_env=False``: no proxy or netrc from the environment reroutes the request.

Nothing here raises for a network problem: :func:`fetch` returns a
:class:`FetchResult` whose ``failure`` and ``reason`` say what went wrong.
"""

from __future__ import annotations

import hashlib
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from workbench.fetch.guard import Guard, GuardRefused, is_hostname, literal_address

USER_AGENT = "workbench-factcheck/0.1 (fact-checking source archiver; +reviewer-initiated)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
Progress = Callable[[str, int, int | None], None]
"""``progress(stage, bytes_received, bytes_expected_or_None)``, called from the fetching thread."""


CANCEL_POLL = 0.1
"""Longest a blocked read waits before the cancel event and the deadline are checked."""


class FetchCancelled(Exception):
    """The caller set the cancel event; nothing should be stored."""


@dataclass(frozen=True)
class FetchLimits:
    """Time and size limits of one fetch (tests pass short ones)."""

    connect_timeout: float = 5.0
    total_timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True)
class FetchResult:
    """What a fetch got: the body on success, else a failure kind and a one-line reason.

    ``failure`` is one of ``blocked``, ``dns``, ``refused``, ``connect``, ``tls``,
    ``timeout``, ``too_big``, ``redirects``, ``redirect_loop``, ``http``,
    ``protocol``, ``bad_url``; None on success.
    """

    requested_url: str
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    body: bytes | None = None
    sha256: str | None = None
    failure: str | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


class _Failure(Exception):
    """Internal: ends a fetch with a failure kind and reason."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


class _ResolveFailed(Exception):
    """Internal: the host name did not resolve."""


@dataclass(frozen=True)
class _Watch:
    """What a blocked read looks at between waits: the caller's cancel event and the
    fetch's deadline (``time.monotonic()`` seconds; None: no deadline)."""

    cancel: threading.Event | None = None
    deadline: float | None = None

    def check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise FetchCancelled()


class _WatchedStream(httpcore.NetworkStream):
    """A connection whose reads wait in slices of :data:`CANCEL_POLL`.

    httpcore blocks in one ``recv`` for the whole read timeout, so a cancel set while
    the server sends nothing would be seen only at the deadline. Here each read is
    a loop of short reads that checks the cancel event and the deadline between
    them. A timed-out ``recv`` consumes nothing (nor does a timed-out TLS read: the
    partial record stays in the TLS object), so the next short read simply carries
    on. Everything happens on the fetching thread; the cancelling side only sets
    the event and never touches the socket.
    """

    def __init__(self, inner: httpcore.NetworkStream, watch: _Watch) -> None:
        self._inner = inner
        self._watch = watch

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        ends = [t for t in (self._watch.deadline,
                            None if timeout is None else time.monotonic() + timeout)
                if t is not None]
        end = min(ends) if ends else None
        while True:
            self._watch.check_cancel()
            wait = CANCEL_POLL
            if end is not None:
                left = end - time.monotonic()
                if left <= 0:
                    raise httpcore.ReadTimeout("timed out")
                wait = min(wait, left)
            try:
                return self._inner.read(max_bytes, wait)
            except httpcore.ReadTimeout:
                continue

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # Not sliced: a timed-out send may have sent part of the buffer. The request
        # is a few hundred bytes and its timeout is within the deadline.
        self._watch.check_cancel()
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        self._watch.check_cancel()
        return _WatchedStream(self._inner.start_tls(ssl_context, server_hostname, timeout),
                              self._watch)

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """httpcore's sync backend, connecting only to addresses the guard returned, with
    reads that a cancel or the deadline can end while the server is silent."""

    def __init__(self, guard: Guard, watch: _Watch) -> None:
        self._guard = guard
        self._watch = watch
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self._guard.addresses(host, port)
        except OSError as err:
            raise _ResolveFailed(f"cannot resolve {host}: {err}") from None
        error: Exception | None = None
        for address in addresses:
            self._watch.check_cancel()
            try:
                stream = self._inner.connect_tcp(address, port, timeout, local_address,
                                                 socket_options)
                return _WatchedStream(stream, self._watch)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                error = err
        assert error is not None
        raise error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise GuardRefused("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.NetworkError, httpx.NetworkError),
)


@contextmanager
def _httpx_errors() -> Iterator[None]:
    """Re-raise httpcore's exceptions as httpx's, as httpx's own transport does."""
    try:
        yield
    except tuple(core for core, _ in _ERRORS) as err:
        for core, mapped in _ERRORS:
            if isinstance(err, core):
                raise mapped(str(err)) from err
        raise  # pragma: no cover - every httpcore error above has a mapping


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_errors():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport whose every connection is to an address the guard checked.

    Built on httpcore's public ``ConnectionPool(network_backend=…)`` rather than on
    httpx's private transport internals. HTTP/1.1 only; no retries. Reads raise
    :class:`FetchCancelled` within :data:`CANCEL_POLL` of ``cancel`` being set and a
    read timeout at ``deadline`` (``time.monotonic()`` seconds), even mid-read.
    """

    def __init__(self, guard: Guard, ssl_context: ssl.SSLContext | None = None, *,
                 cancel: threading.Event | None = None, deadline: float | None = None
                 ) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(),
            max_connections=4,
            network_backend=_GuardedBackend(guard, _Watch(cancel, deadline)),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme, host=request.url.raw_host,
                port=request.url.port, target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _httpx_errors():
            response = self._pool.handle_request(core_request)
        assert isinstance(response.stream, Iterable)
        return httpx.Response(
            status_code=response.status, headers=response.headers,
            stream=_ResponseStream(response.stream), extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    """``(mime type, charset)`` of a Content-Type header."""
    if not header:
        return None, None
    message = Message()
    message["content-type"] = header
    charset = message.get_param("charset")
    return message.get_content_type(), str(charset) if isinstance(charset, str) else None


def _check_url(url: str, guard: Guard) -> None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as err:
        raise _Failure("bad_url", f"malformed URL: {err}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise _Failure("blocked", f"only http and https are fetched, not {parts.scheme or '?'}:")
    if not host:
        raise _Failure("bad_url", "the URL has no host")
    try:
        guard.check_host(host)
    except GuardRefused as err:
        raise _Failure("blocked", str(err)) from None
    if literal_address(host) is None and not _valid_name(host):
        raise _Failure("bad_url", f"{host!r} is not a valid host name")


def _valid_name(host: str) -> bool:
    """A DNS name (internationalised names in their IDNA form), checked before any lookup."""
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return is_hostname(ascii_host)


def _classify(err: BaseException, limits: FetchLimits) -> _Failure:
    """A failure kind and a one-line reason for an exception raised while fetching."""
    cause = err.__cause__ or err.__context__
    text = " ".join(str(err).split()) or type(err).__name__
    if isinstance(err, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return _Failure("bad_url", f"malformed URL: {text}")
    if isinstance(err, GuardRefused):
        return _Failure("blocked", f"blocked by the address guard: {err}")
    if isinstance(err, _ResolveFailed):
        return _Failure("dns", text)
    if isinstance(err, httpx.ConnectTimeout):
        return _Failure("timeout", f"no connection within {limits.connect_timeout:g} s")
    if isinstance(err, httpx.TimeoutException):
        return _Failure("timeout", f"no complete answer within {limits.total_timeout:g} s")
    if isinstance(err, httpx.ConnectError):
        if isinstance(cause, ssl.SSLError) or "SSL" in text or "certificate" in text:
            return _Failure("tls", f"TLS failed: {text}")
        if isinstance(cause, ConnectionRefusedError) or "refused" in text.lower():
            return _Failure("refused", "connection refused")
        return _Failure("connect", f"cannot connect: {text}")
    if isinstance(err, httpx.ProtocolError | httpx.DecodingError):
        return _Failure("protocol", f"bad HTTP answer: {text}")
    return _Failure("network", f"network error: {text}")


def _read_body(response: httpx.Response, limits: FetchLimits, deadline: float,
               cancel: threading.Event | None, progress: Progress | None) -> bytes:
    """The decoded body, stopped at the size cap, the deadline or a cancel."""
    declared = response.headers.get("content-length")
    expected = int(declared) if declared and declared.isdigit() else None
    if expected is not None and expected > limits.max_bytes:
        raise _Failure("too_big", f"body of {expected} bytes is over the "
                                  f"{limits.max_bytes} byte cap")
    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_bytes():
        received += len(chunk)
        if received > limits.max_bytes:
            raise _Failure("too_big", f"body is over the {limits.max_bytes} byte cap")
        chunks.append(chunk)
        if cancel is not None and cancel.is_set():
            raise FetchCancelled()
        if time.monotonic() > deadline:
            raise _Failure("timeout", f"no complete answer within {limits.total_timeout:g} s")
        if progress is not None:
            progress("downloading", received, expected)
    return b"".join(chunks)


def fetch(
    url: str,
    guard: Guard,
    limits: FetchLimits | None = None,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
) -> FetchResult:
    """Fetch ``url`` under the guard and limits; never raises for network trouble.

    Raises :class:`FetchCancelled` only, when ``cancel`` is set (checked between
    hops, between body chunks and every :data:`CANCEL_POLL` while a read waits), so a
    TUI worker can stop it even when the server has gone silent. A connect and a TLS
    handshake are not sliced: they end within ``connect_timeout``.
    """
    limits = limits or FetchLimits()
    deadline = time.monotonic() + limits.total_timeout
    current = url
    status: int | None = None
    visited: list[str] = []
    try:
        with httpx.Client(
            transport=GuardedTransport(guard, cancel=cancel, deadline=deadline),
            trust_env=False, follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"},
        ) as client:
            for _hop in range(limits.max_redirects + 1):
                if cancel is not None and cancel.is_set():
                    raise FetchCancelled()
                _check_url(current, guard)
                visited.append(current)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise _Failure("timeout",
                                   f"no complete answer within {limits.total_timeout:g} s")
                timeout = httpx.Timeout(remaining, connect=min(limits.connect_timeout, remaining))
                if progress is not None:
                    progress(f"connecting to {urlsplit(current).hostname}", 0, None)
                request = client.build_request("GET", current, timeout=timeout)
                response = client.send(request, stream=True)
                try:
                    status = response.status_code
                    location = response.headers.get("location")
                    if status in REDIRECT_STATUSES and location:
                        target = urljoin(current, location.strip())
                        if target in visited:
                            raise _Failure("redirect_loop", f"redirect loop back to {target}")
                        current = target
                        continue
                    if status >= 400:
                        raise _Failure("http", f"HTTP {status} {response.reason_phrase}".strip())
                    mime, charset = _content_type(response.headers.get("content-type"))
                    body = _read_body(response, limits, deadline, cancel, progress)
                finally:
                    response.close()
                return FetchResult(
                    requested_url=url, final_url=current, status=status, content_type=mime,
                    charset=charset, body=body, sha256=hashlib.sha256(body).hexdigest(),
                )
            raise _Failure("redirects", f"more than {limits.max_redirects} redirects")
    except FetchCancelled:
        raise
    except _Failure as failure:
        return _failed(url, visited, status, failure)
    except Exception as err:  # noqa: BLE001 - a fetch must never crash the caller
        return _failed(url, visited, status, _classify(err, limits))


def _failed(url: str, visited: list[str], status: int | None, failure: _Failure) -> FetchResult:
    final = visited[-1] if visited else None
    return FetchResult(requested_url=url, final_url=final, status=status,
                       failure=failure.kind, reason=failure.reason)
