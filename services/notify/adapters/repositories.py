"""Notify's repositories: vacancy contacts and deliveries."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.notify.adapters.tables import deliveries, vacancy_contacts
from services.notify.domain.deliveries import Delivery, DeliveryStatus


class VacancyContactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, vacancy_id: str, title: str, contact_email: str) -> None:
        table = vacancy_contacts
        values = {"title": title, "contact_email": contact_email}
        if self.get(vacancy_id):
            self.session.execute(
                table.update().where(table.c.vacancy_id == vacancy_id).values(values)
            )
        else:
            self.session.execute(table.insert().values(vacancy_id=vacancy_id, **values))

    def get(self, vacancy_id: str) -> dict[str, Any] | None:
        row = self.session.execute(
            sa.select(vacancy_contacts).where(vacancy_contacts.c.vacancy_id == vacancy_id)
        ).first()
        return dict(row._mapping) if row else None


class DeliveryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def exists(self, idempotency_key: str) -> bool:
        return (
            self.session.execute(
                sa.select(deliveries.c.id).where(deliveries.c.idempotency_key == idempotency_key)
            ).first()
            is not None
        )

    def add(self, delivery: Delivery) -> None:
        values = asdict(delivery)
        values.pop("id")
        self.session.execute(deliveries.insert().values(values))

    def update(self, delivery: Delivery) -> None:
        values = asdict(delivery)
        self.session.execute(
            deliveries.update().where(deliveries.c.id == values.pop("id")).values(values)
        )

    def next_due(self, now: datetime) -> Delivery | None:
        """The oldest pending delivery that is due, locked against other senders."""
        row = self.session.execute(
            sa.select(deliveries)
            .where(
                deliveries.c.status == DeliveryStatus.PENDING.value,
                sa.or_(deliveries.c.next_attempt_at.is_(None), deliveries.c.next_attempt_at <= now),
            )
            .order_by(deliveries.c.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        return _delivery(row._mapping) if row else None

    def about_application(self, application_id: str) -> list[Delivery]:
        """The deliveries to an application's candidate (keyed `<application id>:<template>`)."""
        rows = self.session.execute(
            sa.select(deliveries)
            .where(deliveries.c.idempotency_key.startswith(f"{application_id}:", autoescape=True))
            .order_by(deliveries.c.id)
        ).all()
        return [_delivery(row._mapping) for row in rows]

    def naming_application(self, application_id: str) -> list[Delivery]:
        """The deliveries to others whose mail was rendered from data about the application."""
        rows = self.session.execute(
            sa.select(deliveries)
            .where(
                deliveries.c.context.is_not(None),
                sa.cast(deliveries.c.context, sa.Text).contains(application_id, autoescape=True),
            )
            .order_by(deliveries.c.id)
        ).all()
        return [_delivery(row._mapping) for row in rows]

    def log(self, limit: int = 200) -> list[Delivery]:
        rows = self.session.execute(
            sa.select(deliveries).order_by(deliveries.c.id.desc()).limit(limit)
        ).all()
        return [_delivery(row._mapping) for row in rows]


def _delivery(row: Any) -> Delivery:
    values = dict(row)
    values["status"] = DeliveryStatus(values["status"])
    return Delivery(**values)
