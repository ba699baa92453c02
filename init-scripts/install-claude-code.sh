#!/usr/bin/env bash
# Cluster init script: installs a pinned Node.js and a pinned Claude Code, wired to the workspace's model serving,
# plus helper commands for the cluster's users. Runs as root on every node at each cluster start.
#
# Settings (cluster spark_env_vars):
#   MLFLOW_EXPERIMENT_NAME     default /Workspace/Shared/claude-code-tracing
#   CLAUDE_CODE_MODEL          default databricks-claude-sonnet-4-5
#   CLAUDE_CODE_OFFLINE        "true": install only from CLAUDE_CODE_ARTIFACTS_DIR, no network call at all
#   CLAUDE_CODE_ARTIFACTS_DIR  the volume folder written by stage-offline-artifacts.sh
#   CLAUDE_CODE_INSTALL_ROOT   where everything is written (default /; tests point it elsewhere)
#   CLAUDE_CODE_PINS_FILE      KEY=VALUE lines overriding the pins below (tests and version bumps)
#
# Failure policy (see README.md): a checksum or integrity mismatch, a broken offline setup, an unsupported CPU or an
# unwritable install root exits 1 and fails the cluster launch. A download that still fails after its retries, or a
# missing optional tool, only degrades: the cluster starts, and the status file (shown by check-claude) says what is off.
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
PIN_KEYS=(NODE_VERSION NODE_SHA256_X64 NODE_SHA256_ARM64 CLAUDE_CODE_VERSION CLAUDE_CODE_INTEGRITY
  CLAUDE_CODE_INTEGRITY_LINUX_X64 CLAUDE_CODE_INTEGRITY_LINUX_ARM64 NODE_DIST_URL NPM_REGISTRY_URL)
NODE_VERSION=22.12.0
NODE_SHA256_X64=22982235e1b71fa8850f82edd09cdae7e3f32df1764a9ec298c72d25ef2c164f
NODE_SHA256_ARM64=8cfd5a8b9afae5a2e0bd86b0148ca31d2589c0ea669c2d0b11c132e35d90ed68
CLAUDE_CODE_VERSION=2.1.330
CLAUDE_CODE_INTEGRITY=sha512-KQMl6kixLMGHRCDUhkUPebuBhw13MpxlH3+17QzHQx40FNVd1z3uFKUSqQXB5zF9vLQGcpoC/8wWe5R35lsWvQ==
CLAUDE_CODE_INTEGRITY_LINUX_X64=sha512-9Gn+V7DtJ8M1nztP9CeDVl9g3RtrepI7rOFTyPRRnZe8D6zebIHKmC7OvBauucuAP0X0k85SDN/LPVZyjsGezQ==
CLAUDE_CODE_INTEGRITY_LINUX_ARM64=sha512-V4yanAY5EA5UpwwRPtjSfqDbNqAlUJeVn3NYZw2AgmRHjdpSsLtHAzbxRXfkAnbjwTXzE0uedjQxUY02ARPcsA==
NODE_DIST_URL=https://nodejs.org/dist
NPM_REGISTRY_URL=https://registry.npmjs.org

# --- settings and paths -----------------------------------------------------------------------------------------
ROOT="${CLAUDE_CODE_INSTALL_ROOT:-/}"
ROOT="${ROOT%/}"
LIB="$ROOT/usr/local/lib/claude-code"
BIN="$ROOT/usr/local/bin"
ETC="$ROOT/etc/claude-code"
PROFILE_D="$ROOT/etc/profile.d/claude-code.sh"
STATE="$ROOT/var/lib/claude-code"
STATUS_FILE="$STATE/status"
LOG_FILE="$ROOT/var/log/claude-code-init.log"
HELPER_NAMES=(check-claude claude-debug claude-refresh-token claude-token-status claude-setup-token-refresh
  claude-remove-token-refresh claude-tracing-enable claude-tracing-status claude-tracing-disable
  git-workspace-init git-workspace-check git-workspace-setup-auth
  claude-vscode-setup claude-vscode-env claude-vscode-check claude-vscode-config)

