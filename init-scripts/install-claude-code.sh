#!/usr/bin/env bash
# Cluster init script: installs a pinned Node.js, a pinned Claude Code wired to the workspace's model serving, a
# pinned MLflow for tracing in its own virtual environment, and helper commands. Runs as root on every node at start.
#
# Settings (cluster spark_env_vars; all namespaced, so notebooks and the Databricks SDK never see them as their own):
#   CLAUDE_CODE_WORKSPACE_URL         the workspace URL (init scripts get no DATABRICKS_HOST); a missing scheme is fixed
#   CLAUDE_CODE_MODEL                 default databricks-claude-sonnet-4-5 (ANTHROPIC_MODEL and the sonnet family)
#   CLAUDE_CODE_OPUS_MODEL            default databricks-claude-opus-4-5
#   CLAUDE_CODE_HAIKU_MODEL           default databricks-claude-haiku-4-5 (background tasks)
#   CLAUDE_CODE_TRACING               "on" (default): install the tracing MLflow; "off": none, and the status says off
#   CLAUDE_CODE_TRACING_EXPERIMENT_ID the MLflow experiment id traces go to (the stack creates the experiment)
#   CLAUDE_CODE_TRACING_EXPERIMENT    its name, shown by the helpers only
#   CLAUDE_CODE_SQL_WAREHOUSE_ID      SQL warehouse for traces in a Unity Catalog experiment (optional)
#   CLAUDE_CODE_MLFLOW_REQUIREMENTS   opt-in hash lock of the tracing MLflow (a file): pip --require-hashes; unset:
#                                     the pinned version below with pip's normal resolver
#   CLAUDE_CODE_OFFLINE               "true": install only from CLAUDE_CODE_ARTIFACTS_DIR, no network call at all
#   CLAUDE_CODE_ARTIFACTS_DIR         the volume folder written by stage-offline-artifacts.sh
#   CLAUDE_CODE_DOWNLOAD_BUDGET       seconds all downloads together may take (default 900)
#   CLAUDE_CODE_INSTALL_ROOT          where everything is written (default /; tests point it elsewhere)
#   CLAUDE_CODE_PINS_FILE             KEY=VALUE lines overriding the pins below (tests and version bumps)
#   CLAUDE_CODE_PYTHON                the interpreter that creates the MLflow environment (default: the runtime's)
#
# Failure policy (see README.md): a checksum or integrity mismatch of Node.js or Claude Code, a broken offline setup of
# either (a missing or uncopyable artifact), an unsupported CPU or an unwritable install root exits 1 and fails the
# cluster launch. Tracing is optional and never fails a launch: a download, a lock, a staged wheel or a venv that fails
# only degrades it. A download that fails within its retries and time budget, or a missing optional tool, degrades too:
# the cluster starts, and the status file (shown by check-claude) says what is off. No credential is ever written.
#
# `install-claude-code.sh --print-pins` prints the pins (used by stage-offline-artifacts.sh).
set -Eeuo pipefail
umask 022

# --- pins -------------------------------------------------------------------------------------------------------
# Node.js hashes: sha256 of the nodejs.org release tarballs, as pinned in aspect-build rules_js toolchain
# registrations (node_repositories for 22.12.0); the staging script also cross-checks them against SHASUMS256.txt.
# Claude Code: `npm view @anthropic-ai/claude-code@<v> dist.integrity optionalDependencies` and the same for the
# two Linux platform packages. The package has no dependencies; its optional dependencies are per-platform native
# binaries, of which exactly one (the node's CPU) is needed.
# MLflow: mlflow[databricks], exactly 3.11.1, installed with pip's normal resolver (an exact pin, no hashes; the hash
# lock is opt-in). Why 3.11: Databricks' own ucode pins "mlflow[databricks]>=3.11,<3.12" because 3.12 dropped the Unity
# Catalog trace-write path (databricks/ucode src/ucode/agents/claude.py, MLFLOW_CLI_SPEC); since mlflow PR 21405
# (2026-03) the Stop hook `mlflow autolog claude` writes is the CLI command `mlflow autolog claude stop-hook` (bare
# `mlflow`, `uv run mlflow` when UV is set), which the helpers rewrite to this environment's mlflow by absolute path.
# Databricks' "Tracing Claude Code" page asks for MLflow >= 3.4 (AWS) or >= 3.14 (Azure, the plugin era after mlflow
# PR 23339); 3.14 is not used because ucode reports the UC trace path missing after 3.11 (needs a live check).
PIN_KEYS=(NODE_VERSION NODE_SHA256_X64 NODE_SHA256_ARM64 CLAUDE_CODE_VERSION CLAUDE_CODE_INTEGRITY
  CLAUDE_CODE_INTEGRITY_LINUX_X64 CLAUDE_CODE_INTEGRITY_LINUX_ARM64 NODE_DIST_URL NPM_REGISTRY_URL
  MLFLOW_PACKAGE MLFLOW_VERSION)
NODE_VERSION=22.12.0
NODE_SHA256_X64=22982235e1b71fa8850f82edd09cdae7e3f32df1764a9ec298c72d25ef2c164f
NODE_SHA256_ARM64=8cfd5a8b9afae5a2e0bd86b0148ca31d2589c0ea669c2d0b11c132e35d90ed68
CLAUDE_CODE_VERSION=2.1.330
CLAUDE_CODE_INTEGRITY=sha512-KQMl6kixLMGHRCDUhkUPebuBhw13MpxlH3+17QzHQx40FNVd1z3uFKUSqQXB5zF9vLQGcpoC/8wWe5R35lsWvQ==
CLAUDE_CODE_INTEGRITY_LINUX_X64=sha512-9Gn+V7DtJ8M1nztP9CeDVl9g3RtrepI7rOFTyPRRnZe8D6zebIHKmC7OvBauucuAP0X0k85SDN/LPVZyjsGezQ==
CLAUDE_CODE_INTEGRITY_LINUX_ARM64=sha512-V4yanAY5EA5UpwwRPtjSfqDbNqAlUJeVn3NYZw2AgmRHjdpSsLtHAzbxRXfkAnbjwTXzE0uedjQxUY02ARPcsA==
NODE_DIST_URL=https://nodejs.org/dist
NPM_REGISTRY_URL=https://registry.npmjs.org
MLFLOW_PACKAGE=mlflow
MLFLOW_VERSION=3.11.1

# --- settings and paths -----------------------------------------------------------------------------------------
ROOT="${CLAUDE_CODE_INSTALL_ROOT:-/}"
ROOT="${ROOT%/}"
LIB="$ROOT/usr/local/lib/claude-code"
BIN="$ROOT/usr/local/bin"
ETC="$ROOT/etc/claude-code"
MANAGED_SETTINGS="$ETC/managed-settings.json"
PROFILE_D="$ROOT/etc/profile.d/claude-code.sh"
STATE="$ROOT/var/lib/claude-code"
STATUS_FILE="$STATE/status"
LOG_FILE="$ROOT/var/log/claude-code-init.log"
MLFLOW_ENV="$LIB/mlflow"
HELPER_NAMES=(check-claude check-coding-assistants claude-debug claude-token claude-refresh-token claude-token-status
  claude-setup-token-refresh claude-remove-token-refresh claude-tracing-enable claude-tracing-status
  claude-tracing-disable git-workspace-init git-workspace-check git-workspace-setup-auth
  claude-vscode-setup claude-vscode-env claude-vscode-check claude-vscode-config)

