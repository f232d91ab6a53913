"""Event contracts and the envelope every message travels in.

An event is declared once, as a `Contract`: its name (also the routing key), its
version and the marshmallow schema of its payload. Producers call `Contract.envelope()`
to get a validated, JSON-ready `Envelope`; consumers call `parse_envelope()` on what
arrives and get the payload loaded into Python values, or a `ContractViolation` that
says what is wrong (such a message is dead-lettered at once: retrying cannot fix it).
Readers are tolerant (unknown payload fields are ignored); a change that would break
a reader is a new version, and both versions stay declared while anyone emits the old.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields


class ContractViolation(ValueError):
    """A message that no retry can make valid: unknown event, or a payload off its schema."""


class TolerantSchema(Schema):
    """Base of every contract schema: unknown fields, at any depth, are ignored."""

    class Meta:
        unknown = EXCLUDE


class EnvelopeSchema(TolerantSchema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    version = fields.Integer(required=True)
    occurred_at = fields.AwareDateTime(required=True, format="iso")
    correlation_id = fields.String(required=True)
    causation_id = fields.String(required=True, allow_none=True)
    producer = fields.String(required=True)
    payload = fields.Dict(required=True)


@dataclass(frozen=True)
class Envelope:
    id: str
    name: str
    version: int
    occurred_at: datetime
    correlation_id: str
    causation_id: str | None
    producer: str
    payload: Mapping[str, Any] = field(default_factory=dict)

    def to_message(self) -> dict[str, Any]:
        """The JSON body that goes on the wire and into the outbox."""
        return EnvelopeSchema().dump(self)


@dataclass(frozen=True)
class Contract:
    name: str
    version: int
    schema: type[Schema]
    summary: str

    def dump(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Payload as JSON-ready values, checked against the schema."""
        schema = self.schema()
        data = {}
        for name, value in payload.items():
            try:
                data.update(schema.dump({name: value}))
            except (TypeError, ValueError, AttributeError) as error:
                raise ContractViolation(
                    f"{self.name} v{self.version}: {name}: {value!r} is not of its type"
                ) from error
        errors = schema.validate(data)
        if errors:
            raise ContractViolation(f"{self.name} v{self.version}: {errors}")
        return data

    def load(self, data: Mapping[str, Any]) -> dict[str, Any]:
        try:
            return self.schema().load(data)
        except ValidationError as error:
            raise ContractViolation(f"{self.name} v{self.version}: {error.messages}") from error

    def envelope(
        self,
        payload: Mapping[str, Any],
        *,
        producer: str,
        correlation_id: str,
        causation_id: str | None = None,
    ) -> Envelope:
        return Envelope(
            id=str(uuid.uuid4()),
            name=self.name,
            version=self.version,
            occurred_at=datetime.now(UTC),
            correlation_id=correlation_id,
            causation_id=causation_id,
            producer=producer,
            payload=self.dump(payload),
        )


class Catalogue:
    """Every contract the system knows, looked up by (name, version)."""

    def __init__(self, *contracts: Contract) -> None:
        self._contracts = {(c.name, c.version): c for c in contracts}

    def __iter__(self):
        return iter(self._contracts.values())

    def get(self, name: str, version: int) -> Contract:
        try:
            return self._contracts[(name, version)]
        except KeyError:
            raise ContractViolation(f"unknown event {name!r} version {version}") from None

    def names(self) -> set[str]:
        return {name for name, _ in self._contracts}


def parse_envelope(body: object, catalogue: Catalogue) -> Envelope:
    """Validate a received message body; the payload comes back loaded into Python values."""
    if not isinstance(body, Mapping):
        raise ContractViolation(f"message body is {type(body).__name__}, not an event envelope")
    try:
        raw = EnvelopeSchema().load(body)
    except ValidationError as error:
        raise ContractViolation(f"bad envelope: {error.messages}") from error
    contract = catalogue.get(raw["name"], raw["version"])
    return Envelope(**{**raw, "payload": contract.load(raw["payload"])})
