#!/usr/bin/env bats
# The init script in the environment a real init script has (no DATABRICKS_HOST, no token), against stub commands:
# what it installs, idempotence, offline mode, integrity and every branch of the failure policy.

setup() {
  load test_helper
  common_setup
}

@test "online install without host or token: pinned tools, managed settings, no credential anywhere" {
  export CLAUDE_CODE_MODEL=databricks-claude-sonnet-4-5 CLAUDE_CODE_HAIKU_MODEL=my-haiku CLAUDE_CODE_SQL_WAREHOUSE_ID=abc123
  install_ok
  for name in node npm npx claude claude-token check-claude check-coding-assistants claude-debug claude-refresh-token \
    claude-token-status claude-setup-token-refresh claude-remove-token-refresh claude-tracing-enable \
    claude-tracing-status claude-tracing-disable git-workspace-init git-workspace-check git-workspace-setup-auth \
    claude-vscode-setup claude-vscode-env claude-vscode-check claude-vscode-config; do
    [[ -x "$BIN/$name" ]] || fail "missing $BIN/$name"
  done
  run grep -x 'result=ok' "$STATUS"
  assert_success
  grep -q "verified sha256 of node-v$NODE_V-linux-x64.tar.xz" "$LOG"
  grep -q "verified integrity of anthropic-ai-claude-code-linux-x64-$CC_V.tgz" "$LOG"
  # downloads: https only, retries, a per-transfer limit, inside the overall budget (timeout); npm stays offline
  run grep -c -- '^curl .*--proto =https .*--max-time 600 --retry 4 ' "$STUB_LOG"
  assert_output 3
  grep -q 'at most [0-9]*s left' "$LOG"
  grep -q -- '^npm install --global .*--offline --ignore-scripts' "$STUB_LOG"
  # managed settings: every user, highest precedence; the token comes from the helper at run time
  [[ "$(stat -c %a "$MANAGED")" == 644 ]]
  run jq -r '.apiKeyHelper, .env.ANTHROPIC_BASE_URL, .env.ANTHROPIC_MODEL, .env.ANTHROPIC_DEFAULT_SONNET_MODEL,
    .env.ANTHROPIC_DEFAULT_OPUS_MODEL, .env.ANTHROPIC_DEFAULT_HAIKU_MODEL, .env.ANTHROPIC_CUSTOM_HEADERS,
    .env.CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS, .env.DISABLE_AUTOUPDATER, .env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC,
    (.permissions.deny | join(","))' "$MANAGED"
  assert_output "$BIN/claude-token
$WORKSPACE/serving-endpoints/anthropic
databricks-claude-sonnet-4-5
databricks-claude-sonnet-4-5
databricks-claude-opus-4-5
my-haiku
x-databricks-use-coding-agent-mode: true
1
1
1
WebSearch"
  run jq -r '.env | keys[]' "$MANAGED"
  refute_output --partial TOKEN
  refute_output --partial API_KEY
  # tracing, on by default: the exact MLflow pin in its own environment with pip's normal resolver (no hash lock
  # unless one is given); not on PATH, no cluster-wide experiment variable
  grep -qx -- "venv-python -m pip install --no-cache-dir --disable-pip-version-check --no-input --only-binary=:all: mlflow\[databricks\]==$MLFLOW_V --timeout 60 --retries 3" "$STUB_LOG"
  run grep -- '--require-hashes' "$STUB_LOG"
  assert_failure
  grep -qx "tracing=ok mlflow $MLFLOW_V" "$STATUS"
  grep -qx "CLAUDE_CODE_TRACING_EXPERIMENT_ID='$EXPERIMENT_ID'" "$CLAUDE_CODE_INSTALL_ROOT/etc/claude-code/env"
  [[ ! -e "$BIN/mlflow" ]]
  grep -qx "CLAUDE_CODE_SQL_WAREHOUSE_ID='abc123'" "$CLAUDE_CODE_INSTALL_ROOT/etc/claude-code/env"
  run grep -r MLFLOW_EXPERIMENT_NAME "$CLAUDE_CODE_INSTALL_ROOT/etc"
  assert_failure
  [[ "$(stat -c %a "$LOG")" == 644 ]]
}

@test "the workspace URL is fixed up without a scheme; without one the install degrades and says so" {
  CLAUDE_CODE_WORKSPACE_URL=adb-123.azuredatabricks.net/ run "$INIT"
  assert_success
  assert_equal "$(jq -r .env.ANTHROPIC_BASE_URL "$MANAGED")" "$WORKSPACE/serving-endpoints/anthropic"
  unset CLAUDE_CODE_WORKSPACE_URL
  install_ok
  assert_equal "$(jq -r '.env.ANTHROPIC_BASE_URL // "absent"' "$MANAGED")" absent
  grep -q '^workspace=degraded: CLAUDE_CODE_WORKSPACE_URL not set' "$STATUS"
}