MODEL="${CLAUDE_CODE_MODEL:-databricks-claude-sonnet-4-5}"
OPUS_MODEL="${CLAUDE_CODE_OPUS_MODEL:-databricks-claude-opus-4-5}"
HAIKU_MODEL="${CLAUDE_CODE_HAIKU_MODEL:-databricks-claude-haiku-4-5}"
TRACING="${CLAUDE_CODE_TRACING:-on}"
EXPERIMENT_ID="${CLAUDE_CODE_TRACING_EXPERIMENT_ID:-}"
EXPERIMENT="${CLAUDE_CODE_TRACING_EXPERIMENT:-}"
WAREHOUSE="${CLAUDE_CODE_SQL_WAREHOUSE_ID:-}"
REQUIREMENTS="${CLAUDE_CODE_MLFLOW_REQUIREMENTS:-}"
OFFLINE="${CLAUDE_CODE_OFFLINE:-false}"
ARTIFACTS="${CLAUDE_CODE_ARTIFACTS_DIR:-}"
BUDGET="${CLAUDE_CODE_DOWNLOAD_BUDGET:-900}"
CURL_OPTS=(--fail --silent --show-error --location --proto '=https' --tlsv1.2
  --connect-timeout 20 --max-time 600 --retry 4 --retry-delay 5 --retry-connrefused)

declare -A STATUS=()
WORK=""
ARCH=""
HOST=""
DEADLINE=0
INSTALLING=false
NODE_READY=false
CLAUDE_READY=false

log() { printf '%s [claude-code-init] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" | tee -a "$LOG_FILE" >&2; }

load_pins() {
  local file="${CLAUDE_CODE_PINS_FILE:-}" line key value
  [[ -n "$file" ]] || return 0
  [[ -r "$file" ]] || fatal "pins file not readable: $file"
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    key="${line%%=*}" value="${line#*=}"
    [[ " ${PIN_KEYS[*]} " == *" $key "* && "$value" =~ ^[A-Za-z0-9+/=.:_-]+$ ]] ||
      fatal "bad line in pins file $file: $key"
    printf -v "$key" '%s' "$value"
  done <"$file"
}

print_pins() {
  local key
  for key in "${PIN_KEYS[@]}"; do printf '%s=%s\n' "$key" "${!key}"; done
}

# The workspace URL as https://host, whatever form the setting has (a bare host name, a trailing slash).
normalize_host() {
  local host="$1"
  while [[ "$host" == */ ]]; do host="${host%/}"; done
  [[ -z "$host" || "$host" == *://* ]] || host="https://$host"
  printf '%s' "$host"
}

write_status() {
  local result="$1" key tmp
  mkdir -p "$STATE"
  tmp="$(mktemp "$STATE/.status.XXXXXX")"
  {
    printf 'result=%s\n' "$result"
    printf 'mode=%s\n' "$([[ "$OFFLINE" == true ]] && echo offline || echo online)"
    printf 'finished=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    for key in $(printf '%s\n' "${!STATUS[@]}" | sort); do printf '%s=%s\n' "$key" "${STATUS[$key]}"; done
  } >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$STATUS_FILE"
}

fatal() {
  if [[ "$INSTALLING" != true ]]; then
    echo "install-claude-code.sh: $*" >&2
    exit 1
  fi
  STATUS[error]="$*"
  log "FATAL: $* (the cluster launch fails; see $LOG_FILE)"
  write_status failed || true
  exit 1
}

degrade() {
  STATUS[$1]="degraded: $2"
  log "DEGRADED: $1: $2"
}

on_error() {
  STATUS[error]="unexpected failure at line $1"
  log "FATAL: unexpected failure at line $1"
  write_status failed || true
  exit 1
}

cleanup() { [[ -z "$WORK" ]] || rm -rf "$WORK"; }

detect_arch() {
  case "$(uname -m)" in
    x86_64 | amd64) ARCH=x64 ;;
    aarch64 | arm64) ARCH=arm64 ;;
    *) fatal "unsupported CPU architecture: $(uname -m) (supported: x86_64, aarch64)" ;;
  esac
}

node_sha256() { if [[ "$ARCH" == x64 ]]; then echo "$NODE_SHA256_X64"; else echo "$NODE_SHA256_ARM64"; fi; }
platform_integrity() {
  if [[ "$ARCH" == x64 ]]; then echo "$CLAUDE_CODE_INTEGRITY_LINUX_X64"; else echo "$CLAUDE_CODE_INTEGRITY_LINUX_ARM64"; fi
}
node_name() { echo "node-v$NODE_VERSION-linux-$ARCH"; }
claude_tgz() { echo "anthropic-ai-claude-code-$CLAUDE_CODE_VERSION.tgz"; }
platform_tgz() { echo "anthropic-ai-claude-code-linux-$ARCH-$CLAUDE_CODE_VERSION.tgz"; }

# Subresource-integrity string (as npm's dist.integrity) of a file.
sri_sha512() {
  if command -v openssl >/dev/null 2>&1; then
    printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 | tr -d '\n')"
  else
    python3 -c 'import base64,hashlib,sys; print("sha512-"+base64.b64encode(hashlib.sha512(open(sys.argv[1],"rb").read()).digest()).decode(), end="")' "$1"
  fi
}

verify_sha256() {
  local file="$1" want="$2" got
  got="$(sha256sum "$file" | cut -d' ' -f1)"
  [[ "$got" == "$want" ]] || fatal "sha256 mismatch for $(basename "$file"): expected $want, got $got; refusing to install it"
  log "verified sha256 of $(basename "$file")"
}

verify_sri() {
  local file="$1" want="$2" got
  got="$(sri_sha512 "$file")"
  [[ "$got" == "$want" ]] || fatal "integrity mismatch for $(basename "$file"): expected $want, got $got; refusing to install it"
  log "verified integrity of $(basename "$file")"
}

# Writes $2 (content on stdin) to $1 only when it differs, so a second run leaves files untouched.
install_file() {
  local dest="$1" mode="$2" tmp
  mkdir -p "$(dirname "$dest")"
  tmp="$(mktemp "$(dirname "$dest")/.tmp.XXXXXX")"
  cat >"$tmp"
  chmod "$mode" "$tmp"
  if [[ -f "$dest" ]] && cmp -s "$tmp" "$dest" && [[ "$(stat -c %a "$dest")" == "$mode" ]]; then
    rm -f "$tmp"
  else
    mv -f "$tmp" "$dest"
    log "wrote $dest"
  fi
}

link() {
  local target="$1" dest="$2"
  [[ "$(readlink "$dest" 2>/dev/null || true)" == "$target" ]] && return 0
  ln -sfn "$target" "$dest"
}

check_root() {
  if ! { mkdir -p "$(dirname "$LOG_FILE")" && touch "$LOG_FILE"; } 2>/dev/null; then
    echo "claude-code-init: install root $ROOT/ is not writable" >&2
    exit 1
  fi
  mkdir -p "$LIB" "$BIN" "$ETC" "$STATE" "$ROOT/etc/profile.d" || fatal "cannot create directories under $ROOT/"
}

