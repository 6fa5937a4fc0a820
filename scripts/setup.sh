# Sourced by scripts/serve and scripts/test: make .venv and install the project into it.
# Needs only Python 3.11; on Debian, python3-venv is installed when it is missing and we are root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv >/dev/null 2>&1; then
    rm -rf .venv
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
      "$PYTHON" -m venv .venv
    else
      echo "'$PYTHON -m venv' does not work here: install python3-venv (sudo apt-get install python3-venv)" >&2
      exit 1
    fi
  fi
fi

# The committee papers' PDF (WeasyPrint) needs Pango, HarfBuzz's subsetter and fonts from
# Debian; install those that are missing when we are root on Debian.
papers_packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core)
missing=()
if command -v dpkg-query >/dev/null; then
  for package in "${papers_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} for the committee papers (PDF) ..."
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "The committee papers (PDF) need: sudo apt-get install ${missing[*]}" >&2
  fi
fi

# Reinstall only when pyproject.toml changed since the last install.
stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo "Installing Handleplan and its dependencies into .venv ..."
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
