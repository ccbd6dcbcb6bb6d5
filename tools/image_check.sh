#!/usr/bin/env bash
# Prove the Dockerfile's steps without a container engine: install from the lock
# file into a fresh venv as the image does, then run the image's own CMD and
# HEALTHCHECK (read from the Dockerfile) as a non-root user.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
# As in the image, one interpreter installs and runs: as root, the server runs as uid
# 65534, so the venv is made from an interpreter that user can run (pyenv's under /root
# is not; a venv made from it would run another Python than the one pip installed for).
if [ "$(id -u)" = 0 ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups -- \
        "$(command -v "$python")" -c '' 2>/dev/null; then
    python=/usr/bin/python3
fi
work=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"

echo "image-check: fresh venv, pip install --require-hashes -r requirements/runtime.txt"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --require-hashes -r requirements/runtime.txt
echo "image-check: pip install --no-deps . (not editable, as in the image)"
"$work/venv/bin/pip" install --quiet --no-deps .
(cd / && "$work/venv/bin/eligibility" check-data)

port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The Dockerfile's CMD and HEALTHCHECK, exec form, with the port swapped for a free one.
mapfile -t cmd < <("$python" tools/dockerfile_exec.py Dockerfile CMD "$port")
mapfile -t health < <("$python" tools/dockerfile_exec.py Dockerfile HEALTHCHECK "$port")

run_as=()
if [ "$(id -u)" = 0 ]; then
    run_as=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
fi
echo "image-check: ${cmd[*]} as uid ${run_as:+65534}$( [ -z "${run_as[*]}" ] && id -u )"
(cd / && exec env PATH="$work/venv/bin:$PATH" HOME=/tmp "${run_as[@]}" "${cmd[@]}" --workers 1) &
server_pid=$!

for _ in $(seq 1 50); do
    if env PATH="$work/venv/bin:$PATH" "${health[@]}" 2>/dev/null; then
        uid=$(ps -o uid= -p "$(pgrep -n -P "$server_pid" || echo "$server_pid")" | tr -d ' ')
        if [ "$uid" = 0 ]; then echo "image-check: FAILED: server runs as root"; exit 1; fi
        echo "image-check: HEALTHCHECK passed; server uid $uid"
        # Readiness and metrics as the non-root user (metrics write to a temp dir).
        "$python" - "$port" <<'PY'
import sys, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
ready = urllib.request.urlopen(f"{base}/readyz", timeout=2)
metrics = urllib.request.urlopen(f"{base}/metrics", timeout=2).read().decode()
assert ready.status == 200 and "eligibility_build_info" in metrics, "readyz or metrics failed"
print("image-check: /readyz 200, /metrics has eligibility_build_info")
PY
        exit 0
    fi
    sleep 0.2
done
echo "image-check: FAILED: HEALTHCHECK did not pass within 10 s"
exit 1
