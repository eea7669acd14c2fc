"""Which addresses a fetch may connect to (SSRF guard for a shared server).

A reviewer's URL must not make the server talk to itself or to the private network
(admin panels, databases, the cloud metadata service at 169.254.169.254). Only
globally routable unicast addresses pass, unless the config allows a host:
``[fetch] allow_hosts = ["127.0.0.1", "10.1.0.0/16", "intranet.example"]``.

This module decides; :mod:`workbench.fetch.client` enforces it at connect time on
every hop, connecting to exactly the address that was checked here.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

# Host spellings that only an obfuscator writes: a bare decimal (2130706433), hex or
# octal parts (0x7f.1, 0177.0.0.1), or fewer than four dotted parts (127.1). The C
# resolver reads them as IPv4 addresses, so they are refused before any lookup.
_NUMERIC_HOST = re.compile(r"^(?:0x[0-9a-f]*|\d+)(?:\.(?:0x[0-9a-f]*|\d+)){0,3}\.?$", re.I)
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$", re.I)


class GuardRefused(Exception):
    """The guard refused a host; ``str()`` is the one-line reason."""


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for ``host`` (raises OSError on failure)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in seen:
            seen.append(address)
    return seen


def blocked_reason(address: IPAddress) -> str | None:
    """Why ``address`` is not a public unicast address, or None when it is."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return f"IPv4-mapped IPv6 address {address}"
        if address.sixtofour is not None or address.teredo is not None:
            return f"IPv6 tunnel address {address}"
        if address in ipaddress.IPv6Network("fc00::/7"):
            return f"unique-local address {address}"
    checks = (
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local"),
        (address.is_private, "private"),
        (address.is_multicast, "multicast"),
        (address.is_unspecified, "unspecified"),
        (address.is_reserved, "reserved"),
        (not address.is_global, "non-global"),
    )
    for failed, kind in checks:
        if failed:
            return f"{kind} address {address}"
    return None


def is_hostname(text: str) -> bool:
    """True for a DNS host name (letters, digits, ``-``/``_``; labels of 1–63)."""
    labels = text.rstrip(".").split(".")
    return len(text) <= 253 and all(_LABEL.match(label) for label in labels)


def literal_address(host: str) -> IPAddress | None:
    """``host`` as an IP address when it is written as one in canonical form."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


@dataclass(frozen=True)
class AllowList:
    """Exceptions to the guard from the config: networks and exact host names."""

    networks: tuple[IPNetwork, ...] = ()
    names: frozenset[str] = field(default_factory=frozenset)

    def allows_name(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.names

    def allows_address(self, address: IPAddress) -> bool:
        return any(address.version == net.version and address in net for net in self.networks)


def parse_allow_hosts(entries: Iterable[object]) -> AllowList:
    """Read ``[fetch] allow_hosts``: IPs, CIDR networks or host names.

    Raises ValueError naming the first entry that is none of these.
    """
    networks: list[IPNetwork] = []
    names: set[str] = set()
    for entry in entries:
        if not isinstance(entry, str) or not entry.strip():
            raise ValueError(f"{entry!r} is not an address, network or host name")
        text = entry.strip()
        try:
            networks.append(ipaddress.ip_network(text.strip("[]"), strict=False))
            continue
        except ValueError:
            pass
        if _NUMERIC_HOST.match(text) or not is_hostname(text):
            raise ValueError(f"{text!r} is not an address, network or host name")
        names.add(text.lower().rstrip("."))
    return AllowList(tuple(networks), frozenset(names))


@dataclass(frozen=True)
class Guard:
    """The address policy of one fetch: allow-list plus a resolver (injectable for tests)."""

    allow: AllowList = field(default_factory=AllowList)
    resolver: Resolver = system_resolver

    def check_host(self, host: str) -> None:
        """Refuse host spellings that hide an address (no lookup is made)."""
        bare = host.strip("[]")
        if not bare:
            raise GuardRefused("the URL has no host")
        if literal_address(bare) is None and _NUMERIC_HOST.match(bare):
            raise GuardRefused(f"numeric host {host!r} is not a canonical IP address")

    def addresses(self, host: str, port: int) -> list[str]:
        """The checked addresses to connect to for ``host``, in resolver order.

        Raises :class:`GuardRefused` when none may be used (with the reason for the
        first refused one) and ``OSError`` when the name does not resolve. Addresses
        that fail are dropped: only the ones returned are ever connected to.
        """
        self.check_host(host)
        literal = literal_address(host)
        if literal is not None:
            candidates = [str(literal)]
        else:
            candidates = self.resolver(host.rstrip("."), port)
            if not candidates:
                raise OSError(f"{host} has no address")
        name_allowed = literal is None and self.allows_name(host)
        usable: list[str] = []
        first_reason: str | None = None
        for text in candidates:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            reason = None if name_allowed else self.refusal(address)
            if reason is None:
                usable.append(text)
            elif first_reason is None:
                first_reason = reason
        if not usable:
            if literal is not None:
                raise GuardRefused(f"{first_reason} is not allowed")
            raise GuardRefused(f"{host} resolves to {first_reason}, which is not allowed")
        return usable

    def allows_name(self, host: str) -> bool:
        return self.allow.allows_name(host)

    def refusal(self, address: IPAddress) -> str | None:
        """The reason ``address`` is refused, or None when it is public or allowed."""
        if self.allow.allows_address(address):
            # An allowed network never lets a mapped/tunnelled address through.
            if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
                return f"IPv4-mapped IPv6 address {address}"
            return None
        return blocked_reason(address)
