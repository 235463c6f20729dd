#!/usr/bin/env bash
# Build KenLM's estimator (lmplz) and build_binary into tools/kenlm/bin.
#
# No wheel ships these programs, but their sources are in the kenlm sdist on
# PyPI. This script installs Debian's build dependencies if they are missing
# (apt-get; as root, or through sudo), downloads the sdist with pip
# (--no-binary kenlm only: --no-binary :all: would make pip compile CMake
# itself), and builds the two programs with KENLM_MAX_ORDER=6. About a minute
# on two cores; a no-op when tools/kenlm/bin already holds this build.
#
# Environment:
#   KENLM_SDIST   a kenlm-*.tar.gz already on disk (skips the download)
#   KENLM_JOBS    parallel make jobs (default 2)
#   PYTHON        the Python whose pip downloads the sdist (default python3, else python)
# ocrfix finds the result itself; elsewhere, set OCRFIX_KENLM_BIN to the
# folder.
set -euo pipefail

KENLM_VERSION=0.3.0
MAX_ORDER=6
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/tools/kenlm"
STAMP="kenlm $KENLM_VERSION max_order $MAX_ORDER"

if [ -x "$DEST/bin/lmplz" ] && [ -x "$DEST/bin/build_binary" ] \
    && [ "$(cat "$DEST/STAMP" 2>/dev/null)" = "$STAMP" ]; then
    echo "build-kenlm-tools: $DEST/bin is up to date ($STAMP)"
    exit 0
fi

DEBS="build-essential cmake libboost-program-options-dev libboost-system-dev libboost-thread-dev libboost-test-dev zlib1g-dev libbz2-dev liblzma-dev"
missing=""
if command -v dpkg-query >/dev/null; then
    for deb in $DEBS; do
        dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q "install ok installed" || missing="$missing $deb"
    done
fi
if [ -n "$missing" ]; then
    echo "build-kenlm-tools: installing$missing"
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
        echo "build-kenlm-tools: need root to install:$missing" >&2; exit 1
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
if [ -n "${KENLM_SDIST:-}" ]; then
    cp "$KENLM_SDIST" "$WORK/"
else
    PY="${PYTHON:-$(command -v python3 || command -v python)}"
    "$PY" -m pip download -q --no-deps --no-binary kenlm "kenlm==$KENLM_VERSION" -d "$WORK"
fi
tar -xzf "$WORK"/kenlm-*.tar.gz -C "$WORK"
SRC="$(find "$WORK" -maxdepth 1 -type d -name 'kenlm-*' | head -n1)"

cmake -S "$SRC" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DKENLM_MAX_ORDER=$MAX_ORDER >"$WORK/cmake.log" 2>&1 \
    || { tail -n 30 "$WORK/cmake.log" >&2; exit 1; }
make -C "$WORK/build" -j"${KENLM_JOBS:-2}" lmplz build_binary >"$WORK/make.log" 2>&1 \
    || { tail -n 30 "$WORK/make.log" >&2; exit 1; }

mkdir -p "$DEST/bin"
install -m 755 "$WORK/build/bin/lmplz" "$WORK/build/bin/build_binary" "$DEST/bin/"
echo "$STAMP" >"$DEST/STAMP"
echo "build-kenlm-tools: built $DEST/bin/lmplz and build_binary ($STAMP)"