@test "login shells get PATH only; the profile snippet holds no configuration or credential" {
  install_ok
  run env -i HOME="$HOME" PATH=/usr/bin:/bin sh -c ". '$CLAUDE_CODE_INSTALL_ROOT/etc/profile.d/claude-code.sh'; command -v check-claude; env"
  assert_success
  assert_line "$BIN/check-claude"
  refute_output --partial ANTHROPIC
  refute_output --partial MLFLOW
}

@test "second run changes nothing and downloads nothing" {
  install_ok
  snapshot() { find "$CLAUDE_CODE_INSTALL_ROOT" \( -type f -o -type l \) ! -name status ! -name '*.log' -printf '%p %m %T@ %l\n' | sort; }
  before="$(snapshot)"
  : >"$STUB_LOG"
  install_ok
  assert_equal "$(snapshot)" "$before"
  run grep -E '^(curl|npm|apt-get|runtime-python3|venv-python -m pip) ' "$STUB_LOG"
  assert_failure
  grep -q 'already installed' "$LOG"
}

@test "an install that does not report the pinned version fails the launch" {
  install_ok
  echo "CLAUDE_CODE_VERSION=2.1.331" >>"$CLAUDE_CODE_PINS_FILE"
  cp "$FIX/anthropic-ai-claude-code-$CC_V.tgz" "$FIX/anthropic-ai-claude-code-2.1.331.tgz"
  cp "$FIX/anthropic-ai-claude-code-linux-x64-$CC_V.tgz" "$FIX/anthropic-ai-claude-code-linux-x64-2.1.331.tgz"
  run "$INIT"
  # the npm stub installs 2.1.330, so the post-install version check must catch the mismatch
  assert_failure 1
  assert_output --partial "Claude Code 2.1.331 does not run after install"
}

@test "offline: installs Node.js, Claude Code and the MLflow wheels from the artifacts folder with no network call" {
  make_artifacts
  install_ok
  run grep -E '^(curl|apt-get|wget) ' "$STUB_LOG"
  assert_failure
  grep -q -- '^npm install .*--offline' "$STUB_LOG"
  grep -q -- "^venv-python -m pip install .* --no-index --find-links $ART/python" "$STUB_LOG"
  grep -qx 'mode=offline' "$STATUS"
  grep -qx 'result=ok' "$STATUS"
  grep -qx "tracing=ok mlflow $MLFLOW_V" "$STATUS"
  run "$BIN/claude" --version
  assert_line "2.1.330 (Claude Code)"
}

@test "offline: a missing or unreadable artifact fails the launch and names the file" {
  make_artifacts
  rm "$ART/npm/anthropic-ai-claude-code-linux-x64-$CC_V.tgz"
  run "$INIT"
  assert_failure 1
  assert_output --partial "offline artifact missing: $ART/npm/anthropic-ai-claude-code-linux-x64-$CC_V.tgz"
  grep -qx 'result=failed' "$STATUS"
  # A file that exists but cannot be read (as a volume read error would be): root reads anything, /proc/self/mem not.
  ln -s /proc/self/mem "$ART/npm/anthropic-ai-claude-code-linux-x64-$CC_V.tgz"
  run "$INIT"
  assert_failure 1
  assert_output --partial "cannot copy offline artifact $ART/npm/anthropic-ai-claude-code-linux-x64-$CC_V.tgz"
  run grep '^curl ' "$STUB_LOG"
  assert_failure
}

@test "offline: a tampered Node.js tarball fails the launch" {
  make_artifacts
  echo tampered >>"$ART/node/node-v$NODE_V-linux-x64.tar.xz"
  run "$INIT"
  assert_failure 1
  assert_output --partial "sha256 mismatch for node-v$NODE_V-linux-x64.tar.xz"
  [[ ! -e "$BIN/node" && ! -d "$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/node-v$NODE_V-linux-x64" ]]
  grep -q '^error=sha256 mismatch' "$STATUS"
}

