"""The `flask` command: users, arenas and the database."""
from __future__ import annotations

import json
import sys

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from facilitation import accounts, commands, migrate
from facilitation.access import arena_by_code
from facilitation.models import Arena, Item, Participant, User
from facilitation.schemas import LANGUAGES, CommandError, normalise_lang

from .extensions import db

users = AppGroup("users", help="Organiser and facilitator accounts.")
arenas = AppGroup("arenas", help="Transition arenas.")
db_group = AppGroup("db", help="The database schema.")

LANG_CHOICES = click.Choice([*LANGUAGES, "no"], case_sensitive=False)


def _fail(error: CommandError) -> None:
    raise click.ClickException(error.message)


def _user(session, email: str) -> User:
    user = accounts.user_by_email(session, email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    return user


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Create or update the database schema."""
    migrate.upgrade(current_app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


@users.command("create")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--name", help="The name shown to participants.")
@click.option("--lang", type=LANG_CHOICES, help="Preferred language.")
def users_create(email: str, password_stdin: bool, name: str | None, lang: str | None) -> None:
    """Create an organiser/facilitator account."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with db.session() as session:
        try:
            user = accounts.create_user(session, email, password, name=name, lang=lang)
        except CommandError as error:
            _fail(error)
        click.echo(f"Created account {user.email} (id {user.id}).")


@users.command("token")
@click.argument("email")
def users_token(email: str) -> None:
    """Print a new personal API token on one line (it is shown only once)."""
    with db.session() as session:
        click.echo(accounts.issue_token(session, _user(session, email)))


@users.command("revoke")
@click.argument("email")
def users_revoke(email: str) -> None:
    """Revoke every API token of an account."""
    with db.session() as session:
        count = accounts.revoke_tokens(session, _user(session, email))
        click.echo(f"Revoked {count} token(s) of {email}.")


@users.command("list")
def users_list() -> None:
    """List the accounts."""
    with db.session() as session:
        for user in session.scalars(sa.select(User).order_by(User.id)):
            click.echo(f"{user.id}\t{user.email}\t{user.name or ''}")


def _arena_summary(session, arena: Arena) -> dict:
    counts = dict(session.execute(sa.select(Item.kind, sa.func.count()).where(
        Item.arena_id == arena.id, Item.deleted_at.is_(None)).group_by(Item.kind)).all())
    participants = session.scalar(sa.select(sa.func.count()).select_from(Participant)
                                  .where(Participant.arena_id == arena.id))
    return {"id": arena.id, "join_code": arena.join_code, "title": arena.title, "city": arena.city,
            "lang": arena.lang, "phase": arena.phase, "owner": arena.owner.email,
            "facilitators": [u.email for u in arena.facilitators], "participants": participants,
            "items": counts, "meetings": len(arena.meetings)}


@arenas.command("create")
@click.option("--title", required=True)
@click.option("--owner", "owner_email", required=True, help="The organiser's e-mail address.")
@click.option("--city")
@click.option("--lang", type=LANG_CHOICES, default="en", show_default=True)
@click.option("--vision-year", type=click.IntRange(1900, 2200), default=2050, show_default=True)
@click.option("--anonymous", is_flag=True, help="Contributions carry no author's name.")
def arenas_create(title: str, owner_email: str, city: str | None, lang: str, vision_year: int,
                  anonymous: bool) -> None:
    """Create an arena; prints one line of JSON with its id and join code."""
    with db.session() as session:
        owner = _user(session, owner_email)
        try:
            arena = commands.create_arena(session, owner, title, city=city, lang=normalise_lang(lang),
                                          vision_year=vision_year, anonymous=anonymous)
        except CommandError as error:
            _fail(error)
        click.echo(json.dumps({"id": arena.id, "join_code": arena.join_code, "title": arena.title,
                               "city": arena.city, "lang": arena.lang}))


@arenas.command("list")
def arenas_list() -> None:
    """List the arenas, one line each."""
    with db.session() as session:
        for arena in session.scalars(sa.select(Arena).order_by(Arena.id)):
            click.echo(f"{arena.id}\t{arena.join_code}\t{arena.phase}\t{arena.title}")


@arenas.command("show")
@click.argument("join_code")
def arenas_show(join_code: str) -> None:
    """Show an arena as JSON: phase, people and how many items of each kind."""
    with db.session() as session:
        try:
            arena = arena_by_code(session, join_code)
        except CommandError as error:
            _fail(error)
        click.echo(json.dumps(_arena_summary(session, arena), indent=2, ensure_ascii=False))


@arenas.command("add-facilitator")
@click.argument("join_code")
@click.argument("email")
def arenas_add_facilitator(join_code: str, email: str) -> None:
    """Let an account facilitate an arena."""
    with db.session() as session:
        try:
            arena = arena_by_code(session, join_code)
        except CommandError as error:
            _fail(error)
        commands.add_facilitator(session, arena, _user(session, email))
        click.echo(f"{email} now facilitates {arena.join_code}.")


@arenas.command("demo")
@click.option("--lang", type=LANG_CHOICES, default="en", show_default=True,
              help="The language (and invented city) of the sample arena.")
@click.option("--owner", "owner_email", default="demo@example.org", show_default=True,
              help="The organiser's e-mail address; the account is created if it does not exist.")
def arenas_demo(lang: str, owner_email: str) -> None:
    """Create a complete sample arena (an invented city's energy transition) and say how to open it."""
    import secrets

    from facilitation.demo import build_demo_arena

    with db.session() as session:
        owner = accounts.user_by_email(session, owner_email)
        password = None
        if owner is None:
            password = secrets.token_urlsafe(12)
            try:
                owner = accounts.create_user(session, owner_email, password, name="Demo organiser",
                                             lang=normalise_lang(lang))
            except CommandError as error:
                _fail(error)
        arena = build_demo_arena(session, owner, normalise_lang(lang))
        base = f"http://{current_app.config['HOST']}:{current_app.config['PORT']}"
        click.echo(f"Sample arena: {arena.title} ({arena.city}), join code {arena.join_code}")
        if password:
            click.echo(f"Log in at {base}/login as {owner.email} with password: {password}")
        else:
            click.echo(f"Log in at {base}/login as {owner.email} with that account's password.")
        click.echo(f"Phones join at:       {base}/join/{arena.join_code}")
        click.echo(f"Projector screen:     {base}/arenas/{arena.join_code}/screen")
        click.echo(f"Facilitator console:  {base}/arenas/{arena.join_code}/console")


@arenas.command("export")
@click.argument("join_code")
@click.option("--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
def arenas_export(join_code: str, output: str | None) -> None:
    """Write everything an arena holds as JSON, enough to restore it with `flask arenas import`."""
    from exports.archive import export_json

    with db.session() as session:
        try:
            arena = arena_by_code(session, join_code)
        except CommandError as error:
            _fail(error)
        text = export_json(session, arena)
    if output:
        with open(output, "w", encoding="utf-8") as file:
            file.write(text)
        click.echo(f"Exported {join_code} to {output}.", err=True)
    else:
        click.echo(text)


@arenas.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--owner", "owner_email", required=True, help="The new arena's organiser.")
def arenas_import(file, owner_email: str) -> None:
    """Restore an export as a NEW arena (new join code); prints one line of JSON with its id and join code."""
    from exports.archive import import_arena, read_limited

    with db.session() as session:
        owner = _user(session, owner_email)
        try:
            arena = import_arena(session, read_limited(file), owner)
        except CommandError as error:
            _fail(error)
        click.echo(json.dumps({"id": arena.id, "join_code": arena.join_code, "title": arena.title,
                               "city": arena.city, "lang": arena.lang}, ensure_ascii=False))
