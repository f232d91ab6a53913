"""What the fault tests count: each application screened once, each mail sent once.

"Exactly once" is read from the systems' own records: the rows of screening's outbox
named `screening.completed` (one per application, whatever was redelivered) and the
`.eml` files the SMTP server received (one acknowledgement per application).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from services.screening.adapters.tables import MESSAGING as SCREENING_MESSAGING
from tests.e2e.slice import mails_in


def screening_completed_per_application(screening_database_url: str) -> Counter[str]:
    engine = sa.create_engine(screening_database_url)
    outbox = SCREENING_MESSAGING.outbox
    with engine.connect() as connection:
        bodies = connection.execute(
            sa.select(outbox.c.body).where(outbox.c.name == "screening.completed")
        ).scalars()
        counts = Counter(body["payload"]["application_id"] for body in bodies)
    engine.dispose()
    return counts


def acknowledgements_per_address(mail_dir: Path) -> Counter[str]:
    return Counter(
        str(mail["To"]).split("<")[-1].rstrip(">").lower()
        for mail in mails_in(mail_dir)
        if "application" in str(mail["Subject"]).lower()
    )
