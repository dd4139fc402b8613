#!/bin/sh
# Makes sure the programs posterbuild needs outside Python are present:
# the Graphviz `dot` program and Python's venv module. As root on Debian it
# installs what is missing with apt-get; otherwise it says what to install.
set -eu
PY=${PYTHON:-python3}
missing=""
command -v dot >/dev/null 2>&1 || missing="$missing graphviz"
"$PY" -c "import venv, ensurepip" >/dev/null 2>&1 || missing="$missing python3-venv"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "posterbuild: installing$missing with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit 0
fi
echo "posterbuild: missing$missing." >&2
echo "  Install it as root, for example: sudo apt-get install$missing" >&2
echo "  (other systems: https://graphviz.org/download/ for Graphviz)" >&2
exit 1
