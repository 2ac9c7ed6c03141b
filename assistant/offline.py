"""Offline by construction (LGWAN): no telemetry, no hub look-ups, no egress.

`enforce_offline_env()` switches off every library's network feature we know of, before those
libraries are imported. `install_egress_guard()` adds a Python audit hook that refuses any socket
connection or name lookup outside loopback and the configured `network.allowed_hosts`. Both are
called explicitly by entry points (CLI, UI), never at import.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
import threading
from collections.abc import Iterable

OFFLINE_ENV: dict[str, str] = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",  # chromadb
    "CHROMA_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "GRADIO_TELEMETRY_ENABLED": "False",
    "LANGCHAIN_TRACING_V2": "false",
    "LANGSMITH_TRACING": "false",
    "LANGCHAIN_TRACING": "false",
    "DO_NOT_TRACK": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "TLDEXTRACT_CACHE_TIMEOUT": "0",
    "NO_PROXY": "127.0.0.1,localhost,::1",
}


def enforce_offline_env() -> None:
    """Set the offline switches (overriding anything that would turn network features on)."""
    for k, v in OFFLINE_ENV.items():
        os.environ[k] = v


_guard_lock = threading.Lock()
_allowed_names: set[str] = set()
_allowed_ips: set[str] = set()
_installed = False
refused: list[str] = []  # what the guard refused in this process (for doctor and tests)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return host in ("localhost",)


def _is_ip_literal(host: str) -> bool:
    """An IP literal needs no DNS query; the connect that follows is what the guard checks."""
    try:
        ipaddress.ip_address(host.strip("[]").split("%")[0])
        return True
    except ValueError:
        return False


def host_allowed(host: str) -> bool:
    """True if `host` (name or IP) is loopback or configured as allowed."""
    if host is None:
        return True
    h = host.strip("[]").lower()
    return _is_loopback(h) or h in _allowed_names or h in _allowed_ips


def _hook(event: str, args: tuple) -> None:
    if event == "socket.connect" or event == "socket.connect_ex":
        sock, address = args[0], args[1]
        if getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6):
            return
        host = address[0] if isinstance(address, tuple) else str(address)
        if not host_allowed(str(host)):
            refused.append(f"connect {host}")
            raise ConnectionRefusedError(f"LGWAN egress guard: connection to {host} refused (not in network.allowed_hosts)")
    elif event == "socket.getaddrinfo":
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode(errors="replace")
        if host is not None and not _is_ip_literal(str(host)) and not host_allowed(str(host)):
            refused.append(f"lookup {host}")
            raise socket.gaierror(socket.EAI_NONAME, f"LGWAN egress guard: name lookup of {host} refused")


def install_egress_guard(allowed_hosts: Iterable[str]) -> None:
    """Refuse every connection outside loopback and `allowed_hosts` for the rest of the process.

    Audit hooks cannot be removed; calling again only widens the allow-list with new hosts.
    """
    global _installed
    with _guard_lock:
        for h in allowed_hosts:
            h = h.strip("[]").lower()
            _allowed_names.add(h)
            try:
                _allowed_ips.add(str(ipaddress.ip_address(h)))
            except ValueError:
                pass
        if not _installed:
            sys.addaudithook(_hook)
            _installed = True


def check_url_allowed(url: str, allowed_hosts: Iterable[str]) -> str | None:
    """Return None if `url`'s host is loopback or in `allowed_hosts`, else a Japanese reason."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return f"URL にホスト名がありません: {url}"
    allowed = {h.strip("[]").lower() for h in allowed_hosts}
    if _is_loopback(host) or host in allowed:
        return None
    return f"接続先 {host} は許可されていません（network.allowed_hosts に LGWAN 内のサーバーを登録してください）"
