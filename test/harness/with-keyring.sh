#!/usr/bin/env bash
# Usage: test/harness/with-keyring.sh <command...>
# Runs <command> in a private D-Bus session bus with a real, unlocked gnome-keyring Secret Service
# (shared/reference/environment.md §3). Keyring files go to a throw-away XDG_DATA_HOME; HOME is left
# alone (so ~/.npmrc still applies). The daemon exits with the session bus: nothing is left running.
set -euo pipefail
KR=$(mktemp -d "${TMPDIR:-/tmp}/keyring.XXXXXX")
mkdir -p -m700 "$KR/run" "$KR/data"
export XDG_RUNTIME_DIR="$KR/run" XDG_DATA_HOME="$KR/data"
rc=0
dbus-run-session -- bash -c 'echo -n test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' _ "$@" || rc=$?
rm -rf "$KR"
exit $rc
