"""The `shortlist` command: start the embedded system, or run one role of one service.

Every subcommand reads its settings from the environment (`shared.config`). The
production processes of docker-compose.yml are `shortlist migrate`, `shortlist web
SERVICE`, `shortlist consume SERVICE` and `shortlist relay SERVICE`; operators also
have `users`, `dead-letters` and `audit`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from shared import audit, db
from shared.auth import accounts
from shared.config import Settings
from shared.logging import configure_logging
from shared.mail import MailServer
from shared.messaging import dead_letters
from shared.messaging.topology import Topology
from shortlist import roles
from shortlist.embedded import EmbeddedSystem
from shortlist.registry import MIGRATIONS, SERVICES, WEB_APPS, service


@click.group()
@click.pass_context
def main(context: click.Context) -> None:
    """shortlist: applicant tracking for recruitments run on Terms of Reference."""
    settings = Settings.from_env()
    configure_logging(settings.log_format)
    context.obj = settings


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.pass_obj
def start(settings: Settings, host: str, port: int) -> None:
    """Run the whole system in this process, on embedded defaults."""
    EmbeddedSystem(settings, host, port).serve_forever()


@main.command()
@click.argument("databases", nargs=-1, type=click.Choice(list(MIGRATIONS)))
@click.pass_obj
def migrate(settings: Settings, databases: tuple[str, ...]) -> None:
    """Bring databases (all by default) to their newest revision."""
    roles.migrate(settings, list(databases) or None)


@main.command()
@click.argument("name", type=click.Choice(list(WEB_APPS)))
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=8000, show_default=True, envvar="SHORTLIST_WEB_PORT")
@click.pass_obj
def web(settings: Settings, name: str, host: str, port: int) -> None:
    """Serve one service's web app."""
    roles.serve_web(settings, name, host, port)


@main.command()
@click.argument("name", type=click.Choice(list(SERVICES)))
@click.pass_obj
def consume(settings: Settings, name: str) -> None:
    """Run one service's event consumer."""
    roles.run_until_signalled(
        [(f"{name}-consumer", w) for w in roles.workers(settings, name, "consumer")]
    )


@main.command()
@click.argument("name", type=click.Choice(list(SERVICES)))
@click.pass_obj
def relay(settings: Settings, name: str) -> None:
    """Run one service's outbox relay (and its background loops)."""
    roles.run_until_signalled(
        [(f"{name}-relay", w) for w in roles.workers(settings, name, "relay")]
    )


@main.command("mail-sink")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=1025, show_default=True)
@click.option("--folder", type=click.Path(path_type=Path), required=True)
def mail_sink(host: str, port: int, folder: Path) -> None:
    """Run an SMTP server that files every mail as an .eml (a stand-in for Mailpit)."""
    with MailServer(folder, host, port):
        click.echo(f"SMTP on {host}:{port}, filing mail in {folder}")
        roles.wait_for_stop_signal()


@main.group()
def users() -> None:
    """Accounts of the secretariat and the panel."""


@users.command("create")
@click.argument("username")
@click.option("--role", "roles_", multiple=True, required=True, help="secretariat, panel, admin")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--full-name", default="")
@click.option("--email", default="")
@click.pass_obj
def users_create(
    settings: Settings,
    username: str,
    roles_: tuple[str, ...],
    password: str,
    full_name: str,
    email: str,
) -> None:
    """Create an account, or update it (password, roles, name) if it exists."""
    engine = db.create_engine_for(settings.database_url("accounts"))
    try:
        account = accounts.create_or_update(engine, username, password, roles_, full_name, email)
    except accounts.UnknownRole as error:
        raise click.BadParameter(str(error)) from error
    click.echo(f"saved {account.username} ({', '.join(sorted(account.roles))})")


@users.command("list")
@click.pass_obj
def users_list(settings: Settings) -> None:
    engine = db.create_engine_for(settings.database_url("accounts"))
    for account in accounts.list_accounts(engine):
        click.echo(f"{account.username}\t{','.join(sorted(account.roles))}\t{account.full_name}")


@main.group("dead-letters")
def dead_letters_group() -> None:
    """Messages a service could not handle."""


@dead_letters_group.command("list")
@click.argument("name", type=click.Choice(list(SERVICES)))
@click.pass_obj
def dead_letters_list(settings: Settings, name: str) -> None:
    letters = dead_letters.list_dead_letters(
        settings.broker_url, Topology(settings.namespace), name
    )
    for letter in letters:
        click.echo(json.dumps(letter.__dict__, default=str))
    click.echo(f"{len(letters)} dead letters in {name}", err=True)


@dead_letters_group.command("replay")
@click.argument("name", type=click.Choice(list(SERVICES)))
@click.option("--id", "message_ids", multiple=True, help="only these message ids")
@click.pass_obj
def dead_letters_replay(settings: Settings, name: str, message_ids: tuple[str, ...]) -> None:
    replayed = dead_letters.replay(
        settings.broker_url, Topology(settings.namespace), name, set(message_ids) or None
    )
    click.echo(f"replayed {len(replayed)} dead letters to {name}")


@main.group("audit")
def audit_group() -> None:
    """The hash-chained audit trails."""


@audit_group.command("verify")
@click.argument("databases", nargs=-1, type=click.Choice(list(MIGRATIONS)))
@click.pass_obj
def audit_verify(settings: Settings, databases: tuple[str, ...]) -> None:
    """Check that no audit entry was edited, removed or inserted; exit 1 if one was."""
    intact = True
    for name in databases or MIGRATIONS:
        tables = accounts.AUDIT if name == "accounts" else service(name).audit
        engine = db.create_engine_for(settings.database_url(name))
        with engine.connect() as connection:
            report = audit.verify(connection, tables)
        verdict = "intact" if report.intact else f"BROKEN at entry {report.broken_at}"
        click.echo(f"{name}: {report.entries} entries, {verdict} {'; '.join(report.problems)}")
        intact = intact and report.intact
    sys.exit(0 if intact else 1)


@main.command("new-migration")
@click.argument("database", type=click.Choice(list(MIGRATIONS)))
@click.option("-m", "--message", required=True)
def new_migration(database: str, message: str) -> None:
    """Write a new Alembic revision from the difference between tables and migrations."""
    from shared.migrations import make_revision

    click.echo(make_revision(MIGRATIONS[database], message))
