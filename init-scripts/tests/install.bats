#!/usr/bin/env bats
# The init script against stub commands: what it installs, idempotence, offline mode, integrity and failure policy.

setup() {
  load test_helper
  common_setup
}

@test "online install: pinned Node.js and Claude Code, helpers, config, status ok" {
  export DATABRICKS_TOKEN="$FAKE_TOKEN" CLAUDE_CODE_MODEL=databricks-claude-opus-4-1
  install_ok
  assert_no_token_leak
  for name in node npm npx claude check-claude claude-debug claude-refresh-token claude-token-status \
    claude-setup-token-refresh claude-remove-token-refresh claude-tracing-enable claude-tracing-status \
    claude-tracing-disable git-workspace-init git-workspace-check git-workspace-setup-auth claude-vscode-setup \
    claude-vscode-env claude-vscode-check claude-vscode-config; do
    [[ -x "$BIN/$name" ]] || fail "missing $BIN/$name"
  done
  run "$BIN/node" --version
  assert_output "v$NODE_V"
  run grep -x 'result=ok' "$STATUS"
  assert_success
  grep -q "verified sha256 of node-v$NODE_V-linux-x64.tar.xz" "$LOG"
  grep -q "verified integrity of anthropic-ai-claude-code-linux-x64-$CC_V.tgz" "$LOG"
  # downloads retry with timeouts, over https only; npm itself never goes to the network
  run grep -c -- '^curl .*--proto =https .*--max-time 900 --retry 4 ' "$STUB_LOG"
  assert_output 3
  grep -q -- '^npm install --global .*--offline --ignore-scripts' "$STUB_LOG"
  grep -qx 'node install.cjs' "$STUB_LOG"
  # config: model and experiment, no credentials, world-readable on purpose
  grep -qx "CLAUDE_CODE_MODEL='databricks-claude-opus-4-1'" "$CLAUDE_CODE_INSTALL_ROOT/etc/claude-code/env"
  grep -qx "CLAUDE_CODE_EXPERIMENT='/Workspace/Shared/claude-code-tracing'" "$CLAUDE_CODE_INSTALL_ROOT/etc/claude-code/env"
  [[ "$(stat -c %a "$CLAUDE_CODE_INSTALL_ROOT/etc/profile.d/claude-code.sh")" == 644 ]]
  [[ "$(stat -c %a "$LOG")" == 644 ]]
}

@test "profile.d snippet sets the serving endpoint and model in a POSIX shell, without a token" {
  install_ok
  run env -i HOME="$HOME" PATH=/usr/bin:/bin DATABRICKS_HOST="$DATABRICKS_HOST/" DATABRICKS_TOKEN="$FAKE_TOKEN" sh -c \
    ". '$CLAUDE_CODE_INSTALL_ROOT/etc/profile.d/claude-code.sh'; echo \"\$ANTHROPIC_BASE_URL|\$ANTHROPIC_MODEL|\$MLFLOW_EXPERIMENT_NAME|\${ANTHROPIC_AUTH_TOKEN:-none}\"; command -v check-claude"
  assert_success
  assert_line "$DATABRICKS_HOST/serving-endpoints/anthropic|databricks-claude-sonnet-4-5|/Workspace/Shared/claude-code-tracing|none"
  assert_line "$BIN/check-claude"
}

@test "second run changes nothing and succeeds" {
  install_ok
  snapshot() { find "$CLAUDE_CODE_INSTALL_ROOT" \( -type f -o -type l \) ! -name status ! -name '*.log' -printf '%p %m %T@ %l\n' | sort; }
  before="$(snapshot)"
  : >"$STUB_LOG"
  install_ok
  assert_equal "$(snapshot)" "$before"
  run grep -E '^(curl|npm|apt-get) ' "$STUB_LOG"
  assert_failure
  grep -q 'already installed' "$LOG"
}

@test "an install that does not report the pinned version fails the launch" {
  install_ok
  echo "CLAUDE_CODE_VERSION=2.1.331" >>"$CLAUDE_CODE_PINS_FILE"
  cp "$FIX/anthropic-ai-claude-code-$CC_V.tgz" "$FIX/anthropic-ai-claude-code-2.1.331.tgz"
  cp "$FIX/anthropic-ai-claude-code-linux-x64-$CC_V.tgz" "$FIX/anthropic-ai-claude-code-linux-x64-2.1.331.tgz"
  : >"$STUB_LOG"
  run "$INIT"
  # the npm stub installs 2.1.330, so the post-install version check must catch the mismatch
  assert_failure 1
  assert_output --partial "Claude Code 2.1.331 does not run after install"
}

