"""Recomputes the chain and names the first entry that does not match."""

from __future__ import annotations

from dataclasses import dataclass

from .chain import GENESIS, canonical_entry, entry_hash
from .models import AuditEntry, ChainHead


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_bad_seq: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


def verify_chain(*, batch_size: int = 5000) -> ChainReport:
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=batch_size)
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"entry #{expected_seq} is missing")
        if entry.prev_hash != expected_prev:
            return ChainReport(
                checked, entry.seq, f"entry #{entry.seq} does not follow its predecessor"
            )
        canonical = canonical_entry(
            seq=entry.seq,
            at=entry.at,
            actor_id=entry.actor_id,
            actor_label=entry.actor_label,
            action=entry.action,
            model=entry.model,
            object_id=entry.object_id,
            object_repr=entry.object_repr,
            unit_path=entry.unit_path,
            changes=entry.changes,
            ip=entry.ip,
            outcome=entry.outcome,
        )
        if entry_hash(expected_prev, canonical) != entry.hash:
            return ChainReport(checked, entry.seq, f"entry #{entry.seq} was altered")
        expected_prev = entry.hash
        expected_seq += 1
        checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != expected_prev):
        return ChainReport(checked, expected_seq, f"entries after #{expected_seq - 1} are missing")
    return ChainReport(checked, None, "")