MODEL="${CLAUDE_CODE_MODEL:-databricks-claude-sonnet-4-5}"
EXPERIMENT="${MLFLOW_EXPERIMENT_NAME:-/Workspace/Shared/claude-code-tracing}"
OFFLINE="${CLAUDE_CODE_OFFLINE:-false}"
ARTIFACTS="${CLAUDE_CODE_ARTIFACTS_DIR:-}"
CURL_OPTS=(--fail --silent --show-error --location --proto '=https' --tlsv1.2
  --connect-timeout 20 --max-time 900 --retry 4 --retry-delay 5 --retry-connrefused)

declare -A STATUS=()
WORK=""
ARCH=""
INSTALLING=false

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
    printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
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

# Tools the helpers use. Online only, and only what is missing; a failure degrades (git helpers, downloads).
ensure_packages() {
  local need=() tool pkg
  for tool in curl git xz; do
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
  if DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 -o Acquire::http::Timeout=60 update -qq >>"$LOG_FILE" 2>&1 &&
    DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends "${need[@]}" >>"$LOG_FILE" 2>&1; then
    STATUS[packages]=ok
  else
    degrade packages "apt-get install ${need[*]} failed"
  fi
}

# Puts the artifacts into $WORK: copied from the volume (offline) or downloaded (online). Returns 1 when a download
# fails after its retries; a missing offline artifact is fatal.
fetch() {
  local url="$1" name="$2" sub="$3"
  if [[ "$OFFLINE" == true ]]; then
    [[ -f "$ARTIFACTS/$sub/$name" ]] ||
      fatal "offline artifact missing: $ARTIFACTS/$sub/$name (run stage-offline-artifacts.sh and upload its output)"
    cp "$ARTIFACTS/$sub/$name" "$WORK/$name"
  else
    log "downloading $url"
    curl "${CURL_OPTS[@]}" -o "$WORK/$name" "$url" >>"$LOG_FILE" 2>&1 || {
      log "download failed after retries: $url"
      return 1
    }
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

install_node() {
  local name dir tarball
  name="$(node_name)"
  dir="$LIB/$name"
  if installed_node_ok; then
    log "Node.js $NODE_VERSION already installed"
  else
    tarball="$name.tar.xz"
    fetch "$NODE_DIST_URL/v$NODE_VERSION/$tarball" "$tarball" node || return 1
    verify_sha256 "$WORK/$tarball" "$(node_sha256)"
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    tar -xJf "$WORK/$tarball" -C "$dir.tmp" --strip-components=1 --no-same-owner || fatal "cannot extract $tarball"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
    installed_node_ok || fatal "Node.js $NODE_VERSION does not run after install"
    log "installed Node.js $NODE_VERSION into $dir"
  fi
  local tool
  for tool in node npm npx; do link "../lib/claude-code/$name/bin/$tool" "$BIN/$tool"; done
  STATUS[node]="ok $NODE_VERSION"
}

claude_pkg_dir() { echo "$LIB/npm/lib/node_modules/@anthropic-ai/claude-code"; }

installed_claude_ok() {
  local pkg
  pkg="$(claude_pkg_dir)"
  [[ -f "$pkg/package.json" ]] && grep -q "\"version\": *\"$CLAUDE_CODE_VERSION\"" "$pkg/package.json" &&
    "$LIB/npm/bin/claude" --version 2>/dev/null | grep -q "^$CLAUDE_CODE_VERSION"
}

install_claude() {
  local node_bin main platform
  node_bin="$LIB/$(node_name)/bin"
  if installed_claude_ok; then
    log "Claude Code $CLAUDE_CODE_VERSION already installed"
  else
    main="$(claude_tgz)" platform="$(platform_tgz)"
    fetch "$NPM_REGISTRY_URL/@anthropic-ai/claude-code/-/claude-code-$CLAUDE_CODE_VERSION.tgz" "$main" npm || return 1
    fetch "$NPM_REGISTRY_URL/@anthropic-ai/claude-code-linux-$ARCH/-/claude-code-linux-$ARCH-$CLAUDE_CODE_VERSION.tgz" \
      "$platform" npm || return 1
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
}

# Single-quotes a value for a file that POSIX sh sources.
sh_quote() { local q="'\\''"; printf "'%s'" "${1//\'/$q}"; }

write_config() {
  # Non-secret settings for the helpers and login shells. Never a token.
  {
    echo "# Written by the cluster init script at each start. No credentials here."
    printf 'CLAUDE_CODE_MODEL=%s\n' "$(sh_quote "$MODEL")"
    printf 'CLAUDE_CODE_EXPERIMENT=%s\n' "$(sh_quote "$EXPERIMENT")"
    printf 'CLAUDE_CODE_INIT_HOST=%s\n' "$(sh_quote "${DATABRICKS_HOST:-}")"
    printf 'CLAUDE_CODE_VERSION=%s\n' "$(sh_quote "$CLAUDE_CODE_VERSION")"
  } | install_file "$ETC/env" 644
  install_file "$PROFILE_D" 644 <<EOF
# Claude Code on Databricks model serving. No credentials here: the \`claude\` command writes the caller's token
# into ~/.claude/settings.json (mode 600) from DATABRICKS_TOKEN when it starts.
if [ -r "$ROOT/etc/claude-code/env" ]; then . "$ROOT/etc/claude-code/env"; fi
export MLFLOW_EXPERIMENT_NAME="\${MLFLOW_EXPERIMENT_NAME:-\$CLAUDE_CODE_EXPERIMENT}"
export ANTHROPIC_MODEL="\${ANTHROPIC_MODEL:-\$CLAUDE_CODE_MODEL}"
if [ -z "\${DATABRICKS_HOST:-}" ] && [ -n "\${CLAUDE_CODE_INIT_HOST:-}" ]; then export DATABRICKS_HOST="\$CLAUDE_CODE_INIT_HOST"; fi
if [ -n "\${DATABRICKS_HOST:-}" ]; then
  export ANTHROPIC_BASE_URL="\${DATABRICKS_HOST%/}/serving-endpoints/anthropic"
fi
case ":\$PATH:" in *":$BIN:"*) ;; *) export PATH="$BIN:\$PATH" ;; esac
EOF
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
STATUS_FILE="$ROOT/var/lib/claude-code/status"
LOG_FILE="$ROOT/var/log/claude-code-init.log"
CLAUDE_DIR="$HOME/.claude"
SETTINGS="$CLAUDE_DIR/settings.json"
GIT_CREDENTIALS="$HOME/.config/git/databricks-credentials"
CRON_TAG="# claude-code-token-refresh"
CLAUDE_CODE_MODEL=databricks-claude-sonnet-4-5
CLAUDE_CODE_EXPERIMENT=/Workspace/Shared/claude-code-tracing
CLAUDE_CODE_INIT_HOST=""
# shellcheck source=/dev/null
[[ ! -r "$ROOT/etc/claude-code/env" ]] || . "$ROOT/etc/claude-code/env"
EXPERIMENT="${MLFLOW_EXPERIMENT_NAME:-$CLAUDE_CODE_EXPERIMENT}"
MODEL="${ANTHROPIC_MODEL:-$CLAUDE_CODE_MODEL}"
HOST="${DATABRICKS_HOST:-$CLAUDE_CODE_INIT_HOST}"
HOST="${HOST%/}"
QUIET=0

