#!/usr/bin/env bash
# Runs the official SDKs against the cos-emulator binary.
# Each suite is skipped, with a message, when its runtime is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -p cos-emulator
log=$(mktemp)
export EMU_ID=AKIDcompatsuite000000000000000000 EMU_KEY=compatsuitesecretkey000000000000 EMU_APPID=1250000000
# Another CAM user (a sub-user of the owner), for bucket policy checks.
export EMU_OTHER=qcs::cam::uin/100000000001:uin/100000000011
export EMU_OTHER_ID=AKIDcompatother00000000000000000 EMU_OTHER_KEY=compatothersecretkey000000000000
./target/debug/cos-emulator --listen 127.0.0.1:0 --appid "$EMU_APPID" \
    --secret-id "$EMU_ID" --secret-key "$EMU_KEY" \
    --user "$EMU_OTHER:$EMU_OTHER_ID:$EMU_OTHER_KEY" \
    --restore-delay 1 >"$log" 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 50); do grep -q 'http://' "$log" && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$log" | head -1 | cut -d: -f2)
[ -n "$port" ] || { echo "emulator did not start:"; cat "$log"; exit 1; }
export EMU_PORT=$port

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    echo "== compat: official Node SDK (cos-nodejs-sdk-v5 3.0.0)"
    (cd compat/node && npm install --no-audit --no-fund --loglevel=error && node compat.js)
else
    echo "== compat: Node SDK skipped (node/npm not installed)"
fi

if command -v python3 >/dev/null 2>&1 && python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "== compat: official Python SDK (cos-python-sdk-v5 1.9.44)"
    (cd compat/python && { [ -x .venv/bin/python ] || python3 -m venv .venv; } \
        && .venv/bin/pip install -r requirements.txt --quiet --disable-pip-version-check \
        && .venv/bin/python compat.py)
elif command -v python3 >/dev/null 2>&1; then
    echo "== compat: Python SDK skipped (python3 has no venv/ensurepip module)"
else
    echo "== compat: Python SDK skipped (python3 not installed)"
fi
