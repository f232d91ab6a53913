"""Notify's copy of whom to write to about an application: name and address."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.notify.adapters.tables import candidate_contacts
from services.notify.domain.contacts import CandidateContact


class CandidateContactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, contact: CandidateContact) -> None:
        table = candidate_contacts
        values = {
            "vacancy_id": contact.vacancy_id,
            "candidate_name": contact.name,
            "candidate_email": contact.email,
        }
        where = table.c.application_id == contact.application_id
        if self.session.execute(sa.select(table.c.application_id).where(where)).first():
            self.session.execute(table.update().where(where).values(values))
        else:
            self.session.execute(
                table.insert().values(application_id=contact.application_id, **values)
            )

    def get(self, application_id: str) -> CandidateContact | None:
        row = self.session.execute(
            sa.select(candidate_contacts).where(
                candidate_contacts.c.application_id == application_id
            )
        ).first()
        if row is None:
            return None
        return CandidateContact(
            row.application_id, row.vacancy_id, row.candidate_name, row.candidate_email
        )

    def forget(self, application_id: str) -> int:
        return self.session.execute(
            candidate_contacts.delete().where(candidate_contacts.c.application_id == application_id)
        ).rowcount