say() { [[ "$QUIET" == 1 ]] || printf '%s\n' "$*"; }
err() { printf '%s: %s\n' "$CMD" "$*" >&2; }
secret_state() { if [[ -n "${1:-}" ]]; then echo "set (redacted)"; else echo "not set"; fi; }
json_escape() { local s="${1//\\/\\\\}"; s="${s//\"/\\\"}"; printf '%s' "$s"; }

# Prints a fresh token: DATABRICKS_TOKEN, else the Databricks CLI's OAuth login (`databricks auth login`).
current_token() {
  if [[ -n "${DATABRICKS_TOKEN:-}" ]]; then
    printf '%s' "$DATABRICKS_TOKEN"
  elif [[ -n "$HOST" ]] && command -v databricks >/dev/null 2>&1; then
    databricks auth token --host "$HOST" -o json 2>/dev/null |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"], end="")' 2>/dev/null
  fi
}

settings_token() {
  [[ -r "$SETTINGS" ]] || return 0
  sed -n 's/^ *"ANTHROPIC_AUTH_TOKEN": "\(.*\)",\{0,1\}$/\1/p' "$SETTINGS"
}

write_settings() {
  local token="$1" tmp
  [[ -n "$HOST" ]] || { err "DATABRICKS_HOST is not set: cannot point Claude Code at model serving"; return 1; }
  (umask 077 && mkdir -p "$CLAUDE_DIR")
  chmod 700 "$CLAUDE_DIR"
  tmp="$(umask 077 && mktemp "$CLAUDE_DIR/.settings.XXXXXX")"
  cat >"$tmp" <<JSON
{
  "env": {
    "ANTHROPIC_BASE_URL": "$(json_escape "$HOST/serving-endpoints/anthropic")",
    "ANTHROPIC_MODEL": "$(json_escape "$MODEL")",
    "ANTHROPIC_CUSTOM_HEADERS": "x-databricks-disable-beta-headers: true",
    "CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS": "1",
    "ANTHROPIC_AUTH_TOKEN": "$(json_escape "$token")"
  }
}
JSON
  chmod 600 "$tmp"
  mv -f "$tmp" "$SETTINGS"
}

