#!/usr/bin/env bash
# Runs the demo console until Ctrl-C (`make demo` calls this).
#
#   www/demo.sh MOCK_BINARY
#
# Default: starts telnyx-mock (its built-in seed: three dozen managed accounts
# in every status, a dozen users in four groups) on 127.0.0.1:$MOCK_PORT and the
# console on http://127.0.0.1:$DEMO_PORT.
#
# With TELNYX_BASE_URL set (e.g. https://api.telnyx.com/v2) no mock is started:
# the static server proxies /proxy/* to that URL, adding TELNYX_API_KEY from the
# environment, so the key stays out of the browser.
#
# Each server runs in its own process group; every exit path kills the groups.
set -euo pipefail

mock_bin=${1:?usage: www/demo.sh MOCK_BINARY}
www=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
host=127.0.0.1
demo_port=${DEMO_PORT:-8080}
mock_port=${MOCK_PORT:-4010}
logs=$(mktemp -d)
groups=()

cleanup() {
  trap - EXIT INT TERM
  for pgid in "${groups[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$logs"
}
trap cleanup EXIT
trap 'echo; echo "stopping…"; exit 130' INT TERM

# Waits until `pattern` shows in `log`, printing the first match; fails if the process died.
wait_for() {
  local log=$1 pattern=$2 pid=$3 what=$4
  for _ in $(seq 1 300); do
    if line=$(grep -m1 -o "$pattern" "$log"); then echo "$line"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$what exited before it was ready:" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "$what was not ready after 30 s:" >&2
  cat "$log" >&2
  return 1
}

# A background job of a non-interactive shell is not a group leader, so setsid
# runs in place: its pid is the new process group id.
if [[ -n "${TELNYX_BASE_URL:-}" ]]; then
  if [[ -z "${TELNYX_API_KEY:-}" ]]; then
    echo "TELNYX_BASE_URL is set but TELNYX_API_KEY is not: the proxy needs a key." >&2
    exit 2
  fi
  server_args=(--proxy "$TELNYX_BASE_URL")
  target="the Telnyx API at $TELNYX_BASE_URL (through the console's /proxy, key from TELNYX_API_KEY)"
else
  setsid "$mock_bin" --host "$host" --port "$mock_port" >"$logs/mock.log" 2>&1 &
  groups+=($!)
  mock_url=$(wait_for "$logs/mock.log" 'http://[^ ]*' "$!" telnyx-mock)
  server_args=(--base-url "$mock_url")
  target="telnyx-mock at $mock_url (admin API: $mock_url/__admin/requests)"
fi

setsid node "$www/server.mjs" --host "$host" --port "$demo_port" "${server_args[@]}" >"$logs/www.log" 2>&1 &
groups+=($!)
console_url=$(wait_for "$logs/www.log" 'http://[^ ]*' "$!" "the console's static server")

cat <<EOF

  Demo console:  $console_url
  API target:    $target

  Press Ctrl-C to stop.

EOF

# Runs until Ctrl-C, or until one of the servers stops on its own.
set +e
wait -n
status=$?
echo "a server stopped (exit status $status):" >&2
tail -n 20 "$logs"/*.log >&2
exit "$status"
