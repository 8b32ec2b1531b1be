"""Secrets never shown: passwords in URLs, tokens and API keys are masked wherever a value
is printed (``xxgk config``, ``xxgk init``, logs of start-up errors)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from pydantic import SecretStr

MASK = "***"


def mask_url(url: str) -> str:
    """``postgresql://xxgk:pw@db/xxgk`` → ``postgresql://xxgk:***@db/xxgk``; a URL without a
    password (or not a URL) comes back unchanged."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    user = parts.username or ""
    port = f":{parts.port}" if parts.port is not None else ""
    netloc = f"{user}:{MASK}@{host}{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def shown_value(value: object) -> str:
    """How a setting's value may be shown: secrets as whether they are set, URLs masked."""
    if isinstance(value, SecretStr):
        return "（已设置）" if value.get_secret_value() else ""
    if value is None:
        return ""
    text = str(value)
    return mask_url(text) if "://" in text else text


def redact(text: str, secrets: list[str]) -> str:
    """``text`` with every given secret value replaced by ``***`` (for error lines)."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, MASK)
    return text
