"""Fetching from a real HTTP server on 127.0.0.1: redirects, limits, failures, cancel."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from test_fetch_support import (
    DRIP_BEFORE_STALL,
    STALL_SECONDS,
    TEST_LIMITS,
    TestServer,
    allowing_loopback,
    private_resolver,
    serving,
)

from workbench.fetch.client import USER_AGENT, FetchCancelled, FetchLimits, FetchResult, fetch


@pytest.fixture(scope="module")
def server() -> Iterator[TestServer]:
    with serving() as running:
        yield running


def test_article_is_fetched_with_status_type_and_hash(server: TestServer) -> None:
    result = fetch(server.url("/article"), allowing_loopback(), TEST_LIMITS)
    assert result.ok, result.reason
    assert result.status == 200
    assert result.content_type == "text/html" and result.charset == "utf-8"
    assert result.body is not None and b"Four people were killed" in result.body
    assert result.sha256 is not None and len(result.sha256) == 64
    assert server.agents[-1] == USER_AGENT


def test_redirect_chain_within_the_limit_is_followed(server: TestServer) -> None:
    result = fetch(server.url("/redirect/4"), allowing_loopback(), TEST_LIMITS)
    assert result.ok, result.reason
    assert result.final_url == server.url("/article")
    assert result.requested_url == server.url("/redirect/4")


def test_too_many_redirects_fail(server: TestServer) -> None:
    result = fetch(server.url("/redirect/9"), allowing_loopback(), TEST_LIMITS)
    assert result.failure == "redirects"
    assert result.reason == "more than 5 redirects"


def test_redirect_loop_is_named_a_loop(server: TestServer) -> None:
    result = fetch(server.url("/loop/a"), allowing_loopback(), TEST_LIMITS)
    assert result.failure == "redirect_loop"
    assert "loop/a" in (result.reason or "")


@pytest.mark.parametrize(("path", "reason"), [("/missing", "HTTP 404 Not Found"),
                                              ("/broken", "HTTP 500 Internal Server Error")])
def test_http_errors_are_failures_with_their_status(server: TestServer, path: str,
                                                    reason: str) -> None:
    result = fetch(server.url(path), allowing_loopback(), TEST_LIMITS)
    assert result.failure == "http" and result.status == int(reason.split()[1])
    assert result.reason == reason and result.body is None


def test_declared_body_over_the_cap_is_refused_before_reading(server: TestServer) -> None:
    result = fetch(server.url("/big"), allowing_loopback(), TEST_LIMITS)
    assert result.failure == "too_big"
    assert result.reason == "body of 6000007 bytes is over the 20000 byte cap"


def test_undeclared_body_over_the_cap_is_cut_while_streaming(server: TestServer) -> None:
    result = fetch(server.url("/big-undeclared"), allowing_loopback(), TEST_LIMITS)
    assert result.failure == "too_big"
    assert result.reason == "body is over the 20000 byte cap"


def test_slow_drip_body_hits_the_total_deadline_quickly(server: TestServer) -> None:
    started = time.monotonic()
    result = fetch(server.url("/drip"), allowing_loopback(), TEST_LIMITS)
    elapsed = time.monotonic() - started
    assert result.failure == "timeout"
    assert result.reason == "no complete answer within 0.6 s"
    assert elapsed < 2.0


def test_binary_file_is_fetched_with_its_type(server: TestServer) -> None:
    result = fetch(server.url("/binary"), allowing_loopback(), TEST_LIMITS)
    assert result.ok and result.content_type == "application/pdf"
    assert result.body == bytes(range(256)) * 8


def test_connection_refused_is_a_failure_not_a_crash() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetch(f"http://127.0.0.1:{port}/", allowing_loopback(), TEST_LIMITS)
    assert result.failure == "refused" and result.reason == "connection refused"


def test_unresolvable_name_is_a_dns_failure() -> None:
    guard = allowing_loopback(resolver=private_resolver)
    result = fetch("http://nowhere.test/page", guard, TEST_LIMITS)
    assert result.failure == "dns"
    assert "cannot resolve nowhere.test" in (result.reason or "")


def test_tls_to_a_plain_http_server_is_a_tls_failure(server: TestServer) -> None:
    url = server.url("/article").replace("http://", "https://")
    result = fetch(url, allowing_loopback(), TEST_LIMITS)
    assert result.failure == "tls"
    assert (result.reason or "").startswith("TLS failed")


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file", "file:///etc/passwd",
                                 "javascript:alert(1)"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    result = fetch(url, allowing_loopback(), TEST_LIMITS)
    assert result.failure == "blocked"
    assert (result.reason or "").startswith("only http and https")


def test_redirect_to_a_file_url_is_refused(server: TestServer) -> None:
    result = fetch(server.url("/to-file"), allowing_loopback(), TEST_LIMITS)
    assert result.failure == "blocked"
    assert result.reason == "only http and https are fetched, not file:"


def test_a_set_cancel_event_stops_the_fetch(server: TestServer) -> None:
    cancel = threading.Event()
    cancel.set()
    before = server.hits["/article"]
    with pytest.raises(FetchCancelled):
        fetch(server.url("/article"), allowing_loopback(), TEST_LIMITS, cancel=cancel)
    assert server.hits["/article"] == before


def test_cancel_during_a_slow_body_stops_it(server: TestServer) -> None:
    cancel = threading.Event()
    seen: list[int] = []

    def progress(stage: str, received: int, expected: int | None) -> None:
        seen.append(received)
        if received >= 5:
            cancel.set()

    with pytest.raises(FetchCancelled):
        fetch(server.url("/drip"), allowing_loopback(), TEST_LIMITS, cancel=cancel,
              progress=progress)
    assert 5 <= max(seen) < 20


def test_progress_reports_connecting_and_bytes(server: TestServer) -> None:
    stages: list[tuple[str, int, int | None]] = []
    fetch(server.url("/plain"), allowing_loopback(), TEST_LIMITS,
          progress=lambda *args: stages.append(args))
    assert stages[0][0] == "connecting to 127.0.0.1"
    assert stages[-1][0] == "downloading" and stages[-1][1] == stages[-1][2]


class _Background:
    """A fetch on a thread of its own, so the test can cancel it while it is blocked."""

    def __init__(self, url: str, limits: FetchLimits,
                 progress: Callable[[str, int, int | None], None] | None = None) -> None:
        self.cancel = threading.Event()
        self.outcome: list[FetchResult | BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(url, limits, progress),
                                        daemon=True)
        self._thread.start()

    def _run(self, url: str, limits: FetchLimits,
             progress: Callable[[str, int, int | None], None] | None) -> None:
        try:
            self.outcome.append(fetch(url, allowing_loopback(), limits, cancel=self.cancel,
                                      progress=progress))
        except BaseException as err:  # noqa: BLE001 - handed to the test to assert on
            self.outcome.append(err)

    def cancel_and_wait(self) -> float:
        """Set the cancel event; seconds until the fetch returned (or gave up waiting)."""
        started = time.monotonic()
        self.cancel.set()
        self._thread.join(timeout=STALL_SECONDS * 3)
        return time.monotonic() - started


def _poll(condition: Callable[[], object], bound: float = 5.0) -> bool:
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.mark.parametrize("path", ["/stall", "/stall-headers"])
def test_cancel_takes_effect_while_the_server_sends_nothing(server: TestServer,
                                                            path: str) -> None:
    """The server went silent (after the first body bytes, or before any header): no
    chunk arrives to check the cancel event after, yet a cancel ends the fetch within
    a fraction of a second instead of at the deadline."""
    limits = replace(TEST_LIMITS, total_timeout=STALL_SECONDS * 2)  # only a cancel ends it
    received = threading.Event()

    def progress(stage: str, count: int, expected: int | None) -> None:
        if count:
            received.set()

    before = server.hits[path]
    fetching = _Background(server.url(path), limits, progress)
    assert _poll(lambda: server.hits[path] > before)
    if path == "/stall":
        assert received.wait(5.0)
    time.sleep(0.3)  # blocked in a read by now
    elapsed = fetching.cancel_and_wait()
    assert elapsed < 1.0
    [outcome] = fetching.outcome
    assert isinstance(outcome, FetchCancelled)


def test_a_stalled_server_still_fails_at_the_total_deadline(server: TestServer) -> None:
    started = time.monotonic()
    result = fetch(server.url("/stall"), allowing_loopback(), TEST_LIMITS)
    assert result.failure == "timeout"
    assert result.reason == "no complete answer within 0.6 s"
    assert time.monotonic() - started < 2.0


def test_a_stall_late_in_the_body_ends_at_the_deadline_not_a_read_timeout_later(
        server: TestServer) -> None:
    """Every read used to wait as long as the whole fetch had left when it began, so a
    server that dripped for a while and then went silent overran the deadline by that
    much again; the deadline holds however late the silence starts."""
    limits = replace(TEST_LIMITS, total_timeout=DRIP_BEFORE_STALL + 0.3)
    started = time.monotonic()
    result = fetch(server.url("/drip-stall"), allowing_loopback(), limits)
    elapsed = time.monotonic() - started
    assert result.failure == "timeout"
    assert elapsed < limits.total_timeout + 0.5