# Tools the helpers use (tmux: the web terminal drops idle sessions, and tmux keeps a session alive). Online only,
# and only what is missing; a failure degrades.
ensure_packages() {
  local need=() tool pkg
  for tool in curl git xz tmux; do
    pkg="$tool"
    [[ "$tool" == xz ]] && pkg=xz-utils
    command -v "$tool" >/dev/null 2>&1 || need+=("$pkg")
  done
  if ((${#need[@]} == 0)); then
    STATUS[packages]=ok
    return 0
  fi
  if [[ "$OFFLINE" == true ]]; then
    degrade packages "missing ${need[*]} (offline mode installs no OS packages)"
    return 0
  fi
  log "installing OS packages: ${need[*]}"
  if DEBIAN_FRONTEND=noninteractive timeout 600 apt-get -o Acquire::Retries=3 -o Acquire::http::Timeout=60 update -qq >>"$LOG_FILE" 2>&1 &&
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends "${need[@]}" >>"$LOG_FILE" 2>&1; then
    STATUS[packages]=ok
  else
    degrade packages "apt-get install ${need[*]} failed"
  fi
}

# Puts an artifact into $WORK: copied from the volume (offline; any failure is fatal) or downloaded (online) within
# what is left of the download budget. Returns 1 when a download fails; the caller degrades.
fetch() {
  local url="$1" name="$2" sub="$3" left
  if [[ "$OFFLINE" == true ]]; then
    [[ -f "$ARTIFACTS/$sub/$name" ]] ||
      fatal "offline artifact missing: $ARTIFACTS/$sub/$name (run stage-offline-artifacts.sh and upload its output)"
    cp "$ARTIFACTS/$sub/$name" "$WORK/$name" || fatal "cannot copy offline artifact $ARTIFACTS/$sub/$name"
    return 0
  fi
  left=$((DEADLINE - SECONDS))
  if ((left <= 0)); then
    log "download budget of ${BUDGET}s used up; not downloading $url"
    return 1
  fi
  log "downloading $url (at most ${left}s left)"
  if ! timeout "$left" curl "${CURL_OPTS[@]}" -o "$WORK/$name" "$url" >>"$LOG_FILE" 2>&1; then
    log "download failed after retries: $url"
    return 1
  fi
}

check_offline_setup() {
  [[ "$OFFLINE" == true ]] || return 0
  [[ -n "$ARTIFACTS" ]] || fatal "CLAUDE_CODE_OFFLINE=true but CLAUDE_CODE_ARTIFACTS_DIR is not set"
  [[ -d "$ARTIFACTS" ]] || fatal "offline artifacts folder not found: $ARTIFACTS"
  local manifest="$ARTIFACTS/MANIFEST" key
  [[ -f "$manifest" ]] || fatal "offline artifacts folder has no MANIFEST: $ARTIFACTS"
  for key in NODE_VERSION CLAUDE_CODE_VERSION; do
    grep -qx "$key=${!key}" "$manifest" ||
      fatal "offline artifacts were staged for other versions: MANIFEST lacks $key=${!key} (re-stage with this script's pins)"
  done
  log "offline mode: installing from $ARTIFACTS, no network calls"
}

installed_node_ok() {
  local dir
  dir="$LIB/$(node_name)"
  [[ -x "$dir/bin/node" ]] && [[ "$("$dir/bin/node" --version 2>/dev/null)" == "v$NODE_VERSION" ]]
}

# Sets NODE_READY. Called as a plain command, so `set -e` applies inside it.
install_node() {
  local name dir tarball tool
  name="$(node_name)"
  dir="$LIB/$name"
  if installed_node_ok; then
    log "Node.js $NODE_VERSION already installed"
  else
    tarball="$name.tar.xz"
    if ! fetch "$NODE_DIST_URL/v$NODE_VERSION/$tarball" "$tarball" node; then
      degrade node "download failed; Node.js and Claude Code are not installed"
      return 0
    fi
    verify_sha256 "$WORK/$tarball" "$(node_sha256)"
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    tar -xJf "$WORK/$tarball" -C "$dir.tmp" --strip-components=1 --no-same-owner || fatal "cannot extract $tarball"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
    installed_node_ok || fatal "Node.js $NODE_VERSION does not run after install"
    log "installed Node.js $NODE_VERSION into $dir"
  fi
  for tool in node npm npx; do link "../lib/claude-code/$name/bin/$tool" "$BIN/$tool"; done
  STATUS[node]="ok $NODE_VERSION"
  NODE_READY=true
}

claude_pkg_dir() { echo "$LIB/npm/lib/node_modules/@anthropic-ai/claude-code"; }

installed_claude_ok() {
  local pkg
  pkg="$(claude_pkg_dir)"
  [[ -f "$pkg/package.json" ]] && grep -q "\"version\": *\"$CLAUDE_CODE_VERSION\"" "$pkg/package.json" &&
    "$LIB/npm/bin/claude" --version 2>/dev/null | grep -q "^$CLAUDE_CODE_VERSION"
}

# Sets CLAUDE_READY. Called as a plain command, so `set -e` applies inside it.
install_claude() {
  local node_bin main platform
  node_bin="$LIB/$(node_name)/bin"
  if installed_claude_ok; then
    log "Claude Code $CLAUDE_CODE_VERSION already installed"
  else
    main="$(claude_tgz)" platform="$(platform_tgz)"
    if ! fetch "$NPM_REGISTRY_URL/@anthropic-ai/claude-code/-/claude-code-$CLAUDE_CODE_VERSION.tgz" "$main" npm ||
      ! fetch "$NPM_REGISTRY_URL/@anthropic-ai/claude-code-linux-$ARCH/-/claude-code-linux-$ARCH-$CLAUDE_CODE_VERSION.tgz" \
        "$platform" npm; then
      degrade claude_code "download failed; Claude Code is not installed"
      return 0
    fi
    verify_sri "$WORK/$main" "$CLAUDE_CODE_INTEGRITY"
    verify_sri "$WORK/$platform" "$(platform_integrity)"
    # Both tarballs are local and verified, so npm runs --offline in both modes: it never touches the registry.
    # Scripts are off during the install; the package's own postinstall (which links the native binary) runs after.
    : >"$WORK/npmrc"
    PATH="$node_bin:$PATH" npm install --global --prefix "$LIB/npm" --offline --ignore-scripts \
      --no-audit --no-fund --no-update-notifier --fetch-retries=3 --fetch-timeout=60000 \
      --cache "$WORK/npm-cache" --userconfig "$WORK/npmrc" "$WORK/$main" "$WORK/$platform" >>"$LOG_FILE" 2>&1 ||
      fatal "npm install of the verified Claude Code tarballs failed"
    (cd "$(claude_pkg_dir)" && PATH="$node_bin:$PATH" node install.cjs) >>"$LOG_FILE" 2>&1 ||
      fatal "Claude Code postinstall (native binary link) failed"
    installed_claude_ok || fatal "Claude Code $CLAUDE_CODE_VERSION does not run after install"
    log "installed Claude Code $CLAUDE_CODE_VERSION"
  fi
  STATUS[claude_code]="ok $CLAUDE_CODE_VERSION"
  CLAUDE_READY=true
}

# The interpreter for the MLflow environment: the runtime's own Python, so the environment matches the cluster.
tracing_python() {
  local py
  for py in "${CLAUDE_CODE_PYTHON:-}" /databricks/python3/bin/python3 python3; do
    [[ -n "$py" ]] && command -v "$py" >/dev/null 2>&1 && { command -v "$py"; return 0; }
  done
  return 1
}

installed_mlflow_ok() {
  [[ -x "$MLFLOW_ENV/bin/mlflow" ]] && "$MLFLOW_ENV/bin/mlflow" --version 2>/dev/null | grep -qx "mlflow, version $MLFLOW_VERSION"
}

# What pip installs: the opt-in hash lock (every wheel checked, pip --require-hashes) or the exact pin with pip's
# normal resolver. The databricks extra brings the Databricks SDK the tracking URI "databricks" needs.
mlflow_pip_args() {
  PIP_ARGS=(install --no-cache-dir --disable-pip-version-check --no-input --only-binary=:all:)
  if [[ -n "$REQUIREMENTS" ]]; then
    PIP_ARGS+=(--require-hashes --no-deps -r "$REQUIREMENTS")
  else
    PIP_ARGS+=("${MLFLOW_PACKAGE}[databricks]==$MLFLOW_VERSION")
  fi
}

# Why the opt-in lock cannot be used, or nothing.
lock_problem() {
  [[ -n "$REQUIREMENTS" ]] || return 0
  [[ -r "$REQUIREMENTS" ]] || { echo "the MLflow hash lock $REQUIREMENTS is not readable"; return 0; }
  grep -qix "${MLFLOW_PACKAGE}==${MLFLOW_VERSION}.*" <(sed 's/ *\\$//' "$REQUIREMENTS") ||
    echo "the MLflow hash lock $REQUIREMENTS does not pin ${MLFLOW_PACKAGE}==$MLFLOW_VERSION"
}

# Why the staged wheels cannot be used, or nothing.
staged_wheels_problem() {
  [[ -d "$ARTIFACTS/python" ]] || { echo "no staged MLflow wheels in $ARTIFACTS/python (stage-offline-artifacts.sh stages them)"; return 0; }
  grep -qx "MLFLOW_VERSION=$MLFLOW_VERSION" "$ARTIFACTS/MANIFEST" ||
    echo "the staged MLflow wheels are not for MLflow $MLFLOW_VERSION (re-stage with this script's pins)"
}

# Tracing's own failure: the environment is removed and tracing is degraded; the launch goes on.
tracing_failed() {
  rm -rf "$MLFLOW_ENV"
  degrade tracing "$1; claude-tracing-* unavailable"
}

# A pinned MLflow in its own virtual environment, only for the tracing helpers and the Stop hook (which they point at
# this environment's mlflow by absolute path): the runtime's MLflow (what notebooks import) stays as it is. Optional:
# nothing here fails the launch.
install_mlflow() {
  local py problem left
  if [[ "$TRACING" == off ]]; then
    STATUS[tracing]="off (not asked for)"
    return 0
  fi
  if installed_mlflow_ok; then
    log "MLflow $MLFLOW_VERSION already installed for tracing"
    STATUS[tracing]="ok mlflow $MLFLOW_VERSION"
    return 0
  fi
  problem="$(lock_problem)"
  [[ -z "$problem" ]] || { tracing_failed "$problem"; return 0; }
  if [[ "$OFFLINE" == true ]]; then
    problem="$(staged_wheels_problem)"
    [[ -z "$problem" ]] || { tracing_failed "$problem"; return 0; }
  fi
  py="$(tracing_python)" || { tracing_failed "no python3 to create the MLflow environment"; return 0; }
  rm -rf "$MLFLOW_ENV"
  "$py" -m venv "$MLFLOW_ENV" >>"$LOG_FILE" 2>&1 || { tracing_failed "$py -m venv failed (see $LOG_FILE)"; return 0; }
  mlflow_pip_args
  if [[ "$OFFLINE" == true ]]; then
    "$MLFLOW_ENV/bin/python" -m pip "${PIP_ARGS[@]}" --no-index --find-links "$ARTIFACTS/python" >>"$LOG_FILE" 2>&1 ||
      { tracing_failed "pip refused the staged MLflow wheels (a missing wheel or a hash mismatch; see $LOG_FILE)"; return 0; }
  else
    left=$((DEADLINE - SECONDS))
    if ((left <= 0)) || ! timeout "$left" "$MLFLOW_ENV/bin/python" -m pip "${PIP_ARGS[@]}" --timeout 60 --retries 3 \
      >>"$LOG_FILE" 2>&1; then
      tracing_failed "pip install of MLflow $MLFLOW_VERSION failed or ran out of time (see $LOG_FILE)"
      return 0
    fi
  fi
  installed_mlflow_ok || { tracing_failed "MLflow $MLFLOW_VERSION does not run after install"; return 0; }
  log "installed MLflow $MLFLOW_VERSION into $MLFLOW_ENV${REQUIREMENTS:+ (hash-locked)}"
  STATUS[tracing]="ok mlflow $MLFLOW_VERSION"
}

# Single-quotes a value for a file that POSIX sh sources.
sh_quote() { local q="'\\''"; printf "'%s'" "${1//\'/$q}"; }

json_string() {
  local s="$1"
  s="${s//\\/\\\\}" s="${s//\"/\\\"}" s="${s//$'\n'/\\n}" s="${s//$'\t'/\\t}" s="${s//$'\r'/\\r}"
  printf '"%s"' "$s"
}

write_config() {
  # Non-secret settings for the helpers. Never a token.
  {
    echo "# Written by the cluster init script at each start. No credentials here."
    printf 'CLAUDE_CODE_WORKSPACE_URL=%s\n' "$(sh_quote "$HOST")"
    printf 'CLAUDE_CODE_MODEL=%s\n' "$(sh_quote "$MODEL")"
    printf 'CLAUDE_CODE_OPUS_MODEL=%s\n' "$(sh_quote "$OPUS_MODEL")"
    printf 'CLAUDE_CODE_HAIKU_MODEL=%s\n' "$(sh_quote "$HAIKU_MODEL")"
    printf 'CLAUDE_CODE_TRACING_EXPERIMENT=%s\n' "$(sh_quote "$EXPERIMENT")"
    printf 'CLAUDE_CODE_TRACING_EXPERIMENT_ID=%s\n' "$(sh_quote "$EXPERIMENT_ID")"
    printf 'CLAUDE_CODE_SQL_WAREHOUSE_ID=%s\n' "$(sh_quote "$WAREHOUSE")"
    printf 'CLAUDE_CODE_VERSION=%s\n' "$(sh_quote "$CLAUDE_CODE_VERSION")"
    printf 'CLAUDE_CODE_MLFLOW_VERSION=%s\n' "$(sh_quote "$MLFLOW_VERSION")"
  } | install_file "$ETC/env" 644
  # Login shells only; the web terminal reads its own rcfile, which is why nothing else depends on this file.
  install_file "$PROFILE_D" 644 <<EOF
# Claude Code helpers on PATH. Configuration is in $ROOT/etc/claude-code/managed-settings.json; no credentials here.
case ":\$PATH:" in *":$BIN:"*) ;; *) export PATH="$BIN:\$PATH" ;; esac
EOF
}

# Claude Code's managed settings: highest precedence, for every user of the node, not overridable. The token comes
# from the apiKeyHelper at run time, so no credential is in this file (or anywhere on disk). The header and
# CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1 go together as in Databricks' ucode (src/ucode/agents/claude.py,
# render_overlay) and the upstream module (terraform-databricks-examples PR 227, install-claude.sh).
write_managed_settings() {
  local base=""
  [[ -z "$HOST" ]] || base="    \"ANTHROPIC_BASE_URL\": $(json_string "$HOST/serving-endpoints/anthropic"),"
  install_file "$MANAGED_SETTINGS" 644 <<EOF
{
  "apiKeyHelper": $(json_string "$BIN/claude-token"),
  "env": {
${base:+$base
}    "ANTHROPIC_MODEL": $(json_string "$MODEL"),
    "ANTHROPIC_DEFAULT_SONNET_MODEL": $(json_string "$MODEL"),
    "ANTHROPIC_DEFAULT_OPUS_MODEL": $(json_string "$OPUS_MODEL"),
    "ANTHROPIC_DEFAULT_HAIKU_MODEL": $(json_string "$HAIKU_MODEL"),
    "ANTHROPIC_CUSTOM_HEADERS": "x-databricks-use-coding-agent-mode: true",
    "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS": "1",
    "DISABLE_AUTOUPDATER": "1",
    "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1"
  },
  "permissions": {
    "deny": ["WebSearch"]
  }
}
EOF
  if [[ -n "$HOST" ]]; then STATUS[workspace]="ok $HOST"
  else degrade workspace "CLAUDE_CODE_WORKSPACE_URL not set: claude works only in sessions that have DATABRICKS_HOST"; fi
}

install_helpers() {
  install_file "$LIB/claude-helpers" 755 <<'HELPERS'
#!/usr/bin/env bash
# Claude Code helper commands for cluster users. One program; the command name chooses what it does.
set -euo pipefail
SELF="$(readlink -f "${BASH_SOURCE[0]}")"
ROOT="${SELF%/usr/local/lib/claude-code/claude-helpers}"
CMD="$(basename "$0")"
LIB="$ROOT/usr/local/lib/claude-code"
BIN="$ROOT/usr/local/bin"
MANAGED="$ROOT/etc/claude-code/managed-settings.json"
STATUS_FILE="$ROOT/var/lib/claude-code/status"
LOG_FILE="$ROOT/var/log/claude-code-init.log"
MLFLOW="$LIB/mlflow/bin/mlflow"
CLAUDE_DIR="$HOME/.claude"
SETTINGS="$CLAUDE_DIR/settings.json"
GIT_CREDENTIALS="$HOME/.config/git/databricks-credentials"
CRON_TAG="# claude-code-token-refresh"
CLAUDE_CODE_WORKSPACE_URL=""
CLAUDE_CODE_MODEL=databricks-claude-sonnet-4-5
CLAUDE_CODE_TRACING_EXPERIMENT=""
CLAUDE_CODE_TRACING_EXPERIMENT_ID=""
CLAUDE_CODE_SQL_WAREHOUSE_ID=""
# shellcheck source=/dev/null
[[ ! -r "$ROOT/etc/claude-code/env" ]] || . "$ROOT/etc/claude-code/env"
EXPERIMENT="$CLAUDE_CODE_TRACING_EXPERIMENT"
EXPERIMENT_ID="$CLAUDE_CODE_TRACING_EXPERIMENT_ID"
WAREHOUSE="$CLAUDE_CODE_SQL_WAREHOUSE_ID"

# The workspace URL as https://host: the cluster's setting, else this session's DATABRICKS_HOST.
normalize_host() {
  local host="$1"
  while [[ "$host" == */ ]]; do host="${host%/}"; done
  [[ -z "$host" || "$host" == *://* ]] || host="https://$host"
  printf '%s' "$host"
}
HOST="$(normalize_host "${CLAUDE_CODE_WORKSPACE_URL:-${DATABRICKS_HOST:-}}")"
QUIET=0

say() { [[ "$QUIET" == 1 ]] || printf '%s\n' "$*"; }
err() { printf '%s: %s\n' "$CMD" "$*" >&2; }
bullets() { local line; while IFS= read -r line; do printf '  - %s\n' "$line"; done <<<"$1"; }
secret_state() { if [[ -n "${1:-}" ]]; then echo "set (redacted)"; else echo "not set"; fi; }

# Masks every secret form: JSON or KEY=VALUE entries whose name says token, key, secret or password, bearer headers,
# URL credentials and the shapes of Databricks, GitHub and JWT tokens.
redact() {
  sed -E \
    -e 's/("[A-Za-z0-9_]*(TOKEN|KEY|SECRET|PASSWORD|token|key|secret|password)[A-Za-z0-9_]*" *: *)"[^"]*"/\1"(redacted)"/g' \
    -e 's/\b([A-Za-z0-9_]*(TOKEN|KEY|SECRET|PASSWORD)[A-Za-z0-9_]*=)[^ ]+/\1(redacted)/g' \
    -e 's/([Bb]earer +)[A-Za-z0-9._~+\/=-]+/\1(redacted)/g' \
    -e 's#(://[^/:@ ]+:)[^@ ]+@#\1(redacted)@#g' \
    -e 's/dapi[0-9a-f]{8,}(-[0-9]+)?/(redacted)/g' \
    -e 's/\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]{10,}/(redacted)/g' \
    -e 's/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/(redacted)/g'
}

session_kind() {
  if [[ -n "${VSCODE_IPC_HOOK_CLI:-}" || "${TERM_PROGRAM:-}" == vscode ]]; then echo "VS Code"
  elif [[ -n "${DATABRICKS_REMOTE_ENV:-}" || -n "${SSH_CONNECTION:-}" ]]; then echo SSH
  else echo "web terminal or notebook"; fi
}

no_token_help() {
  cat >&2 <<EOF
$CMD: no Databricks token in this session ($(session_kind)), so Claude Code cannot call model serving.
  SSH or VS Code (databricks ssh): the session normally has DATABRICKS_TOKEN; reconnect, or run
    databricks auth login --host ${HOST:-<workspace-url>}   (with port 8020 forwarded to your machine)
  Web terminal: Databricks provides no token there. Connect over SSH / VS Code instead, or keep a personal access
    token in this shell's memory only:  read -rs DATABRICKS_TOKEN && export DATABRICKS_TOKEN
Nothing is written to disk; see check-claude.
EOF
}

# Prints a token for Claude Code: this session's DATABRICKS_TOKEN, else the Databricks CLI's OAuth cache. Sets
# TOKEN_SOURCE. Never writes it anywhere.
TOKEN_SOURCE=""
current_token() {
  if [[ -n "${DATABRICKS_TOKEN:-}" ]]; then
    TOKEN_SOURCE="DATABRICKS_TOKEN of this session"
    printf '%s' "$DATABRICKS_TOKEN"
    return 0
  fi
  if [[ -n "$HOST" ]] && command -v databricks >/dev/null 2>&1; then
    local json
    if json="$(databricks auth token --host "$HOST" -o json 2>/dev/null)" && [[ -n "$json" ]]; then
      TOKEN_SOURCE="the Databricks CLI login (databricks auth token)"
      python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"], end="")' <<<"$json" 2>/dev/null && return 0
    fi
  fi
  return 1
}

# Keys of the user's settings that would hold a token: Claude Code prefers them to the cluster's apiKeyHelper.
stored_token_keys() {
  [[ -r "$SETTINGS" ]] || return 0
  python3 - "$SETTINGS" <<'PY'
import json, sys
try:
    data = json.load(open(sys.argv[1]))
except Exception:
    sys.exit(0)
env = data.get("env") if isinstance(data, dict) else None
if isinstance(env, dict):
    print(" ".join(k for k in ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY") if env.get(k)))
PY
}

# Removes only those keys from the user's settings; every other key, and the file's mode, stay as they are.
remove_stored_token() {
  python3 - "$SETTINGS" <<'PY'
import json, os, sys, tempfile
path = sys.argv[1]
data = json.load(open(path))
env = data.get("env", {})
for key in ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"):
    env.pop(key, None)
if not env:
    data.pop("env", None)
mode = os.stat(path).st_mode & 0o777
fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".settings.")
with os.fdopen(fd, "w") as f:
    json.dump(data, f, indent=2)
    f.write("\n")
os.chmod(tmp, mode)
os.replace(tmp, path)
PY
}

usage() {
  local text
  case "$CMD" in
    claude) text="claude [args]: checks the cluster's configuration and a token source, then runs Claude Code." ;;
    check-claude | check-coding-assistants) text="$CMD: installation status, versions, connection, token source and tracing state (no secrets). Exit 1 if claude is unusable." ;;
    claude-debug) text="claude-debug: detailed configuration: environment, settings, ~/.claude, init status and log tail, every secret redacted." ;;
    claude-token) text="claude-token [--check]: Claude Code's apiKeyHelper: prints a token from DATABRICKS_TOKEN or the Databricks CLI login to a pipe, never to a terminal or a file. --check names the source only." ;;
    claude-refresh-token) text="claude-refresh-token [--quiet]: removes a token stored in ~/.claude/settings.json (other keys kept) and checks that a fresh one is available now." ;;
    claude-token-status) text="claude-token-status: where Claude Code's token comes from in this session, and whether your settings override it." ;;
    claude-setup-token-refresh) text="claude-setup-token-refresh: explains what refreshes the token and what does not (no job is installed)." ;;
    claude-remove-token-refresh) text="claude-remove-token-refresh: removes an hourly refresh job that an older install added to your crontab." ;;
    claude-tracing-enable) text="claude-tracing-enable [dir]: trace Claude Code sessions in dir (default .) to the cluster's MLflow experiment (${EXPERIMENT:-id ${EXPERIMENT_ID:-unset}})." ;;
    claude-tracing-status) text="claude-tracing-status [dir]: MLflow tracing status of dir (default .)." ;;
    claude-tracing-disable) text="claude-tracing-disable [dir]: stop tracing Claude Code sessions in dir (default .)." ;;
    git-workspace-init) text="git-workspace-init [repo-url] [dir]: clone repo-url into dir, or init the current directory. Refuses /Repos." ;;
    git-workspace-check) text="git-workspace-check [dir]: location, branch, uncommitted and unpushed changes. Exit 1 if not a git repository." ;;
    git-workspace-setup-auth) text="git-workspace-setup-auth [--host github.com] [--user NAME] [--secret SCOPE/KEY]: store a git token (mode 600) for HTTPS.
  Reads the token from the Databricks secret SCOPE/KEY, else from a prompt without echo (or stdin when not a terminal)." ;;
    claude-vscode-setup) text="claude-vscode-setup: how to connect VS Code or Cursor to this cluster over Remote-SSH." ;;
    claude-vscode-env) text="claude-vscode-env: the Python interpreter to select in VS Code." ;;
    claude-vscode-check) text="claude-vscode-check: checks the Python environment a Remote-SSH session uses." ;;
    claude-vscode-config) text="claude-vscode-config: prints a VS Code settings.json snippet for this cluster." ;;
    *) text="claude-helpers: run as one of its command names (see $BIN)." ;;
  esac
  printf 'Usage: %s\n' "$text"
}

