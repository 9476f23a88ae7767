"""Shapes several routers share."""

from __future__ import annotations

from ninja import Schema


class Ref(Schema):
    """Another record, by id and the name a person reads."""

    id: int
    name: str


class Created(Schema):
    id: int
    url: str