# Writes settings.json when it is missing or holds another token than the current one.
ensure_settings() {
  local token
  token="$(current_token || true)"
  [[ -n "$token" ]] || return 1
  [[ -f "$SETTINGS" && "$(settings_token)" == "$token" && "$(stat -c %a "$SETTINGS")" == 600 ]] && return 0
  write_settings "$token"
}

usage() {
  local text
  case "$CMD" in
    claude) text="claude [args]: runs Claude Code after writing ~/.claude/settings.json (mode 600) from DATABRICKS_TOKEN." ;;
    check-claude) text="check-claude: installation status, versions and configuration (tokens redacted). Exit 1 if claude is unusable." ;;
    claude-debug) text="claude-debug: detailed configuration: environment, settings (token redacted), ~/.claude, init status and log tail." ;;
    claude-refresh-token) text="claude-refresh-token [--quiet]: rewrite ~/.claude/settings.json from DATABRICKS_TOKEN (or the Databricks CLI's OAuth login)." ;;
    claude-token-status) text="claude-token-status: whether settings.json exists, its age, whether it holds the current token, and the refresh job." ;;
    claude-setup-token-refresh) text="claude-setup-token-refresh: add an hourly crontab job running claude-refresh-token (needs \`databricks auth login\`)." ;;
    claude-remove-token-refresh) text="claude-remove-token-refresh: remove the hourly refresh job from your crontab." ;;
    claude-tracing-enable) text="claude-tracing-enable [dir]: trace Claude Code sessions in dir (default .) to the MLflow experiment \$MLFLOW_EXPERIMENT_NAME." ;;
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

cmd_claude() {
  local real="$LIB/npm/bin/claude"
  [[ -x "$real" ]] || { err "Claude Code is not installed; run check-claude"; exit 127; }
  ensure_settings || err "no DATABRICKS_TOKEN (or Databricks CLI login): Claude Code will not be authenticated"
  exec "$real" "$@"
}