# Every reason claude cannot work in this session, one per line; nothing when it can.
config_problems() {
  [[ -r "$MANAGED" ]] || echo "the cluster's managed settings ($MANAGED) are missing: the init script has not run on this node (see check-claude)"
  [[ -n "$HOST" ]] || echo "the workspace URL is unknown: the cluster sets no CLAUDE_CODE_WORKSPACE_URL and this session has no DATABRICKS_HOST"
  local name keys
  for name in ANTHROPIC_AUTH_TOKEN ANTHROPIC_API_KEY; do
    [[ -z "${!name:-}" ]] || echo "$name is set in this shell and would replace the cluster's token helper: unset $name"
  done
  keys="$(stored_token_keys)"
  [[ -z "$keys" ]] || echo "$SETTINGS stores a token ($keys) that would replace the cluster's token helper and goes stale: run claude-refresh-token (it removes only that)"
}

cmd_claude() {
  local real="$LIB/npm/bin/claude" problems
  [[ -x "$real" ]] || { err "Claude Code is not installed on this node; run check-claude"; exit 127; }
  case "${1:-}" in -v | --version) exec "$real" "$@" ;; esac
  problems="$(config_problems)"
  if [[ -n "$problems" ]]; then
    err "not starting Claude Code:"
    bullets "$problems" >&2
    exit 1
  fi
  current_token >/dev/null || { no_token_help; exit 1; }
  # Without a URL in the managed settings (the cluster did not pass one), this session's host is used.
  grep -q '"ANTHROPIC_BASE_URL"' "$MANAGED" || export ANTHROPIC_BASE_URL="$HOST/serving-endpoints/anthropic"
  # For MLflow's tracing hooks, which run inside Claude Code.
  export DATABRICKS_HOST="${DATABRICKS_HOST:-$HOST}"
  [[ -z "$WAREHOUSE" ]] || export MLFLOW_TRACING_SQL_WAREHOUSE_ID="$WAREHOUSE"
  exec "$real" "$@"
}

