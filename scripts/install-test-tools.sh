#!/usr/bin/env bash
# Installs the tools `make test` uses and a machine may lack. Idempotent: when everything is there it only looks.
#   from npm (pinned in package.json, installed by `npm ci`):  bats, bats-assert, bats-support
#   from Debian packages (apt-get, with sudo when not root): shellcheck, yamllint, jq, python3-pyflakes
# On a machine without apt-get it installs nothing and lists what to install, with the Homebrew names.
# LINT_PYTHON (default /usr/bin/python3) is the interpreter that runs the notebook lint and needs pyflakes.
set -euo pipefail

lint_python="${LINT_PYTHON:-/usr/bin/python3}"

# Per tool: the Debian package, the Homebrew formula, then the command that proves it is there.
missing_debian=()
missing_brew=()
check() {
  local debian="$1" brew="$2"
  shift 2
  if ! "$@" >/dev/null 2>&1; then
    missing_debian+=("$debian")
    missing_brew+=("$brew")
  fi
}
probe_all() {
  missing_debian=()
  missing_brew=()
  check shellcheck shellcheck command -v shellcheck
  check yamllint yamllint command -v yamllint
  check jq jq command -v jq
  # Homebrew's pyflakes is a command, not a module another Python can import: "-" leaves it out of the brew line.
  check python3-pyflakes - "$lint_python" -c 'import pyflakes'
}

probe_all
if ((${#missing_debian[@]} == 0)); then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  {
    echo "make test needs tools this machine does not have (Debian names): ${missing_debian[*]}"
    brew=()
    for formula in "${missing_brew[@]}"; do
      [[ "$formula" == - ]] || brew+=("$formula")
    done
    if ((${#brew[@]} > 0)); then
      echo "  with Homebrew: brew install ${brew[*]}"
    fi
    if [[ " ${missing_debian[*]} " == *" python3-pyflakes "* ]]; then
      echo "  pyflakes for the notebook lint: python3 -m pip install pyflakes, then: make test LINT_PYTHON=python3"
    fi
  } >&2
  exit 1
fi

as_root=()
if [[ "$(id -u)" != 0 ]]; then
  as_root=(sudo) # a GitHub-hosted runner or a developer's machine
fi
echo "installing test tools (Debian packages): ${missing_debian[*]}" >&2
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_debian[@]}" >/dev/null

probe_all
if ((${#missing_debian[@]} > 0)); then
  echo "still missing after apt-get install: ${missing_debian[*]}" >&2
  exit 1
fi
