# Shared by scripts/demo, scripts/test and .ci/run: system packages and the virtualenv.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Install the Debian packages that are missing; do nothing when all are there.
need_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "duban: installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Create .venv and install the project (with EXTRA, e.g. "dev") when pyproject.toml changed.
ensure_venv() {
  local extra=${1:-}
  if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
    need_debs python3-venv
  fi
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  local spec="$ROOT" stamp
  [ -n "$extra" ] && spec="$ROOT[$extra]"
  stamp="$VENV/.installed-${extra:-base}-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
  if [ ! -e "$stamp" ]; then
    echo "duban: installing Python packages into .venv"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$spec"
    rm -f "$VENV"/.installed-"${extra:-base}"-*
    touch "$stamp"
  fi
}
