#!/usr/bin/env bash
# Fuzz the REST API against its own OpenAPI document: a fresh database with the demo data,
# the app on a free port, a token of the demo officer, and Schemathesis over every endpoint
# and method. Fails on any 5xx and on any answer (status, content type, headers, body) that
# the schema does not describe, and on malformed input that the API accepts.
# API_FUZZ_EXAMPLES bounds the examples per operation; API_FUZZ_SEED makes a run repeatable.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A throwaway SQLite database, whatever DATABASE_URL the caller has; the fuzzer's requests
# come far faster than a person's, so the per-token limit (and the budget of calls without
# valid credentials, which the fuzzer also sends) is lifted for this server only.
unset DATABASE_URL
export CARBON20_DEMO=true DEBUG=false SECRET_KEY=api-fuzz-only-not-secret \
  ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false CARBON20_VAR_DIR="$work" \
  EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend API_RATE_LIMIT=1000000/minute \
  API_ANON_RATE_LIMIT=1000000/minute

echo "Loading the demo data"
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py load_demo >"$work/load_demo.log" 2>&1 || { cat "$work/load_demo.log"; exit 1; }
token="$(.venv/bin/python manage.py create_api_token officer@albertslund.demo --name schemathesis)"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:${port}"
# No limit on the request line: the fuzzer's long query strings must reach the app, whose
# answer is under test, not gunicorn's own HTML 414.
.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:${port}" --workers 2 --timeout 120 \
  --limit-request-line 0 --log-level warning >"$work/server.log" 2>&1 &
server_pid=$!

# The live schema, as the running server describes itself; Schemathesis reads it from a
# file so that a slow first answer cannot fail the run.
for _ in $(seq 60); do
  curl -fsS --max-time 120 "${base}/api/v1/schema/?format=json" -o "$work/schema.json" && break
  sleep 2
done
[ -s "$work/schema.json" ] || { echo "The server did not answer:"; cat "$work/server.log"; exit 1; }

# One worker: Hypothesis describes its strategies with Python's ast module, which is not
# thread-safe, and two workers have failed a run with "AST constructor recursion depth
# mismatch" inside Schemathesis itself.
status=0
.venv/bin/st run "$work/schema.json" --url "$base" \
  --header "Authorization: Bearer ${token}" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,unsupported_method,ignored_auth \
  --max-examples "${API_FUZZ_EXAMPLES:-5}" \
  --seed "${API_FUZZ_SEED:-20261126}" \
  --workers 1 \
  --request-timeout 120 \
  --no-color || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- server log ---"
  tail -n 200 "$work/server.log"
fi
exit "$status"
