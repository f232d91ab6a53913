"""Every service of shortlist, by name, and the accounts database beside them."""

from __future__ import annotations

from services.intake.bootstrap import SERVICE as INTAKE
from services.notify.bootstrap import SERVICE as NOTIFY
from services.scoring.bootstrap import SERVICE as SCORING
from services.screening.bootstrap import SERVICE as SCREENING
from shared.auth import accounts
from shared.service import ServiceDefinition

SERVICES: dict[str, ServiceDefinition] = {
    service.name: service for service in (INTAKE, SCREENING, SCORING, NOTIFY)
}
WEB_APPS = (*SERVICES, "auth")
MIGRATIONS = {
    **{name: s.migrations for name, s in SERVICES.items()},
    "accounts": accounts.MIGRATIONS,
}


def service(name: str) -> ServiceDefinition:
    try:
        return SERVICES[name]
    except KeyError:
        raise SystemExit(f"unknown service {name!r}; known: {', '.join(SERVICES)}") from None
