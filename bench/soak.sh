#!/usr/bin/env bash
# Soak run of telnyx-mock: load, concurrent creates and hostile requests
# (bench/tools telnyx-load), against a mock started here and stopped on exit.
#
#   SOAK_MOCK        the telnyx-mock binary                       (required)
#   SOAK_LOAD        the telnyx-load binary                       (required)
#   SOAK_REQUESTS    mixed requests in the load phase             (default 1000000)
#   SOAK_CONNECTIONS keep-alive connections                       (default 64)
#   SOAK_CREATES     creates fired at once                        (default 1000)
#   SOAK_TIMEOUT     seconds before the whole run counts as hung  (default 900)
#   SOAK_ARTIFACTS   where the report, JSON and the mock's log go (default artifacts/soak)
#   SOAK_OUT         a Markdown file whose "Mock under load and hostile requests"
#                    section is (re)written with the results (optional)
#
# Exits non-zero when any assertion fails; the mock is always stopped.
set -euo pipefail

: "${SOAK_MOCK:?set SOAK_MOCK to the telnyx-mock binary}"
: "${SOAK_LOAD:?set SOAK_LOAD to the telnyx-load binary}"
REQUESTS=${SOAK_REQUESTS:-1000000}
CONNECTIONS=${SOAK_CONNECTIONS:-64}
CREATES=${SOAK_CREATES:-1000}
TIMEOUT=${SOAK_TIMEOUT:-900}
ART=${SOAK_ARTIFACTS:-artifacts/soak}
mkdir -p "$ART"
ART=$(cd "$ART" && pwd)

# 1,000 simultaneous connections need more descriptors than the usual 1,024.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

MOCK_ARGS=(--host 127.0.0.1 --port 0 --accounts 1000 --users 200 --quiet)
MOCK_PID=
stop() {
  if [[ -n $MOCK_PID ]]; then
    kill -TERM -- "-$MOCK_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$MOCK_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$MOCK_PID" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 130' INT TERM

# In its own process group, so that the trap stops exactly what started here.
setsid "$SOAK_MOCK" "${MOCK_ARGS[@]}" >"$ART/mock.log" 2>&1 &
MOCK_PID=$!
URL=
for _ in $(seq 300); do
  URL=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$ART/mock.log" | head -n1)
  [[ -n $URL ]] && break
  kill -0 "$MOCK_PID" 2>/dev/null || { echo "soak: telnyx-mock exited:"; tail -n 20 "$ART/mock.log"; exit 1; }
  sleep 0.1
done
[[ -n $URL ]] || { echo "soak: telnyx-mock did not print its URL within 30 s"; exit 1; }
echo "soak: telnyx-mock $URL (pid $MOCK_PID)"

LOAD_CMD=(telnyx-load --url "$URL" --requests "$REQUESTS" --connections "$CONNECTIONS" --creates "$CREATES" --pid "$MOCK_PID")
status=0
timeout --foreground "$TIMEOUT" "$SOAK_LOAD" "${LOAD_CMD[@]:1}" \
  --json "$ART/report.json" --markdown "$ART/report.md" || status=$?
if [[ $status == 124 ]]; then echo "soak: timed out after $TIMEOUT s"; fi

# Still answering after everything?
if curl -fsS -o /dev/null -H 'Authorization: Bearer soak-test-key' "$URL/managed_accounts?page%5Bsize%5D=1"; then
  echo "soak: telnyx-mock still answers"
else
  echo "soak: telnyx-mock no longer answers"
  status=1
fi
# The per-request log of a million requests is of no use in full: keep its end.
tail -n 200 "$ART/mock.log" >"$ART/mock.log.tail" && mv "$ART/mock.log.tail" "$ART/mock.log"

if [[ -n ${SOAK_OUT:-} && -f $ART/report.md ]]; then
  {
    echo "## Mock under load and hostile requests"
    echo
    echo "Written by \`make soak\` (bench/soak.sh, bench/tools/src/bin/telnyx_load.rs); do not edit by hand."
    echo "\`make test\` runs the same assertions on 50,000 requests (\`make test-soak\`)."
    echo
    echo "- Date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "- Machine: $(nproc) × $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1), $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
    echo "- Server: \`telnyx-mock ${MOCK_ARGS[*]}\` (built with \`cargo build --profile fast -p telnyx-mock\`)"
    shown=("${LOAD_CMD[@]}")
    shown[2]='$URL'
    shown[${#shown[@]}-1]='$MOCK_PID'
    echo "- Load: \`${shown[*]}\` (\`\$URL\`: the URL the mock printed; \`\$MOCK_PID\`: its process, for RSS)"
    echo "- Result: $([[ $status == 0 ]] && echo 'every assertion passed' || echo "**FAILED** (exit $status)")"
    echo
    echo "What is asserted: every load request answers 200; the server's RSS after warm-up grows by at"
    echo "most 10 % (or 16 MiB); the concurrent creates return unique ids, raise the account total by"
    echo "exactly their number and are each listed once; every hostile request gets a 4xx whose body is"
    echo "a Telnyx error (\`{\"errors\":[{\"code\",\"title\"|\"detail\",...}]}\`, JSON content type) and the"
    echo "server answers a normal request right after it."
    echo
    # One level down, under this section.
    sed 's/^#### /### /' "$ART/report.md"
  } >"$ART/section.md"
  node - "$SOAK_OUT" "$ART/section.md" <<'EOF'
// Replace only this section of the file, between its markers; other sections stay as they are.
const fs = require('node:fs');
const [out, sectionFile] = process.argv.slice(2);
const begin = '<!-- BEGIN mock-soak: written by `make soak`; the rest of this file is not -->';
const end = '<!-- END mock-soak -->';
const block = `${begin}\n${fs.readFileSync(sectionFile, 'utf8').trimEnd()}\n${end}`;
let text = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '# Reliability\n';
const a = text.indexOf(begin);
const b = text.indexOf(end);
text = a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + end.length) : `${text.trimEnd()}\n\n${block}\n`;
fs.writeFileSync(out, text);
EOF
  echo "soak: wrote $SOAK_OUT"
fi
exit "$status"
