#!/bin/sh
# Makes sure the programs posterbuild needs outside Python are present. As root on Debian it
# installs what is missing with apt-get; otherwise it says what to install.
#   ensure-system.sh          Graphviz's dot and Python's venv (building posters)
#   ensure-system.sh web      and Node.js with npm (the viewer's OpenSeadragon)
#   ensure-system.sh test     and Chromium (the browser test of the web viewer)
set -eu
PY=${PYTHON:-python3}
want=${1:-poster}
missing=""
command -v dot >/dev/null 2>&1 || missing="$missing graphviz"
"$PY" -c "import venv, ensurepip" >/dev/null 2>&1 || missing="$missing python3-venv"
if [ "$want" = web ] || [ "$want" = test ]; then
    command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
if [ "$want" = test ]; then
    command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "posterbuild: installing$missing with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit 0
fi
echo "posterbuild: missing$missing." >&2
echo "  Install it as root, for example: sudo apt-get install$missing" >&2
exit 1