cmd_token() {
  local token
  if [[ "${1:-}" == --check ]]; then
    current_token >/dev/null && { echo "token source: $TOKEN_SOURCE"; return 0; }
    no_token_help
    return 1
  fi
  if [[ -t 1 ]]; then err "prints a token for Claude Code only, never to a terminal (use --check)"; return 2; fi
  token="$(current_token)" || { no_token_help; return 1; }
  printf '%s\n' "$token"
}

tracing_state() {
  if [[ -x "$MLFLOW" ]]; then
    echo "tracing: mlflow $("$MLFLOW" --version 2>/dev/null | sed 's/.*version //') in $LIB/mlflow, experiment ${EXPERIMENT:-?} (id ${EXPERIMENT_ID:-unset}), SQL warehouse ${WAREHOUSE:-none}"
    echo "tracing in $(pwd): $("$MLFLOW" autolog claude --status 2>&1 | redact | tr '\n' ' ')"
  else
    echo "tracing: unavailable ($(grep '^tracing=' "$STATUS_FILE" 2>/dev/null | cut -d= -f2- || echo 'not installed'))"
  fi
}

cmd_check_claude() {
  local rc=0 version problems
  echo "Claude Code on this cluster"
  if [[ -r "$STATUS_FILE" ]]; then
    echo "init status ($STATUS_FILE):"
    sed 's/^/  /' "$STATUS_FILE"
  else
    echo "init status: missing (the init script has not run here)"; rc=1
  fi
  if version="$("$LIB/npm/bin/claude" --version 2>/dev/null)"; then echo "claude: $BIN/claude ($version)"
  else echo "claude: NOT usable"; rc=1; fi
  echo "node: $("$BIN/node" --version 2>/dev/null || echo missing)"
  echo "session: $(session_kind), user $(id -un 2>/dev/null || echo "$USER")"
  echo "workspace: ${HOST:-unknown}"
  echo "models: $CLAUDE_CODE_MODEL (see $MANAGED)"
  if current_token >/dev/null; then echo "token: available from $TOKEN_SOURCE"
  else echo "token: NONE in this session (run claude-token --check for how to get one)"; rc=1; fi
  problems="$(config_problems)"
  if [[ -n "$problems" ]]; then echo "configuration problems:"; bullets "$problems"; rc=1
  else echo "configuration: ok"; fi
  tracing_state
  return "$rc"
}

