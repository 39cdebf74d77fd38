"""Command line: demo data, export, import, backup and deletion, without the browser.

Exit codes: 0 success, 2 bad input (one line on stderr, nothing changed).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard import backup
from dashboard.config import load_settings, safety_copies_dir
from dashboard.demo import load_demo
from dashboard.lock import clear_locks
from dashboard.store import Store

BAD_INPUT = 2
# Commands that need --yes, and what they would do.
UNCONFIRMED = {
    "delete-all": "removes every family's data",
    "remove-lock": "turns off every family's privacy lock",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Harbor on the command line. The database is HARBOR_DATABASE_URL, "
        "or harbor.db in HARBOR_DATA_DIR.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("demo", help="load the fictional demo family (clearly marked as a demo)")

    export = commands.add_parser("export", help="export every table as JSON, or CSV files")
    export.add_argument("--out", required=True, type=Path, help="FILE.json, or a folder for CSV")
    export.add_argument("--format", choices=["json", "csv"], default="json")

    importer = commands.add_parser("import", help="import a Harbor JSON backup (all or nothing)")
    importer.add_argument("file", type=Path, metavar="FILE.json")
    importer.add_argument(
        "--dry-run", action="store_true", help="check the file and show counts; write nothing"
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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


def _run(args: argparse.Namespace) -> int:
    if args.command in UNCONFIRMED and not args.yes:
        print(
            f"harbor: {args.command} {UNCONFIRMED[args.command]}; add --yes to confirm",
            file=sys.stderr,
        )
        return BAD_INPUT
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
        store.delete_all()
        backup.remove_safety_copies(settings.data_dir)
        print("Deleted all data.")
    elif args.command == "remove-lock":
        removed = clear_locks(store)
        families = "family" if removed == 1 else "families"
        print(f"Removed the privacy lock from {removed} {families}.")
    elif args.command == "migrate":
        print("Database schema is up to date.")
    return 0
