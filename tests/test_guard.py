"""The address guard: what is refused, why, on every hop, and that nothing connects."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest
from test_fetch_support import (
    TEST_LIMITS,
    TestServer,
    allowing_loopback,
    private_resolver,
    serving,
)

from workbench.config import load_config
from workbench.errors import WorkbenchError
from workbench.extraction.model import ExtractedClaim
from workbench.fetch.client import fetch
from workbench.fetch.guard import Guard, GuardRefused, blocked_reason, parse_allow_hosts
from workbench.fetch.service import add_fetched_source
from workbench.store import open_store


@pytest.fixture(scope="module")
def server() -> Iterator[TestServer]:
    with serving() as running:
        yield running


@pytest.mark.parametrize(("address", "reason"), [
    ("127.0.0.1", "loopback address 127.0.0.1"),
    ("::1", "loopback address ::1"),
    ("10.1.2.3", "private address 10.1.2.3"),
    ("192.168.0.1", "private address 192.168.0.1"),
    ("172.16.5.4", "private address 172.16.5.4"),
    ("169.254.169.254", "link-local address 169.254.169.254"),
    ("fe80::1", "link-local address fe80::1"),
    ("fd12:3456::1", "unique-local address fd12:3456::1"),
    ("::ffff:127.0.0.1", "IPv4-mapped IPv6 address ::ffff:7f00:1"),
    ("100.64.0.1", "non-global address 100.64.0.1"),
    ("0.0.0.0", "private address 0.0.0.0"),
    ("224.0.0.1", "multicast address 224.0.0.1"),
])
def test_non_global_addresses_are_refused_with_their_kind(address: str, reason: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::6810:85e5", "8.8.8.8"])
def test_global_addresses_pass(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


def test_loopback_is_refused_when_not_allowed_and_nothing_connects(server: TestServer) -> None:
    before = server.hits["/article"]
    result = fetch(server.url("/article"), Guard(), TEST_LIMITS)
    assert result.failure == "blocked"
    assert result.reason == ("blocked by the address guard: loopback address 127.0.0.1"
                             " is not allowed")
    assert server.hits["/article"] == before


@pytest.mark.parametrize(("url", "reason"), [
    ("http://2130706433/", "numeric host '2130706433' is not a canonical IP address"),
    ("http://0x7f.1/", "numeric host '0x7f.1' is not a canonical IP address"),
    ("http://0177.0.0.1/", "numeric host '0177.0.0.1' is not a canonical IP address"),
    ("http://127.1/", "numeric host '127.1' is not a canonical IP address"),
])
def test_obfuscated_ip_forms_are_refused_even_when_loopback_is_allowed(url: str,
                                                                       reason: str) -> None:
    result = fetch(url, allowing_loopback(), TEST_LIMITS)
    assert result.failure == "blocked" and result.reason == reason


def test_ipv4_mapped_ipv6_is_refused_even_when_loopback_is_allowed(server: TestServer) -> None:
    port = server.server_address[1]
    result = fetch(f"http://[::ffff:127.0.0.1]:{port}/article", allowing_loopback(), TEST_LIMITS)
    assert result.failure == "blocked"
    assert "IPv4-mapped IPv6 address" in (result.reason or "")


def test_private_literal_is_refused_without_connecting() -> None:
    result = fetch("http://10.0.0.5/admin", Guard(), TEST_LIMITS)
    assert result.failure == "blocked"
    assert result.reason == "blocked by the address guard: private address 10.0.0.5 is not allowed"


@pytest.mark.parametrize(("host", "reason"), [
    ("intranet.test", "intranet.test resolves to private address 10.0.0.5, which is not allowed"),
    ("metadata.test", "metadata.test resolves to link-local address 169.254.169.254, which is "
                      "not allowed"),
    ("ula.test", "ula.test resolves to unique-local address fd12:3456::1, which is not allowed"),
])
def test_names_resolving_to_private_addresses_are_refused(host: str, reason: str) -> None:
    result = fetch(f"http://{host}/", Guard(resolver=private_resolver), TEST_LIMITS)
    assert result.failure == "blocked"
    assert result.reason == f"blocked by the address guard: {reason}"


def test_redirect_to_a_private_address_is_refused(server: TestServer) -> None:
    result = fetch(server.url("/to-private"), allowing_loopback(), TEST_LIMITS)
    assert result.failure == "blocked"
    assert "private address 10.0.0.5" in (result.reason or "")
    assert result.final_url == "http://10.0.0.5/admin"


def test_redirect_to_a_name_resolving_privately_is_refused(server: TestServer) -> None:
    before = server.hits["/article"]
    guard = allowing_loopback(resolver=private_resolver)
    result = fetch(server.url("/to-name"), guard, TEST_LIMITS)
    assert result.failure == "blocked"
    assert "intranet.test resolves to private address 10.0.0.5" in (result.reason or "")
    assert server.hits["/article"] == before


def test_redirect_to_a_mapped_address_is_refused(server: TestServer) -> None:
    result = fetch(server.url("/to-mapped"), allowing_loopback(), TEST_LIMITS)
    assert result.failure == "blocked"
    assert "IPv4-mapped" in (result.reason or "")


def test_connection_goes_to_the_checked_address_with_the_name_as_host(server: TestServer) -> None:
    port = server.server_address[1]
    guard = allowing_loopback(resolver=private_resolver)
    result = fetch(f"http://article.test:{port}/article", guard, TEST_LIMITS)
    assert result.ok, result.reason
    assert server.hosts[-1] == f"article.test:{port}"


def test_only_checked_addresses_of_a_mixed_answer_are_used(server: TestServer) -> None:
    port = server.server_address[1]
    guard = allowing_loopback(resolver=private_resolver)
    assert guard.addresses("mixed.test", port) == ["127.0.0.1"]
    assert fetch(f"http://mixed.test:{port}/plain", guard, TEST_LIMITS).ok


def test_allow_list_takes_networks_and_names() -> None:
    allow = parse_allow_hosts(["127.0.0.1", "10.1.0.0/16", "Intranet.Example"])
    guard = Guard(allow=allow, resolver=lambda host, port: ["10.1.4.4"])
    assert guard.addresses("10.1.200.7", 80) == ["10.1.200.7"]
    assert guard.addresses("wiki.test", 80) == ["10.1.4.4"]
    with pytest.raises(GuardRefused, match="private address 10.2.0.1"):
        guard.addresses("10.2.0.1", 80)
    named = Guard(allow=allow, resolver=lambda host, port: ["192.168.9.9"])
    assert named.addresses("intranet.example", 80) == ["192.168.9.9"]


@pytest.mark.parametrize("entry", ["", "not a host!", "0x7f.1", "10.0.0.0/99", 42])
def test_bad_allow_list_entries_are_refused(entry: object) -> None:
    with pytest.raises(ValueError, match="is not an address, network or host name"):
        parse_allow_hosts([entry])


def test_config_reads_fetch_allow_hosts(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    path = tmp_path / "config.toml"
    path.write_text('[fetch]\nallow_hosts = ["127.0.0.1", "10.1.0.0/16"]\n')
    assert load_config(path).fetch_allow_hosts == ("127.0.0.1", "10.1.0.0/16")


@pytest.mark.parametrize(("text", "message"), [
    ('[fetch]\nallow_hosts = "127.0.0.1"\n', "allow_hosts must be a list"),
    ('[fetch]\nallow_hosts = ["nope nope"]\n', "allow_hosts: 'nope nope' is not an address"),
    ('fetch = 3\n', "allow_hosts must be a list"),
])
def test_bad_fetch_config_is_a_one_line_error(tmp_path, text: str, message: str) -> None:  # noqa: ANN001
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(WorkbenchError, match=message):
        load_config(path)


@pytest.mark.parametrize(("target", "reason"), [
    ("http://[::ffff:127.0.0.1]:{port}/article", "IPv4-mapped IPv6 address"),
    ("http://2130706433/", "numeric host '2130706433'"),
    ("http://0x7f.1/", "numeric host '0x7f.1'"),
    ("{server}/to-private", "private address 10.0.0.5"),
    ("http://intranet.test/", "intranet.test resolves to private address 10.0.0.5"),
    ("{server}/to-name", "intranet.test resolves to private address 10.0.0.5"),
])
def test_each_refusal_is_stored_with_its_reason(db_path, server: TestServer, target: str,  # noqa: ANN001
                                                reason: str) -> None:
    store = open_store(db_path)
    text = "Four people were killed."
    claim = ExtractedClaim(ordinal=1, text=text, start=0, end=len(text), kinds=("quantity",),
                           score=0.5, reasons=("r",), values={})
    store.insert_article(text, [claim])
    url = target.replace("{port}", str(server.server_address[1])).replace(
        "{server}", server.url(""))
    added = add_fetched_source(store, 1, url, note="by hand", quote="four killed",
                               guard=allowing_loopback(resolver=private_resolver),
                               limits=TEST_LIMITS)
    snapshot = store.latest_snapshot(added.source_id)
    assert snapshot is not None and snapshot.outcome == "failed"
    assert snapshot.failure == "blocked" and reason in (snapshot.reason or "")
    [source] = store.sources(1)
    assert (source.url, source.note, source.quote) == (url, "by hand", "four killed")
    store.close()


@pytest.mark.parametrize("url", ["http://exa mple.test/", "http://bad_host!.test/",
                                 "http://127.0.0.1:99999/"])
def test_malformed_url_is_a_failure_before_any_lookup(url: str) -> None:
    def no_lookup(host: str, port: int) -> list[str]:
        raise AssertionError(f"looked up {host}")

    result = fetch(url, allowing_loopback(resolver=no_lookup), TEST_LIMITS)
    assert result.failure == "bad_url"
    assert (result.reason or "").startswith(("malformed URL", "'"))
