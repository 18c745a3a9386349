# Sourced by the suites' run.sh: a scratch directory that is removed, and
# process groups that are stopped, when the script exits; telnyx-mock started
# on a free port; packages packed and installed into a scratch project the way
# users get them (so a broken exports map or a missing file fails).
#
#   source "$ROOT/tests/lib/scratch.sh"
#   scratch_init telnyx-wasm-npm          # $WORK, cleaned up on exit
#   start_mock --api-key KEY              # $TELNYX_MOCK_URL (needs $TELNYX_MOCK_BIN)
#   scratch_pack crates/telnyx-wasm/pkg   # its tarball in $WORK, the path printed
#   scratch_app tests/npm crates/telnyx-wasm/pkg   # $WORK/app, the packed packages installed

GROUPS_TO_KILL=()

scratch_init() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
  trap scratch_cleanup EXIT
  # The suites run from the scratch project: paths given relative to where the script was started are made absolute.
  local name
  for name in TELNYX_MOCK_BIN ARTIFACTS TELNYX_ARTIFACTS; do
    [ -n "${!name:-}" ] && printf -v "$name" '%s' "$(realpath -m "${!name}")"
  done
  return 0
}

scratch_cleanup() {
  local pgid
  for pgid in "${GROUPS_TO_KILL[@]}"; do kill -- "-$pgid" 2>/dev/null || true; done
  rm -rf "$WORK"
}

# telnyx-mock in its own process group on a free port, with these extra
# flags; its address in $TELNYX_MOCK_URL (a second call starts a second mock).
start_mock() {
  local log="$WORK/mock-${#GROUPS_TO_KILL[@]}.log"
  setsid "${TELNYX_MOCK_BIN:?set TELNYX_MOCK_BIN to the telnyx-mock binary}" --host 127.0.0.1 --port 0 "$@" \
    >"$log" 2>&1 &
  GROUPS_TO_KILL+=("$!")
  TELNYX_MOCK_URL=""
  for _ in $(seq 1 100); do
    TELNYX_MOCK_URL="$(grep -om1 'http://127\.0\.0\.1:[0-9]*' "$log" || true)"
    [ -n "$TELNYX_MOCK_URL" ] && break
    sleep 0.1
  done
  [ -n "$TELNYX_MOCK_URL" ] || { cat "$log" >&2; echo "telnyx-mock did not start" >&2; exit 1; }
  export TELNYX_MOCK_URL
  echo "telnyx-mock at $TELNYX_MOCK_URL"
}

# Packs a package directory of the repository into $WORK; prints the tarball's path.
scratch_pack() {
  [ -f "$ROOT/$1/package.json" ] || { echo "$1 is not built: run make npm" >&2; exit 1; }
  echo "$WORK/$(cd "$ROOT/$1" && npm pack --silent --pack-destination "$WORK")"
}

# $WORK/app: a copy of the suite's directory, with each package directory
# packed and its tarball installed, plus any further npm specs given after `--`.
# tests/lib is copied next to it, so `../lib` (or `../../lib`) resolves in the
# scratch project as it does in the repository.
scratch_app() {
  local suite="$1" pkg tarballs=() extra=()
  shift
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
    pkg="$1"
    shift
    tarballs+=("$(scratch_pack "$pkg")")
  done
  [ "${1:-}" = "--" ] && shift && extra=("$@")
  mkdir -p "$WORK/app"
  cp -r "$ROOT/$suite/." "$WORK/app/"
  cp -r "$ROOT/tests/lib" "$WORK/lib"
  printf '{ "name": "%s-scratch", "private": true, "type": "module" }\n' "$(basename "$suite")" >"$WORK/app/package.json"
  (cd "$WORK/app" && npm install --no-audit --no-fund --silent "${tarballs[@]}" "${extra[@]}")
  for pkg in "${tarballs[@]}"; do echo "installed $(basename "$pkg")"; done
}