cmd_claude_debug() {
  local name
  echo "== environment"
  for name in DATABRICKS_HOST CLAUDE_CODE_WORKSPACE_URL ANTHROPIC_BASE_URL ANTHROPIC_MODEL DATABRICKS_VIRTUAL_ENV PATH; do
    printf '%s=%s\n' "$name" "${!name:-}"
  done
  for name in DATABRICKS_TOKEN ANTHROPIC_AUTH_TOKEN ANTHROPIC_API_KEY DATABRICKS_CLIENT_SECRET; do
    printf '%s: %s\n' "$name" "$(secret_state "${!name:-}")"
  done
  { echo "== $MANAGED"; cat "$MANAGED" 2>/dev/null || echo "(none)"
    echo "== $SETTINGS"; cat "$SETTINGS" 2>/dev/null || echo "(none)"
    echo "== $CLAUDE_DIR"; ls -la "$CLAUDE_DIR" 2>/dev/null || echo "(none)"
    echo "== init status"; cat "$STATUS_FILE" 2>/dev/null || echo "(none)"
    echo "== init log (last 20 lines)"; tail -n 20 "$LOG_FILE" 2>/dev/null || echo "(none)"
  } | redact
}

cmd_refresh_token() {
  [[ "${1:-}" == --quiet ]] && QUIET=1
  if [[ -n "$(stored_token_keys)" ]]; then
    remove_stored_token || { err "cannot rewrite $SETTINGS; remove env.ANTHROPIC_AUTH_TOKEN there by hand"; return 1; }
    say "removed the stored token from $SETTINGS (your other settings are unchanged)"
  fi
  current_token >/dev/null || { no_token_help; return 1; }
  say "Claude Code asks claude-token for a token every 5 minutes and after a 401; now it comes from $TOKEN_SOURCE"
  [[ "$QUIET" == 1 ]] || refresh_note
}