@test "offline: installs from the artifacts folder with no network call" {
  make_artifacts
  install_ok
  run grep -E '^(curl|apt-get|pip|wget) ' "$STUB_LOG"
  assert_failure
  grep -q -- '^npm install .*--offline' "$STUB_LOG"
  grep -qx 'mode=offline' "$STATUS"
  grep -qx 'result=ok' "$STATUS"
  run "$BIN/claude" --version
  assert_line "2.1.330 (Claude Code)"
}

@test "offline: a missing artifact fails the launch and names the file" {
  make_artifacts
  rm "$ART/npm/anthropic-ai-claude-code-linux-x64-$CC_V.tgz"
  run "$INIT"
  assert_failure 1
  assert_output --partial "offline artifact missing: $ART/npm/anthropic-ai-claude-code-linux-x64-$CC_V.tgz"
  grep -qx 'result=failed' "$STATUS"
  run grep '^curl ' "$STUB_LOG"
  assert_failure
}

@test "offline: a tampered Node.js tarball fails the launch and installs nothing" {
  make_artifacts
  echo tampered >>"$ART/node/node-v$NODE_V-linux-x64.tar.xz"
  run "$INIT"
  assert_failure 1
  assert_output --partial "sha256 mismatch for node-v$NODE_V-linux-x64.tar.xz"
  [[ ! -e "$BIN/node" && ! -d "$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/node-v$NODE_V-linux-x64" ]]
  grep -q '^error=sha256 mismatch' "$STATUS"
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
  run "$BIN/check-claude"
  assert_failure 1
  assert_output --partial "result=degraded"
  assert_output --partial "claude: NOT usable"
}

@test "failed npm install of verified tarballs fails the launch" {
  export STUB_NPM_FAIL=1
  run "$INIT"
  assert_failure 1
  assert_output --partial "npm install of the verified Claude Code tarballs failed"
}

@test "missing OS tools are installed with apt-get online, and only degrade offline" {
  local sys="$T/sysbin" tool
  mkdir -p "$sys"
  for tool in bash env cat cp mv rm mkdir mktemp chmod ln readlink stat cmp date tee sed grep sort cut tar xz gzip \
    sha256sum openssl base64 dirname basename touch find; do
    ln -s "$(command -v "$tool")" "$sys/$tool"
  done
  ln -s "$STUBS/curl" "$sys/curl"
  rm "$STUBS/git"
  PATH="$STUBS:$sys" run "$INIT"
  assert_success
  grep -q '^apt-get .*install -y -qq --no-install-recommends git' "$STUB_LOG"
  grep -qx 'packages=ok' "$STATUS"
  make_artifacts
  : >"$STUB_LOG"
  rm -rf "$CLAUDE_CODE_INSTALL_ROOT"
  PATH="$STUBS:$sys" run "$INIT"
  assert_success
  grep -q '^packages=degraded: missing git' "$STATUS"
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

@test "without mlflow the install degrades but succeeds" {
  rm "$STUBS/mlflow"
  PATH="$STUBS:/usr/bin:/bin" install_ok
  grep -qx 'result=degraded' "$STATUS"
  grep -q '^mlflow=degraded' "$STATUS"
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
  assert_output --partial "CLAUDE_CODE_OFFLINE"
  unset CLAUDE_CODE_PINS_FILE
  run "$INIT" --print-pins
  assert_success
  assert_line "CLAUDE_CODE_VERSION=$CC_V"
  assert_line --regexp '^CLAUDE_CODE_INTEGRITY=sha512-[A-Za-z0-9+/]{86}==$'
  assert_line --regexp '^NODE_SHA256_X64=[0-9a-f]{64}$'
  run "$INIT" --bogus
  assert_failure 2
}

@test "the bundled script stays well under the 64 KB init script limit and is shellcheck clean" {
  (($(wc -c <"$INIT") < 40960))
  install_ok
  run shellcheck "$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/claude-helpers"
  assert_success
}
