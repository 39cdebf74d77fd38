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
from pathlib import Path

from dashboard import backup
from dashboard.config import APP_SCRIPT, STREAMLIT_CONFIG, load_settings, safety_copies_dir
from dashboard.demo import load_demo
from dashboard.lock import clear_locks
from dashboard.store import DeletionIncomplete, NotFound, Store

BAD_INPUT = 2
# Commands that need --yes, and what they would do.
UNCONFIRMED = {
    "delete-all": "removes every family's data",
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

    delete_all = commands.add_parser("delete-all", help="delete every family's data for good")
    delete_all.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")

    remove_lock = commands.add_parser(
        "remove-lock", help="turn off every family's privacy lock (for a forgotten passphrase)"
    )
    remove_lock.add_argument("--yes", action="store_true", help="confirm")

    commands.add_parser("migrate", help="bring the database schema up to date")

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
    if args.command == "hosting":
        return _hosting(args)
    settings = load_settings()
    store = Store.open(settings)
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
            store.delete_all()
        except DeletionIncomplete as exc:
            # Claim nothing: the message says what was and was not done.
            print(f"harbor: delete-all did not finish. {exc}", file=sys.stderr)
            return BAD_INPUT
        backup.remove_safety_copies(settings.data_dir)
        print("Deleted all data.")
    elif args.command == "remove-lock":
        removed = clear_locks(store)
        families = "family" if removed == 1 else "families"
        print(f"Removed the privacy lock from {removed} {families}.")
    elif args.command == "migrate":
        print("Database schema is up to date.")
    return 0


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
