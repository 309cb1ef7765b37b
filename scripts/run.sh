#!/usr/bin/env bash
# Start the action server, the Rasa server (REST, web widget, WeChat, --enable-api) and the staff
# console on this machine.
#   scripts/run.sh serve   — run until Ctrl-C
#   scripts/run.sh shell   — talk to the assistant in the terminal
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-serve}"
BIN=.venv/bin
RASA_PORT="${RASA_PORT:-5005}"
ACTION_PORT="${ACTION_PORT:-5055}"
LOG_DIR=build/logs
mkdir -p "$LOG_DIR"
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

wait_for() {  # url, name, pid
  for _ in $(seq 1 180); do
    if curl -fsS "$1" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then echo "$2 exited; see $LOG_DIR" >&2; exit 1; fi
    sleep 1
  done
  echo "$2 did not start in time; see $LOG_DIR" >&2; exit 1
}

$BIN/rasa run actions --actions actions --port "$ACTION_PORT" >"$LOG_DIR/actions.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$ACTION_PORT/health" "action server" "${pids[-1]}"

if [ "$mode" = shell ]; then
  $BIN/rasa shell -m "${SHEBAO_MODEL:-models/current.tar.gz}" --endpoints endpoints.yml
  exit 0
fi

$BIN/rasa run -m "${SHEBAO_MODEL:-models/current.tar.gz}" --enable-api --cors "*" --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints endpoints.yml >"$LOG_DIR/rasa.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$RASA_PORT/status" "Rasa server" "${pids[-1]}"

# Hotline staff console (bot/staff, docs/staff.md): lookup and review, loopback only by default.
STAFF_PORT="${STAFF_PORT:-5080}"
$BIN/python -m bot.staff serve --host "${STAFF_HOST:-127.0.0.1}" --port "$STAFF_PORT" >"$LOG_DIR/staff.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$STAFF_PORT/login" "staff console" "${pids[-1]}"
echo "  Staff console: http://localhost:$STAFF_PORT   (account: $BIN/python -m bot.staff create-user NAME)"
cat <<MSG

  The assistant is running.
    REST:        curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"灵活就业怎么交社保"}'
    Web widget:  http://localhost:$RASA_PORT/webhooks/widget/demo   (demo page; docs/widget.md)
    HTTP API:    http://localhost:$RASA_PORT/status
    Actions:     http://localhost:$ACTION_PORT/health
    Logs:        $LOG_DIR/
  Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
