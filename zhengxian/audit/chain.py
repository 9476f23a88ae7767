"""How an entry's hash is computed: one function, used to write and to verify."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical_entry(
    *,
    seq: int,
    at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    model: str,
    object_id: str,
    object_repr: str,
    unit_path: str,
    changes: dict[str, Any],
    ip: str = "",
    outcome: str = "",
) -> str:
    body = {
        "seq": seq,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor": actor_label,
        "action": action,
        "model": model,
        "object_id": object_id,
        "object": object_repr,
        "unit_path": unit_path,
        "changes": changes,
    }
    # Present only on security events, so the hashes of older entries stay as they were;
    # adding, removing or changing either still changes the hash.
    if ip:
        body["ip"] = ip
    if outcome:
        body["outcome"] = outcome
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()
