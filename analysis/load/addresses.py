"""Which network addresses a URL fetch may reach: public ones, and those the allow-list names."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Cloud instance metadata services (AWS, GCP, Azure, OpenStack; AWS over IPv6; Alibaba): refused
# even inside an allowed range unless the allow-list names the address itself.
METADATA = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class AllowList:
    """The hosts and networks a fetch may reach although they are not public."""

    hosts: frozenset[str]
    networks: tuple[IPNetwork, ...]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        """Entries as SYRIA_DASH_FETCH_ALLOW gives them: host names, addresses or CIDRs."""
        hosts, networks = set(), []
        for entry in entries:
            text = entry.strip().lower().strip("[]").rstrip(".")
            try:
                networks.append(ipaddress.ip_network(text, strict=False))
            except ValueError:
                if text:
                    hosts.add(text)
        return cls(frozenset(hosts), tuple(networks))

    def allows(self, host: str, address: IPAddress) -> bool:
        """Whether a fetch of `host` may connect to `address` (one of the host's addresses)."""
        if host.lower().rstrip(".") in self.hosts:
            return True
        for network in self.networks:
            if address.version == network.version and address in network:
                # a metadata address only when named by itself, not as part of a range
                return address not in METADATA or network.num_addresses == 1
        return is_public(address)


def is_public(address: IPAddress) -> bool:
    """A globally routed unicast address: not loopback, private, link-local, multicast,
    reserved, unspecified, shared (CGNAT) or a metadata service; nor an IPv6 form of one."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return is_public(embedded)
    return (
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
        and address not in METADATA
    )


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, Teredo, NAT64), if any."""
    if address.version != 6:
        return None
    assert isinstance(address, ipaddress.IPv6Address)
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def parse_address(text: str) -> IPAddress | None:
    """An address as getaddrinfo gives it (an IPv6 scope such as '%eth0' allowed), or None."""
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
