#!/bin/sh
# setup.sh: install the Python adapter's dependencies into adapters/python/.venv
# (adapter.json's "setup"; run from any directory).
#
#   sh setup.sh          create or update .venv from requirements.txt
#   PYTHON=python3.11 sh setup.sh
#
# Idempotent: .venv/.requirements-stamp holds a hash of requirements.txt and
# of the Python used; when it matches, nothing is installed (well under a
# second). Otherwise the venv is made afresh: the build tools pinned in
# requirements.txt first, then every package with --no-build-isolation, so
# that the two source distributions (vwo-python-sdk, and mmh3, a C extension
# that needs a C compiler) are built by the pinned setuptools and wheel.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

PYTHON=${PYTHON:-python3}
venv=.venv
stamp=$venv/.requirements-stamp

if ! command -v "$PYTHON" >/dev/null 2>&1; then
	echo "setup.sh: $PYTHON not found (set PYTHON to a Python 3.11 interpreter)" >&2
	exit 1
fi

want=$("$PYTHON" - requirements.txt <<'EOF'
import hashlib, sys
h = hashlib.sha256()
h.update(sys.version.encode())
h.update(sys.executable.encode())
with open(sys.argv[1], "rb") as f:
    h.update(f.read())
print(h.hexdigest())
EOF
)

if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	exit 0
fi

echo "setup.sh: creating $here/$venv" >&2
rm -rf "$venv"
"$PYTHON" -m venv "$venv"
pip="$venv/bin/python -m pip --disable-pip-version-check --no-input"
# shellcheck disable=SC2046 # the two pinned lines are meant to split
$pip install --quiet $(grep -E '^(setuptools|wheel)==' requirements.txt)
$pip install --quiet --no-build-isolation -r requirements.txt
"$venv/bin/python" -c 'import importlib.metadata as m, vwo; print("setup.sh: vwo-python-sdk", m.version("vwo-python-sdk"), "installed")' >&2
echo "$want" >"$stamp"