@test "offline: staged without MLflow wheels (or a lock, or for another MLflow) the cluster still starts, tracing degraded" {
  make_artifacts
  rm -rf "$ART/python"
  run "$INIT"
  assert_success
  grep -qx 'result=degraded' "$STATUS"
  grep -q "^tracing=degraded: no staged MLflow wheels in $ART/python" "$STATUS"
  grep -qx "claude_code=ok $CC_V" "$STATUS"
  [[ ! -e "$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/mlflow" ]]
  # wheels staged for another MLflow version
  mkdir -p "$ART/python" && cp "$FIX"/index/*.whl "$ART/python/"
  sed -i 's/^MLFLOW_VERSION=.*/MLFLOW_VERSION=3.4.0/' "$ART/MANIFEST"
  run "$INIT"
  assert_success
  grep -q "^tracing=degraded: the staged MLflow wheels are not for MLflow $MLFLOW_V" "$STATUS"
  # a hash lock given, and a staged wheel it does not match: pip refuses, the launch goes on
  sed -i "s/^MLFLOW_VERSION=.*/MLFLOW_VERSION=$MLFLOW_V/" "$ART/MANIFEST"
  echo tampered >>"$ART/python/databricks_sdk-0.67.0-py3-none-any.whl"
  CLAUDE_CODE_MLFLOW_REQUIREMENTS="$LOCK" run "$INIT"
  assert_success
  grep -q '^tracing=degraded: pip refused the staged MLflow wheels' "$STATUS"
  grep -q "DO NOT MATCH THE HASHES" "$LOG"
  # the same with a lock that is not there
  CLAUDE_CODE_MLFLOW_REQUIREMENTS="$T/volume/missing.txt" run "$INIT"
  assert_success
  grep -q "^tracing=degraded: the MLflow hash lock $T/volume/missing.txt is not readable" "$STATUS"
  run grep -c '^error=' "$STATUS"
  assert_output 0
}

@test "offline: artifacts staged for other versions, no folder, or no MANIFEST fail clearly" {
  make_artifacts
  sed -i "s/^CLAUDE_CODE_VERSION=.*/CLAUDE_CODE_VERSION=1.0.0/" "$ART/MANIFEST"
  run "$INIT"
  assert_failure 1
  assert_output --partial "staged for other versions"
  rm "$ART/MANIFEST"
  run "$INIT"
  assert_failure 1
  assert_output --partial "has no MANIFEST"
  CLAUDE_CODE_ARTIFACTS_DIR="$T/nowhere" run "$INIT"
  assert_failure 1
  assert_output --partial "offline artifacts folder not found"
  unset CLAUDE_CODE_ARTIFACTS_DIR
  run "$INIT"
  assert_failure 1
  assert_output --partial "CLAUDE_CODE_ARTIFACTS_DIR is not set"
}

@test "online: a Claude Code tarball failing its integrity check fails the launch" {
  echo tampered >>"$FIX/anthropic-ai-claude-code-$CC_V.tgz"
  run "$INIT"
  assert_failure 1
  assert_output --partial "integrity mismatch for anthropic-ai-claude-code-$CC_V.tgz"
  run grep '^npm install' "$STUB_LOG"
  assert_failure
  [[ ! -e "$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/npm/bin/claude" ]]
}

@test "online: downloads failing after retries only degrade; check-claude reports it" {
  export STUB_CURL_FAIL=1
  install_ok
  grep -qx 'result=degraded' "$STATUS"
  grep -q '^node=degraded: download failed' "$STATUS"
  grep -q '^claude_code=degraded: needs Node.js' "$STATUS"
  run "$BIN/check-claude"
  assert_failure 1
  assert_output --partial "result=degraded"
  assert_output --partial "claude: NOT usable"
}

@test "online: an exhausted download budget stops downloading and degrades" {
  CLAUDE_CODE_DOWNLOAD_BUDGET=0 run "$INIT"
  assert_success
  run grep '^curl' "$STUB_LOG"
  assert_failure
  grep -q 'download budget of 0s used up' "$LOG"
  grep -q "^tracing=degraded: pip install of MLflow $MLFLOW_V failed or ran out of time" "$STATUS"
  CLAUDE_CODE_DOWNLOAD_BUDGET=soon run "$INIT"
  assert_failure 1
}

@test "tracing not asked for: tracing=off, result=ok, nothing of MLflow installed" {
  CLAUDE_CODE_TRACING=off run "$INIT"
  assert_success
  grep -qx 'result=ok' "$STATUS"
  grep -qx 'tracing=off (not asked for)' "$STATUS"
  run grep -E '^(runtime-python3|venv-python) ' "$STUB_LOG"
  assert_failure
  run "$BIN/claude-tracing-enable"
  assert_failure 1
  assert_output --partial "tracing is not installed on this cluster"
  assert_output --partial "off (not asked for)"
}

@test "tracing: an unreachable index or a broken venv degrades and never fails the launch" {
  STUB_PIP_FAIL=1 run "$INIT"
  assert_success
  grep -qx 'result=degraded' "$STATUS"
  grep -q "^tracing=degraded: pip install of MLflow $MLFLOW_V failed" "$STATUS"
  [[ ! -e "$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/mlflow" ]]
  STUB_VENV_FAIL=1 run "$INIT"
  assert_success
  grep -q '^tracing=degraded: .* -m venv failed' "$STATUS"
}

