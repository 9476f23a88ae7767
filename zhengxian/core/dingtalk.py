"""The DingTalk custom-robot format (钉钉自定义机器人): message bodies and signing. Pure.

A robot with the "加签" security setting checks two query parameters: ``timestamp``, the
current time in milliseconds, and ``sign``, the URL-encoded base64 HMAC-SHA256 of
``"{timestamp}\\n{secret}"`` keyed with the secret. A robot with the "自定义关键词" setting
wants a keyword in every message: each message starts with `KEYWORD`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.parse
from typing import Any

KEYWORD = "【争先】"


def sign(secret: str, timestamp_ms: int) -> str:
    """The ``sign`` parameter, already URL-encoded (quote_plus of the base64 digest)."""
    message = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """``url`` with ``timestamp`` and ``sign`` appended; unchanged without a secret."""
    if not secret:
        return url
    separator = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign(secret, timestamp_ms)}"


def text_payload(content: str) -> dict[str, Any]:
    return {"msgtype": "text", "text": {"content": content}}


def markdown_payload(title: str, text: str) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def message(*, msgtype: str, title: str, text: str, link: str = "") -> dict[str, Any]:
    """A message in ``msgtype`` ("text" or "markdown") with the keyword and the link."""
    if msgtype == "markdown":
        body = f"#### {KEYWORD}{title}\n\n{text}"
        if link:
            body += f"\n\n[{link}]({link})"
        return markdown_payload(f"{KEYWORD}{title}", body)
    content = f"{KEYWORD}{title}\n{text}" if text and text != title else f"{KEYWORD}{title}"
    if link:
        content += f"\n{link}"
    return text_payload(content)


def accepted(status: int, body: bytes) -> tuple[bool, str]:
    """Whether DingTalk took the message: HTTP 2xx and ``errcode`` 0 (or no JSON at all,
    for other receivers). Returns the error text otherwise."""
    if not 200 <= status < 300:
        return False, f"HTTP {status}"
    try:
        data = json.loads(body.decode("utf-8") or "{}")
    except (ValueError, UnicodeDecodeError):
        return True, ""
    if isinstance(data, dict) and data.get("errcode", 0) not in (0, "0"):
        return False, f"errcode {data.get('errcode')}: {data.get('errmsg', '')}"[:500]
    return True, ""