cmd_token_status() {
  local keys
  if current_token >/dev/null; then echo "token source: $TOKEN_SOURCE"; else echo "token source: none in this session"; fi
  keys="$(stored_token_keys)"
  if [[ -n "$keys" ]]; then echo "stored token: $SETTINGS holds $keys (overrides the helper; run claude-refresh-token)"
  else echo "stored token: none (nothing on disk)"; fi
  if crontab -l 2>/dev/null | grep -qF "$CRON_TAG"; then echo "legacy refresh job: present (claude-remove-token-refresh removes it)"; fi
  echo "refresh: Claude Code runs $BIN/claude-token every 5 minutes and after a 401"
  refresh_note
}

# What the helper re-reads is only as fresh as its source: `databricks auth token` refreshes an OAuth login from the CLI's
# cache (databricks SDK credentials provider), but an SSH session's DATABRICKS_TOKEN is captured once when the session
# starts (databricks/cli experimental/ssh bootstrap) and is not renewed; it ends with the session (at most 24 h).
refresh_note() {
  if [[ -n "${DATABRICKS_TOKEN:-}" ]]; then
    echo "note: this session's DATABRICKS_TOKEN was fixed when the session started and is not renewed; when calls fail with 401, reconnect (or use databricks auth login)"
  fi
}

cmd_setup_token_refresh() {
  echo "No refresh job is installed: Claude Code runs $BIN/claude-token (its apiKeyHelper) every 5 minutes and after a"
  echo "401, and it reads the token again each time: this session's DATABRICKS_TOKEN, else the Databricks CLI login."
  echo "What refreshes: a 'databricks auth login' (OAuth) token, renewed from the CLI's cache (~/.databricks, lost on restart)."
  echo "What does not: an SSH or VS Code session's DATABRICKS_TOKEN, fixed when the session starts; reconnect to renew it."
  echo "No token is stored on disk, so no stored copy can go stale."
}

cmd_remove_token_refresh() {
  local current
  current="$(crontab -l 2>/dev/null || true)"
  if ! grep -qF "$CRON_TAG" <<<"$current"; then echo "no refresh job installed"; return 0; fi
  { grep -vF "$CRON_TAG" <<<"$current" || true; } | crontab -
  echo "refresh job removed"
}

# MLflow writes its Stop hook as a bare `mlflow autolog claude stop-hook` (or `uv run mlflow ...`; mlflow PR 21405, and
# `python -c "from mlflow.claude_code.hooks import ..."` before it). Claude Code runs hooks with /bin/sh and its own
# PATH, where `mlflow` is the runtime's (3.0.1 on DBR 17.3 LTS ML, no Claude Code hooks) or nothing: every MLflow hook
# of the project's settings is pointed at this cluster's tracing environment by absolute path, as ucode does.
point_hooks_at_env() {
  python3 - "$1/.claude/settings.json" "$MLFLOW" "$LIB/mlflow/bin/python" <<'PY'
import json, os, re, shlex, sys, tempfile
path, mlflow, python = sys.argv[1:4]
if not os.path.exists(path):
    sys.exit("MLflow wrote no " + path)
data = json.load(open(path))
cli = re.compile(r"^(?:uv run )?(?:\S*/)?mlflow (autolog claude .*)$")
legacy = re.compile(r"^(?:uv run )?(?:\S*/)?python3? (-c .*mlflow\.claude_code.*)$")
changed = 0
for groups in (data.get("hooks") or {}).values():
    for group in groups if isinstance(groups, list) else []:
        for hook in group.get("hooks", []) if isinstance(group, dict) else []:
            command = hook.get("command", "") if isinstance(hook, dict) else ""
            for pattern, program in ((cli, mlflow), (legacy, python)):
                m = pattern.match(command)
                if m:
                    hook["command"] = shlex.quote(program) + " " + m.group(1)
                    changed += 1
                    break
if not changed:
    sys.exit("no MLflow hook found in " + path)
mode = os.stat(path).st_mode & 0o777
fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".settings.")
with os.fdopen(fd, "w") as f:
    json.dump(data, f, indent=2)
    f.write("\n")
os.chmod(tmp, mode)
os.replace(tmp, path)
PY
}

# The MLflow command runs in the project folder without a DIRECTORY argument: 3.4 took it as an argument, the group
# form of later releases as -d/--directory, and both default to the current folder.
cmd_tracing() {
  local dir="${1:-.}"
  [[ -x "$MLFLOW" ]] || { err "tracing is not installed on this cluster: $(tracing_state)"; exit 1; }
  [[ -d "$dir" ]] || { err "no such folder: $dir"; return 1; }
  case "$CMD" in
    claude-tracing-enable)
      [[ -n "$HOST" ]] || { err "the workspace URL is unknown (no CLAUDE_CODE_WORKSPACE_URL, no DATABRICKS_HOST)"; return 1; }
      [[ -n "$EXPERIMENT_ID" ]] || { err "the cluster names no MLflow experiment (CLAUDE_CODE_TRACING_EXPERIMENT_ID)"; return 1; }
      (cd "$dir" && env DATABRICKS_HOST="${DATABRICKS_HOST:-$HOST}" MLFLOW_TRACKING_URI=databricks \
        ${WAREHOUSE:+"MLFLOW_TRACING_SQL_WAREHOUSE_ID=$WAREHOUSE"} \
        "$MLFLOW" autolog claude -u databricks -e "$EXPERIMENT_ID")
      point_hooks_at_env "$dir" || { err "MLflow's hook could not be pointed at $MLFLOW; tracing would run another mlflow"; return 1; }
      echo "tracing enabled for $dir -> experiment ${EXPERIMENT:-} (id $EXPERIMENT_ID)${WAREHOUSE:+ (SQL warehouse $WAREHOUSE)}"
      echo "the Stop hook runs $MLFLOW; it sends traces with this session's credentials (DATABRICKS_TOKEN or the CLI login)"
      current_token >/dev/null || echo "note: this session has no token, so traces cannot be sent (claude-token --check)" ;;
    claude-tracing-status) (cd "$dir" && "$MLFLOW" autolog claude --status) ;;
    claude-tracing-disable) (cd "$dir" && "$MLFLOW" autolog claude --disable) && echo "tracing disabled for $dir" ;;
  esac
}