cmd_check_claude() {
  local rc=0 version
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
  echo "DATABRICKS_HOST: ${HOST:-not set}"
  echo "DATABRICKS_TOKEN: $(secret_state "${DATABRICKS_TOKEN:-}")"
  echo "model: $MODEL"
  if [[ -f "$SETTINGS" ]]; then echo "settings: $SETTINGS (mode $(stat -c %a "$SETTINGS"))"
  else echo "settings: not written yet (written when claude first starts)"; fi
  echo "mlflow: $(command -v mlflow >/dev/null 2>&1 && echo present || echo 'absent (tracing unavailable)')"
  return "$rc"
}

cmd_claude_debug() {
  local name
  echo "== environment"
  for name in DATABRICKS_HOST MLFLOW_EXPERIMENT_NAME ANTHROPIC_BASE_URL ANTHROPIC_MODEL CLAUDE_CODE_MODEL PATH; do
    printf '%s=%s\n' "$name" "${!name:-}"
  done
  for name in DATABRICKS_TOKEN ANTHROPIC_AUTH_TOKEN ANTHROPIC_API_KEY; do
    printf '%s: %s\n' "$name" "$(secret_state "${!name:-}")"
  done
  echo "== $SETTINGS"
  if [[ -f "$SETTINGS" ]]; then
    sed 's/^\( *"ANTHROPIC_AUTH_TOKEN": \)".*"/\1"set (redacted)"/' "$SETTINGS"
  else echo "(none)"; fi
  echo "== $CLAUDE_DIR"
  ls -la "$CLAUDE_DIR" 2>/dev/null || echo "(none)"
  echo "== init status"
  cat "$STATUS_FILE" 2>/dev/null || echo "(none)"
  echo "== init log (last 20 lines)"
  tail -n 20 "$LOG_FILE" 2>/dev/null || echo "(none)"
}

cmd_refresh_token() {
  local token
  [[ "${1:-}" == --quiet ]] && QUIET=1
  token="$(current_token || true)"
  [[ -n "$token" ]] || { err "no token: set DATABRICKS_TOKEN or run \`databricks auth login --host <workspace>\`"; return 1; }
  write_settings "$token"
  say "settings.json rewritten for $HOST (token: set (redacted))"
}

cmd_token_status() {
  local current age
  if [[ ! -f "$SETTINGS" ]]; then echo "settings.json: missing (run claude-refresh-token)"
  else
    age=$(( ($(date +%s) - $(stat -c %Y "$SETTINGS")) / 60 ))
    echo "settings.json: present, mode $(stat -c %a "$SETTINGS"), written $age min ago"
    current="${DATABRICKS_TOKEN:-}"
    if [[ -z "$current" ]]; then echo "token: cannot compare (DATABRICKS_TOKEN not set)"
    elif [[ "$(settings_token)" == "$current" ]]; then echo "token: matches DATABRICKS_TOKEN"
    else echo "token: differs from DATABRICKS_TOKEN (run claude-refresh-token)"; fi
  fi
  if crontab -l 2>/dev/null | grep -qF "$CRON_TAG"; then echo "refresh job: hourly"; else echo "refresh job: off"; fi
}

cmd_setup_token_refresh() {
  [[ -n "$HOST" ]] || { err "DATABRICKS_HOST is not set"; return 1; }
  local line="0 * * * * DATABRICKS_HOST=$HOST $BIN/claude-refresh-token --quiet $CRON_TAG" current
  current="$(crontab -l 2>/dev/null || true)"
  if grep -qF "$CRON_TAG" <<<"$current"; then echo "refresh job already installed"; return 0; fi
  { [[ -z "$current" ]] || printf '%s\n' "$current"; echo "$line"; } | crontab -
  echo "refresh job installed (hourly). It uses the Databricks CLI login: run \`databricks auth login --host $HOST\` once."
}

cmd_remove_token_refresh() {
  local current
  current="$(crontab -l 2>/dev/null || true)"
  if ! grep -qF "$CRON_TAG" <<<"$current"; then echo "no refresh job installed"; return 0; fi
  { grep -vF "$CRON_TAG" <<<"$current" || true; } | crontab -
  echo "refresh job removed"
}

