#!/usr/bin/env bash
# Install what the browser (and accessibility), PostgreSQL and nginx (replicas) tests need,
# from Debian's packages, when missing.
# Only as root; otherwise say what is missing (those tests then skip, or fail under CI=true).
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
# npm installs axe-core (pinned in the Makefile) for the accessibility browser tests.
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Not root, so not installing: ${missing[*]}. Browser/PostgreSQL/nginx tests will skip (fail under CI=true)."
  exit 0
fi
echo "Installing from Debian's packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The postgresql package starts a system cluster; the tests run their own, so stop it.
# So does nginx (on port 80); the replica test runs its own on loopback.
if command -v service >/dev/null 2>&1; then
  service postgresql stop >/dev/null 2>&1 || true
  service nginx stop >/dev/null 2>&1 || true
fi