warn_repos() {
  case "$(pwd -P)/" in
    /Repos/* | /Workspace/Repos/*)
      err "warning: $(pwd -P) is a Databricks Repos folder; keep active work in /Workspace/Users/<you>/ instead"
      return 1 ;;
  esac
}

cmd_git_init() {
  local url="${1:-}" dir="${2:-}"
  warn_repos || { err "refusing to set up git here"; return 1; }
  if [[ -n "$url" ]]; then
    git clone -- "$url" ${dir:+"$dir"}
    echo "cloned into ${dir:-$(basename "${url%.git}")}"
  elif git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "already a git repository: $(pwd)"
  else
    git init -b main
    echo "initialised a git repository in $(pwd)"
  fi
}

cmd_git_check() {
  [[ -z "${1:-}" ]] || cd "$1"
  echo "location: $(pwd -P)"
  warn_repos || true
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || { err "not a git repository: $(pwd)"; return 1; }
  local changes unpushed
  echo "branch: $(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo '(none)')"
  changes="$(git status --porcelain | wc -l)"
  echo "uncommitted changes: $changes"
  if git rev-parse --abbrev-ref '@{upstream}' >/dev/null 2>&1; then
    unpushed="$(git rev-list --count '@{upstream}..HEAD')"
    echo "unpushed commits: $unpushed"
  else
    echo "unpushed commits: no upstream branch set"
  fi
}

read_secret() {
  local spec="$1" scope key
  scope="${spec%%/*}" key="${spec#*/}"
  [[ -n "$scope" && -n "$key" && "$spec" == */* ]] || { err "--secret needs SCOPE/KEY"; return 1; }
  databricks secrets get-secret "$scope" "$key" -o json |
    python3 -c 'import base64,json,sys; print(base64.b64decode(json.load(sys.stdin)["value"]).decode().strip(), end="")'
}

cmd_git_auth() {
  local host=github.com user=git secret="" token=""
  while (($#)); do
    case "$1" in
      --host) host="${2:?--host needs a value}"; shift 2 ;;
      --user) user="${2:?--user needs a value}"; shift 2 ;;
      --secret) secret="${2:?--secret needs SCOPE/KEY}"; shift 2 ;;
      *) err "unknown argument: $1"; usage >&2; return 2 ;;
    esac
  done
  if [[ -n "$secret" ]]; then
    token="$(read_secret "$secret")" || { err "cannot read secret $secret"; return 1; }
  elif [[ -t 0 ]]; then
    read -r -s -p "Token for $user@$host (not echoed): " token; echo
  else
    IFS= read -r token || true
  fi
  [[ -n "$token" ]] || { err "empty token; nothing stored"; return 1; }
  (umask 077 && mkdir -p "$(dirname "$GIT_CREDENTIALS")")
  local tmp
  tmp="$(umask 077 && mktemp "$GIT_CREDENTIALS.XXXXXX")"
  { grep -v "@$host\$" "$GIT_CREDENTIALS" 2>/dev/null || true; printf 'https://%s:%s@%s\n' "$user" "$token" "$host"; } >"$tmp"
  chmod 600 "$tmp" && mv -f "$tmp" "$GIT_CREDENTIALS"
  git config --global "credential.https://$host.helper" "store --file=$GIT_CREDENTIALS"
  echo "git credentials for https://$host stored in $GIT_CREDENTIALS (mode 600; token redacted)"
}

# The interpreter a Remote-SSH session uses: DATABRICKS_VIRTUAL_ENV is the python binary itself (databricks ssh sets
# it to sys.executable); a folder (an environment's root) is accepted too.
python_interpreter() {
  local v="${DATABRICKS_VIRTUAL_ENV:-}" d
  if [[ -n "$v" ]]; then
    if [[ -f "$v" && -x "$v" ]]; then echo "$v"; return 0; fi
    if [[ -x "$v/bin/python" ]]; then echo "$v/bin/python"; return 0; fi
    err "DATABRICKS_VIRTUAL_ENV=$v is neither a python binary nor an environment folder"
  fi
  for d in /databricks/python3 /databricks/python*/pythonEnv-*; do [[ -x "$d/bin/python" ]] && { echo "$d/bin/python"; return 0; }; done
  return 1
}

cmd_vscode_setup() {
  cat <<EOF
Connect VS Code or Cursor to this cluster (Remote-SSH):
  1. On your machine, install the Databricks CLI (0.269 or later) and run: databricks auth login --host ${HOST:-<workspace-url>}
  2. Create the SSH config entry: databricks ssh setup --name <alias> --cluster <cluster-id>
  3. In VS Code: install "Remote - SSH", then "Remote-SSH: Connect to Host..." and pick <alias>.
  4. Open a folder under /Workspace/Users/<you>/ (not /Repos).
  5. Select the interpreter shown by claude-vscode-env; check with claude-vscode-check.
  6. In the remote terminal run check-claude, then claude. The session's DATABRICKS_TOKEN is Claude Code's token.
EOF
}

cmd_vscode_env() {
  python_interpreter || { err "no Databricks Python environment found"; return 1; }
}

cmd_vscode_check() {
  local py rc=0 mod
  py="$(python_interpreter)" || { err "no Databricks Python environment found"; return 1; }
  echo "interpreter: $py"
  for mod in pyspark pandas numpy mlflow databricks.sdk; do
    if "$py" -c "import $mod" >/dev/null 2>&1; then echo "  $mod: ok"; else echo "  $mod: missing"; rc=1; fi
  done
  return "$rc"
}

cmd_vscode_config() {
  local py interpreter=""
  py="$(python_interpreter 2>/dev/null || true)"
  [[ -z "$py" ]] || interpreter=",
  \"python.defaultInterpreterPath\": \"$py\""
  cat <<EOF
{
  "remote.SSH.defaultExtensions": ["ms-python.python", "ms-toolsai.jupyter"],
  "terminal.integrated.env.linux": { "PATH": "$BIN:\${env:PATH}" }$interpreter
}
EOF
}

main() {
  case "${1:-}" in -h | --help) [[ "$CMD" == claude ]] || { usage; return 0; } ;; esac
  case "$CMD" in
    claude) cmd_claude "$@" ;;
    check-claude | check-coding-assistants) cmd_check_claude ;;
    claude-debug) cmd_claude_debug ;;
    claude-token) cmd_token "$@" ;;
    claude-refresh-token) cmd_refresh_token "$@" ;;
    claude-token-status) cmd_token_status ;;
    claude-setup-token-refresh) cmd_setup_token_refresh ;;
    claude-remove-token-refresh) cmd_remove_token_refresh ;;
    claude-tracing-enable | claude-tracing-status | claude-tracing-disable) cmd_tracing "$@" ;;
    git-workspace-init) cmd_git_init "$@" ;;
    git-workspace-check) cmd_git_check "$@" ;;
    git-workspace-setup-auth) cmd_git_auth "$@" ;;
    claude-vscode-setup) cmd_vscode_setup ;;
    claude-vscode-env) cmd_vscode_env ;;
    claude-vscode-check) cmd_vscode_check ;;
    claude-vscode-config) cmd_vscode_config ;;
    *) usage; return 2 ;;
  esac
}

main "$@"
HELPERS
  local name
  for name in "${HELPER_NAMES[@]}" claude; do link ../lib/claude-code/claude-helpers "$BIN/$name"; done
  STATUS[helpers]="ok ${#HELPER_NAMES[@]} commands"
}

main() {
  case "${1:-}" in
    --print-pins) load_pins && print_pins && return 0 ;;
    -h | --help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' && return 0 ;;
    "") ;;
    *) echo "unknown argument: $1 (try --help)" >&2 && return 2 ;;
  esac
  [[ "$BUDGET" =~ ^[0-9]+$ ]] || { echo "CLAUDE_CODE_DOWNLOAD_BUDGET must be a number of seconds" >&2; return 1; }
  check_root
  INSTALLING=true
  trap 'on_error $LINENO' ERR
  load_pins
  HOST="$(normalize_host "${CLAUDE_CODE_WORKSPACE_URL:-}")"
  log "start (Node.js $NODE_VERSION, Claude Code $CLAUDE_CODE_VERSION, MLflow $MLFLOW_VERSION, root $ROOT/, offline=$OFFLINE)"
  case "${DB_IS_DRIVER:-}" in
    FALSE | false)
      STATUS[node_role]="worker: skipped (Claude Code is used on the driver only)"
      log "worker node: nothing to install"
      write_status ok
      return 0 ;;
  esac
  detect_arch
  check_offline_setup
  WORK="$(mktemp -d)"
  trap cleanup EXIT
  DEADLINE=$((SECONDS + BUDGET))
  ensure_packages
  write_config
  write_managed_settings
  install_helpers
  install_node
  if [[ "$NODE_READY" == true ]]; then install_claude; else STATUS[claude_code]="degraded: needs Node.js"; fi
  install_mlflow
  local result=ok value
  for value in "${STATUS[@]}"; do [[ "$value" == degraded* ]] && result=degraded; done
  write_status "$result"
  log "done: $result (claude ready: $CLAUDE_READY)"
}

main "$@"