need_mlflow() { command -v mlflow >/dev/null 2>&1 || { err "mlflow is not installed on this cluster"; exit 1; }; }

cmd_tracing() {
  local dir="${1:-.}" exp="$EXPERIMENT"
  need_mlflow
  case "$CMD" in
    claude-tracing-enable)
      [[ -n "$HOST" ]] || { err "DATABRICKS_HOST is not set"; return 1; }
      mlflow autolog claude "$dir" -u databricks -n "$exp"
      echo "tracing enabled for $dir -> experiment $exp" ;;
    claude-tracing-status) mlflow autolog claude "$dir" --status ;;
    claude-tracing-disable) mlflow autolog claude "$dir" --disable && echo "tracing disabled for $dir" ;;
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

python_env() {
  if [[ -n "${DATABRICKS_VIRTUAL_ENV:-}" ]]; then echo "$DATABRICKS_VIRTUAL_ENV"; return 0; fi
  local d
  for d in /databricks/python3 /databricks/python*/pythonEnv-*; do [[ -x "$d/bin/python" ]] && { echo "$d"; return 0; }; done
  return 1
}

cmd_vscode_setup() {
  cat <<EOF
Connect VS Code or Cursor to this cluster (Remote-SSH):
  1. On your machine, install the Databricks CLI and run: databricks auth login --host ${HOST:-<workspace-url>}
  2. Create the SSH config entry: databricks ssh setup --name <alias> --cluster <cluster-id>
  3. In VS Code: install "Remote - SSH", then "Remote-SSH: Connect to Host..." and pick <alias>.
  4. Open a folder under /Workspace/Users/<you>/ (not /Repos).
  5. Select the interpreter shown by claude-vscode-env; check with claude-vscode-check.
  6. In the remote terminal run check-claude, then claude.
EOF
}

cmd_vscode_env() {
  local env
  env="$(python_env)" || { err "no Databricks Python environment found"; return 1; }
  echo "$env/bin/python"
}

cmd_vscode_check() {
  local env py rc=0 mod
  env="$(python_env)" || { err "no Databricks Python environment found"; return 1; }
  py="$env/bin/python"
  echo "interpreter: $py"
  for mod in pyspark pandas numpy mlflow databricks.sdk; do
    if "$py" -c "import $mod" >/dev/null 2>&1; then echo "  $mod: ok"; else echo "  $mod: missing"; rc=1; fi
  done
  return "$rc"
}

cmd_vscode_config() {
  local env interpreter=""
  env="$(python_env || true)"
  [[ -z "$env" ]] || interpreter=",
  \"python.defaultInterpreterPath\": \"$env/bin/python\""
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
    check-claude) cmd_check_claude ;;
    claude-debug) cmd_claude_debug ;;
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

check_optional_tools() {
  if command -v mlflow >/dev/null 2>&1; then STATUS[mlflow]=present; else degrade mlflow "absent: claude-tracing-* unavailable"; fi
}

main() {
  case "${1:-}" in
    --print-pins) load_pins && print_pins && return 0 ;;
    -h | --help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' && return 0 ;;
    "") ;;
    *) echo "unknown argument: $1 (try --help)" >&2 && return 2 ;;
  esac
  check_root
  INSTALLING=true
  trap 'on_error $LINENO' ERR
  load_pins
  log "start (Node.js $NODE_VERSION, Claude Code $CLAUDE_CODE_VERSION, root $ROOT/, offline=$OFFLINE)"
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
  ensure_packages
  write_config
  install_helpers
  if install_node; then
    install_claude || degrade claude_code "download failed after retries; Claude Code is not installed"
  else
    degrade node "download failed after retries; Node.js and Claude Code are not installed"
    STATUS[claude_code]="degraded: needs Node.js"
  fi
  check_optional_tools
  local result=ok value
  for value in "${STATUS[@]}"; do [[ "$value" == degraded* ]] && result=degraded; done
  write_status "$result"
  log "done: $result"
}

main "$@"
