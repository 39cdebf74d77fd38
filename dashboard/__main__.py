"""`python -m dashboard`: the same program as the `harbor` command; see dashboard.cli."""

from dashboard.cli import main

raise SystemExit(main(prog="python -m dashboard"))