@test "tracing: the hash lock is opt-in; given, pip runs with --require-hashes; a lock for another version degrades" {
  CLAUDE_CODE_MLFLOW_REQUIREMENTS="$LOCK" run "$INIT"
  assert_success
  grep -q -- "^venv-python -m pip install .* --require-hashes --no-deps -r $LOCK" "$STUB_LOG"
  grep -qx "tracing=ok mlflow $MLFLOW_V" "$STATUS"
  rm -rf "$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/mlflow"
  sed -i "s/^mlflow==$MLFLOW_V/mlflow==3.9.0/" "$LOCK"
  CLAUDE_CODE_MLFLOW_REQUIREMENTS="$LOCK" run "$INIT"
  assert_success
  grep -q "^tracing=degraded: the MLflow hash lock $LOCK does not pin mlflow==$MLFLOW_V" "$STATUS"
}

@test "failed npm install of verified tarballs fails the launch" {
  export STUB_NPM_FAIL=1
  run "$INIT"
  assert_failure 1
  assert_output --partial "npm install of the verified Claude Code tarballs failed"
}

@test "set -e applies inside the install steps: an unexpected failure there fails the launch" {
  # ln failing while Node.js is linked into /usr/local/bin: unchecked in the step, so only errexit can catch it.
  stub ln '[[ "$*" != *bin/node* ]] || exit 1; exec /bin/ln "$@"'
  run "$INIT"
  assert_failure 1
  assert_output --partial "unexpected failure at line"
  grep -qx 'result=failed' "$STATUS"
}

@test "missing OS tools (tmux too) are installed with apt-get online, and only degrade offline" {
  local sys="$T/sysbin" tool
  mkdir -p "$sys"
  for tool in bash env cat cp mv rm mkdir mktemp chmod ln readlink stat cmp date tee sed grep sort cut tar xz gzip \
    sha256sum openssl base64 tr dirname basename touch find head timeout; do
    ln -s "$(command -v "$tool")" "$sys/$tool"
  done
  ln -s "$STUBS/curl" "$sys/curl"
  rm "$STUBS/git"
  PATH="$STUBS:$sys" run "$INIT"
  assert_success
  grep -q '^apt-get .*install -y -qq --no-install-recommends git tmux' "$STUB_LOG"
  grep -qx 'packages=ok' "$STATUS"
  make_artifacts
  : >"$STUB_LOG"
  rm -rf "$CLAUDE_CODE_INSTALL_ROOT"
  PATH="$STUBS:$sys" run "$INIT"
  assert_success
  grep -q '^packages=degraded: missing git tmux' "$STATUS"
  run grep '^apt-get' "$STUB_LOG"
  assert_failure
}

@test "worker nodes install nothing" {
  DB_IS_DRIVER=FALSE run "$INIT"
  assert_success
  [[ ! -e "$BIN/claude" ]]
  grep -q '^node_role=worker' "$STATUS"
  run grep '^curl' "$STUB_LOG"
  assert_failure
}

@test "arm64 nodes get the arm64 artifacts; other CPUs fail the launch" {
  STUB_UNAME=aarch64 run "$INIT"
  assert_success
  grep -q 'curl .*claude-code-linux-arm64-2.1.330.tgz' "$STUB_LOG"
  [[ -L "$BIN/node" && "$(readlink "$BIN/node")" == *linux-arm64* ]]
  STUB_UNAME=s390x run "$INIT"
  assert_failure 1
  assert_output --partial "unsupported CPU architecture: s390x"
}

@test "an unwritable install root fails with a clear message" {
  CLAUDE_CODE_INSTALL_ROOT=/proc/claude-code-test run "$INIT"
  assert_failure 1
  assert_output --partial "is not writable"
}

@test "a malformed pins file is rejected" {
  echo 'NODE_SHA256_X64=$(reboot)' >"$CLAUDE_CODE_PINS_FILE"
  run "$INIT"
  assert_failure 1
  assert_output --partial "bad line in pins file"
  echo 'EVIL=1' >"$CLAUDE_CODE_PINS_FILE"
  run "$INIT" --print-pins
  assert_failure 1
}

@test "--help, --print-pins and bad arguments" {
  run "$INIT" --help
  assert_success
  assert_output --partial "CLAUDE_CODE_WORKSPACE_URL"
  unset CLAUDE_CODE_PINS_FILE
  run "$INIT" --print-pins
  assert_success
  assert_line "CLAUDE_CODE_VERSION=$CC_V"
  assert_line "MLFLOW_VERSION=$MLFLOW_V"
  assert_line --regexp '^CLAUDE_CODE_INTEGRITY=sha512-[A-Za-z0-9+/]{86}==$'
  assert_line --regexp '^NODE_SHA256_X64=[0-9a-f]{64}$'
  run "$INIT" --bogus
  assert_failure 2
}

@test "the bundled script stays under the 64 KB init script limit and is shellcheck clean" {
  (($(wc -c <"$INIT") < 57344))
  install_ok
  run shellcheck "$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/claude-helpers"
  assert_success
}
