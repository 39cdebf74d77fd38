"""Command line: serve the app, and demo data, export, import, backup and deletion without it.

`harbor COMMAND` (the console script) and `python -m dashboard COMMAND` are the same program.
Exit codes: 0 success, 2 bad input (one line on stderr, nothing changed).
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tomllib
import uuid
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path

from dashboard import backup
from dashboard.config import (
    APP_SCRIPT,
    DEFAULT_REGION,
    STREAMLIT_CONFIG,
    load_settings,
    safety_copies_dir,
)
from dashboard.demo import load_demo
from dashboard.facilitation import delete_notes
from dashboard.lock import clear_locks
from dashboard.records import EARLIEST_DATE, LATEST_DATE
from dashboard.store import DeletionIncomplete, NotFound, Store

BAD_INPUT = 2
# Commands that need --yes, and what they would do.
UNCONFIRMED = {
    "delete-all": "removes every family's data and the facilitator's notes",
    "remove-lock": "turns off every family's privacy lock",
}


def build_parser(prog: str = "harbor") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Harbor on the command line. The database is HARBOR_DATABASE_URL, "
        "or harbor.db in HARBOR_DATA_DIR.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="serve the app at http://127.0.0.1:8501 with Harbor's Streamlit settings",
        description="Serve the app with the settings in Harbor's .streamlit/config.toml "
        "(listen on 127.0.0.1 only, no usage statistics, no error details on the page). "
        "A STREAMLIT_* environment variable overrides the setting it names; options after "
        "`run` go to `streamlit run` and override both.",
    )
    run.add_argument(
        "streamlit_args",
        nargs=argparse.REMAINDER,
        metavar="STREAMLIT_OPTION",
        help="an option of `streamlit run`, for example --server.port 8600",
    )

    commands.add_parser("demo", help="load the fictional demo family (clearly marked as a demo)")

    export = commands.add_parser("export", help="export every table as JSON, or CSV files")
    export.add_argument("--out", required=True, type=Path, help="FILE.json, or a folder for CSV")
    export.add_argument("--format", choices=["json", "csv"], default="json")

    importer = commands.add_parser(
        "import",
        help="import a Harbor JSON backup (all or nothing)",
        description="Import a Harbor JSON backup of at most "
        f"{backup.MAX_BACKUP_MB} MB into any household, new or already here, and say which "
        "households it touches. All or nothing; importing the same file twice adds nothing.",
    )
    importer.add_argument("file", type=Path, metavar="FILE.json")
    importer.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file, list the households it touches and show counts; write nothing",
    )

    snapshot = commands.add_parser(
        "backup", help="consistent snapshot of the SQLite database, safe while the app runs"
    )
    snapshot.add_argument("--out", required=True, type=Path, help="FILE to write")

    delete_all = commands.add_parser(
        "delete-all", help="delete every family's data and the facilitator's notes, for good"
    )
    delete_all.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")

    remove_lock = commands.add_parser(
        "remove-lock", help="turn off every family's privacy lock (for a forgotten passphrase)"
    )
    remove_lock.add_argument("--yes", action="store_true", help="confirm")

    commands.add_parser("migrate", help="bring the database schema up to date")

    report = commands.add_parser(
        "report",
        help="write the therapy session report as HTML or PDF (unshared notes never appear)",
        description="Write the session report for one loved one and a date range, as a "
        "self-contained HTML file or a PDF. Without --from, the range starts the day after the "
        "last therapy session (or 4 weeks back); without --to, it ends today.",
    )
    report.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day")
    report.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day")
    report.add_argument("--out", required=True, type=Path, help="FILE.html or FILE.pdf")
    report.add_argument(
        "--household", metavar="ID", help="the family (needed if there are several)"
    )
    report.add_argument("--loved-one", metavar="ID", help="the loved one (needed if several)")
    report.add_argument(
        "--roles", metavar="WORDS", help="use roles instead of names, e.g. --roles 'my son'"
    )

    handout = commands.add_parser(
        "handout",
        help="a family group handout pack as PDF or offline HTML (no family data)",
        description="Write the handout pack of one session, or of the whole programme: "
        "summary, key points, the worksheet blank, the step to take home, the group "
        "guidelines and the crisis lines of the region.",
    )
    handout.add_argument("--session", required=True, metavar="N|all", help="a number, or all")
    handout.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.html")
    handout.add_argument(
        "--region",
        default=DEFAULT_REGION,
        help="whose crisis lines: US, UK, CA, AU, IE, NZ, or ZZ (somewhere else)",
    )
    handout.add_argument("--large-print", action="store_true", help="text of 18 pt or more")

    hosting_parser = commands.add_parser(
        "hosting",
        help="hosted mode on PostgreSQL: set up the app role; export as the administrator",
        description="Runs as the owner of the tables, through HARBOR_ADMIN_DATABASE_URL.",
    )
    hosting_commands = hosting_parser.add_subparsers(dest="hosting_command", required=True)
    init = hosting_commands.add_parser(
        "init",
        help="migrate, create the app role if missing (password from HARBOR_APP_PASSWORD), "
        "grant only what the app needs, and print the HARBOR_DATABASE_URL to use",
    )
    init.add_argument("--app-role", required=True, metavar="NAME")
    admin_export = hosting_commands.add_parser(
        "export", help="export every family as JSON (audited: it crosses households)"
    )
    admin_export.add_argument("--out", required=True, type=Path, help="FILE.json")
    admin_export.add_argument("--actor", required=True, help="who is exporting, for the audit list")
    admin_delete = hosting_commands.add_parser(
        "delete-household", help="delete one family and everything it logged (audited)"
    )
    admin_delete.add_argument("household_id", metavar="HOUSEHOLD_ID")
    admin_delete.add_argument("--actor", required=True, help="who is deleting, for the audit")
    admin_delete.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "harbor") -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `run` hands everything after it to Streamlit, options included, so argparse must not
    # read them (it would reject --server.port). Only `run --help` is Harbor's to answer.
    if argv[:1] == ["run"] and argv[1:2] not in (["-h"], ["--help"]):
        return serve(argv[1:])
    args = build_parser(prog).parse_args(argv)
    try:
        return _run(args)
    except (backup.ImportRejected, backup.SnapshotUnavailable) as exc:
        print(f"harbor: {exc}", file=sys.stderr)
        return BAD_INPUT
    except (OSError, sqlite3.Error) as exc:
        where = getattr(exc, "filename", None) or getattr(args, "out", None) or ""
        reason = getattr(exc, "strerror", None) or str(exc)
        print(f"harbor: cannot write {where}: {reason}", file=sys.stderr)
        return BAD_INPUT


def serve(streamlit_args: Sequence[str] = ()) -> int:
    """`harbor run`: `streamlit run` on Harbor's app script, with Harbor's settings as flags.

    Streamlit reads .streamlit/config.toml only from the working folder and ~/.streamlit, so
    an installed Harbor started anywhere else would run with Streamlit's defaults. Flags apply
    wherever it starts. Streamlit runs as `python -m streamlit` so the same interpreter, and so
    the same installed Harbor, serves the pages.
    """
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_SCRIPT),
        *streamlit_flags(STREAMLIT_CONFIG, os.environ),
        *streamlit_args,
    ]
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        # Become Streamlit, so Ctrl+C, a service manager's stop and the exit code reach it
        # directly and no server is left behind by a wrapper that was killed.
        os.execv(sys.executable, command)
    return subprocess.call(command)  # Windows has no exec: wait for Streamlit instead


def streamlit_flags(config_file: Path, environ: Mapping[str, str]) -> list[str]:
    """Every setting of a Streamlit config.toml as a `--section.option=value` flag.

    A setting whose STREAMLIT_* environment variable is set is left out, so that variable
    still overrides the file, as it does for `streamlit run` in the repository.
    """
    with config_file.open("rb") as file:
        settings = tomllib.load(file)
    flags = []
    for key, value in _options(settings):
        if _env_var(key) in environ:
            continue
        values = value if isinstance(value, list) else [value]
        flags.extend(f"--{key}={_flag_value(item)}" for item in values)
    return flags


def _options(table: Mapping[str, object], prefix: str = "") -> Iterator[tuple[str, object]]:
    """`[theme.sidebar] textColor = ...` becomes ("theme.sidebar.textColor", ...)."""
    for name, value in table.items():
        if isinstance(value, Mapping):
            yield from _options(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value


def _env_var(key: str) -> str:
    """Streamlit's own name for an option's variable: server.maxUploadSize is
    STREAMLIT_SERVER_MAX_UPLOAD_SIZE."""
    name = key.replace(".", "_")
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return "STREAMLIT_" + re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).upper()


def _flag_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _run(args: argparse.Namespace) -> int:
    if args.command in UNCONFIRMED and not args.yes:
        print(
            f"harbor: {args.command} {UNCONFIRMED[args.command]}; add --yes to confirm",
            file=sys.stderr,
        )
        return BAD_INPUT
    if args.command == "handout":  # shipped content only: no database is opened
        return write_handout(args.session, args.out, args.region, args.large_print)
    if args.command == "hosting":
        return _hosting(args)
    settings = load_settings()
    store = Store.open(settings)
    dry_run = getattr(args, "dry_run", False)
    if args.command in OWNER_COMMANDS and _held_by_row_security(store):
        # Hosted mode's app role sees no family unnamed: the command would touch nothing and
        # say it had ("Exported 0 records"). Only the owner reaches every family.
        print(
            f"harbor: {args.command} on PostgreSQL runs as the owner of the tables (set "
            f"HARBOR_DATABASE_URL to the owner's, as for hosting init); "
            f"{OWNER_COMMANDS[args.command]}",
            file=sys.stderr,
        )
        return BAD_INPUT
    if args.command in CROSSING_COMMANDS and _crosses_households(store) and not dry_run:
        from dashboard import access

        what = CROSSING_COMMANDS[args.command]
        access.audit_crossing(store, f"command line ({_os_user()})", args.command, what)
    if args.command == "demo":
        household, created = load_demo(store)
        verb = "Loaded" if created else "Already loaded:"
        print(f"{verb} the demo family '{household.info().name}' (fictional data).")
    elif args.command == "export":
        if args.format == "json":
            counts = backup.export_json(store, args.out)
        else:
            counts = backup.export_csv(store, args.out)
        print(f"Exported {sum(counts.values())} records to {args.out}.")
    elif args.command == "import":
        plan = backup.import_file(
            store, args.file, dry_run=args.dry_run, backup_dir=safety_copies_dir(settings.data_dir)
        )
        print(plan.households_text())
        print(plan.preview())
        if args.dry_run:
            print(f"Dry run: {plan.total_new} records would be added; nothing was written.")
        else:
            print(f"Imported {plan.total_new} new records.")
            if plan.safety_copy:
                print(f"A copy of the database from before the import is at {plan.safety_copy}.")
    elif args.command == "backup":
        backup.snapshot(store, args.out)
        print(f"Snapshot written to {args.out}.")
    elif args.command == "delete-all":
        try:
            notes_in_database = store.delete_all()
        except DeletionIncomplete as exc:
            # Claim nothing: the message says what was and was not done.
            print(f"harbor: delete-all did not finish. {exc}", file=sys.stderr)
            return BAD_INPUT
        backup.remove_safety_copies(settings.data_dir)
        # Everything typed into Harbor on this machine goes, the group's notes too.
        notes = delete_notes(settings.data_dir) + notes_in_database
        print("Deleted all data" + (", including the facilitator's notes." if notes else "."))
    elif args.command == "remove-lock":
        removed = clear_locks(store)
        families = "family" if removed == 1 else "families"
        print(f"Removed the privacy lock from {removed} {families}.")
    elif args.command == "migrate":
        print("Database schema is up to date.")
    elif args.command == "report":
        return write_report(store, args)
    return 0


# Commands that reach every family at once, and what the app role is told it did not do.
OWNER_COMMANDS = {
    "export": "nothing was exported",
    "delete-all": "nothing was deleted",
    "remove-lock": "no lock was removed",
}
# Commands that reach every family at once; on PostgreSQL as the owner they are audited.
CROSSING_COMMANDS = {
    "export": "every family (command line)",
    "import": "the households named in the file (command line)",
    "delete-all": "every family (command line)",
    "remove-lock": "every family's lock (command line)",
}


def _crosses_households(store: Store) -> bool:
    """Connected to PostgreSQL as a role that sees every family (the owner, a superuser)."""
    return store.engine.dialect.name == "postgresql" and store.crossing


class BadReport(ValueError):
    """The report cannot be written as asked; the message names the problem."""


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadReport(f"{option} {text!r} is not a date written as YYYY-MM-DD") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise BadReport(f"{option} {text} must be between {EARLIEST_DATE} and {LATEST_DATE}")
    return day


def _pick(items: list, wanted: str | None, what: str, option: str):
    if wanted is not None:
        found = [item for item in items if str(item.id) == wanted.strip().lower()]
        if not found:
            raise BadReport(f"no {what} has the id {wanted!r} ({option})")
        return found[0]
    if len(items) != 1:
        raise BadReport(
            f"there is no {what} yet"
            if not items
            else f"there are {len(items)} {what}s; choose one with {option} ID"
        )
    return items[0]


def write_report(store: Store, args: argparse.Namespace) -> int:
    """`harbor report`: check everything first, then write the file whole, or nothing."""
    try:
        out: Path = args.out
        kind = out.suffix.lower()
        if kind not in (".html", ".pdf"):
            raise BadReport(f"--out {out} must end in .html or .pdf")
        if out.is_dir():
            raise BadReport(f"--out {out} is a folder; name a file")
        folder = out.parent if str(out.parent) else Path(".")
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            raise BadReport(
                f"cannot write {out}: the folder {folder} does not exist or is not writable"
            )
        if out.exists() and not os.access(out, os.W_OK):
            raise BadReport(f"cannot write {out}: the file is not writable")
        start, end = _day(args.start, "--from"), _day(args.end, "--to")
        if _held_by_row_security(store):
            # Hosted mode's app role sees no family until one is named: name it, or nothing.
            households = [_named_household(store, args.household)]
        else:
            households = [
                store.household(h.id) for h in store.households() if args.household or not h.is_demo
            ] or [store.household(h.id) for h in store.households()]
        household = _pick(households, args.household, "family", "--household")
        loved_one = _pick(household.loved_ones(), args.loved_one, "loved one", "--loved-one")
    except BadReport as exc:
        print(f"harbor: {exc}", file=sys.stderr)
        return BAD_INPUT
    from dashboard.records import today_in
    from dashboard.views.session import default_range

    today = today_in(loved_one.timezone)
    if start is None or end is None:
        usual = default_range(household, loved_one.id, end or today)
        start, end = start or usual.start, end or usual.end
    if end < start:
        print(f"harbor: the range is reversed: --from {start} is after --to {end}", file=sys.stderr)
        return BAD_INPUT
    from dashboard.documents.report import report_html, report_pdf
    from dashboard.views.session import session_view

    view = session_view(
        household, loved_one.id, start, end, roles=bool(args.roles), role=args.roles or ""
    )
    data = report_html(view.report).encode("utf-8") if kind == ".html" else report_pdf(view.report)
    temporary = out.with_name(f".{out.name}.part")
    try:
        temporary.write_bytes(data)
        temporary.replace(out)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    if store.engine.dialect.name == "postgresql":
        # A report leaves the database: on PostgreSQL (hosted mode) the family's audit list
        # records it, as it does a report made on the page. Dates only, never text.
        from dashboard import access

        actor = f"command line ({_os_user()})"
        detail = f"session report ({kind[1:].upper()}), {start} to {end}"
        access.audit(store, household.id, actor, "export", detail)
    print(f"Report for {start} to {end} written to {out}.")
    return 0


def _held_by_row_security(store: Store) -> bool:
    """Connected to PostgreSQL as a role row-level security holds (hosted mode's app role)."""
    return store.engine.dialect.name == "postgresql" and not store.crossing


def _named_household(store: Store, wanted: str | None):
    if wanted is None:
        raise BadReport("name the family with --household ID (hosted mode shows none unnamed)")
    try:
        return store.household(uuid.UUID(wanted.strip()))
    except (ValueError, NotFound):
        raise BadReport(f"no family has the id {wanted!r} (--household)") from None


def _os_user() -> str:
    try:
        import getpass

        return getpass.getuser()
    except (ImportError, KeyError, OSError):
        return "unknown user"


HANDOUT_FORMATS = (".pdf", ".html")


def write_handout(session: str, out: Path, region: str, large_print: bool) -> int:
    """`handout`: check every input first, build the pack, then write it in one step.

    A bad session, region or path is one line on stderr and exit 2, with no file written;
    the bytes go to a temporary file beside `out` that is renamed into place.
    """
    from dashboard.documents import handout_pdf
    from dashboard.documents.handouts import (
        HandoutRequestError,
        check_region,
        handout_html,
        handout_pack,
        session_numbers,
    )

    problem = _handout_path_problem(out)
    if problem is None:
        try:
            pack = handout_pack(session_numbers(session), check_region(region), large_print)
        except HandoutRequestError as exc:
            problem = str(exc)
    if problem is not None:
        print(f"harbor: {problem}", file=sys.stderr)
        return BAD_INPUT
    is_pdf = out.suffix.lower() == ".pdf"
    data = handout_pdf(pack) if is_pdf else handout_html(pack).encode("utf-8")
    temporary = out.with_name(f".{out.name}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)
    what = "the whole programme" if pack.whole_programme else f"session {pack.sessions[0].number}"
    print(f"Wrote the handout pack for {what} to {out}.")
    return 0


def _handout_path_problem(out: Path) -> str | None:
    if out.suffix.lower() not in HANDOUT_FORMATS:
        return f"--out must end in .pdf or .html, not '{out.name}'"
    if out.is_dir():
        return f"--out {out} is a folder; give a file name ending in .pdf or .html"
    if not out.parent.is_dir():
        return f"cannot write {out}: the folder {out.parent} does not exist"
    if not os.access(out.parent, os.W_OK):
        return f"cannot write {out}: the folder {out.parent} is not writable"
    return None


def _hosting(args: argparse.Namespace) -> int:
    """`harbor hosting ...`: as the owner, never as the app."""
    from dashboard import access

    admin_url = os.environ.get(access.ADMIN_URL_VARIABLE, "")
    if not admin_url:
        print(f"harbor: set {access.ADMIN_URL_VARIABLE} (the owner's URL)", file=sys.stderr)
        return BAD_INPUT
    try:
        if args.hosting_command == "init":
            password = os.environ.get(access.APP_PASSWORD_VARIABLE, "")
            url = access.init_hosting(admin_url, args.app_role, password)
            print(f"HARBOR_DATABASE_URL={url}")
        elif args.hosting_command == "export":
            with access.crossing(admin_url, "export", args.actor) as store:
                counts = backup.export_json(store, args.out)
            print(f"Exported {sum(counts.values())} records to {args.out} (audited).")
        else:
            if not args.yes:
                print(
                    "harbor: delete-household deletes a family for good; add --yes", file=sys.stderr
                )
                return BAD_INPUT
            try:
                household_id = uuid.UUID(args.household_id)
            except ValueError:
                print(f"harbor: {args.household_id[:40]!r} is not a household id", file=sys.stderr)
                return BAD_INPUT
            with access.crossing(
                admin_url, "delete", args.actor, f"household {household_id}"
            ) as store:
                store.household(household_id).delete_household()
            print(f"Deleted household {household_id} and everything it logged (audited).")
    except NotFound as exc:
        print(f"harbor: {exc}", file=sys.stderr)
        return BAD_INPUT
    except access.HostingError as exc:
        print(f"harbor: {exc}", file=sys.stderr)
        return BAD_INPUT
    return 0
