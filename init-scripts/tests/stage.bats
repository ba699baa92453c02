#!/usr/bin/env bats
# The offline staging script against a stub curl, pip and Databricks CLI; its output feeds an offline install.

setup() {
  load test_helper
  common_setup
  OUT="$T/staged"
  export STAGE_PYTHON="$STUBS/stage-python"
}

@test "stages both CPUs and the pinned MLflow's wheels (no lock), with MANIFEST and SHA256SUMS; an offline install from them works" {
  run "$STAGE" --out "$OUT"
  assert_success
  for f in node/node-v$NODE_V-linux-x64.tar.xz node/node-v$NODE_V-linux-arm64.tar.xz node/SHASUMS256.txt \
    npm/anthropic-ai-claude-code-$CC_V.tgz npm/anthropic-ai-claude-code-linux-x64-$CC_V.tgz \
    npm/anthropic-ai-claude-code-linux-arm64-$CC_V.tgz python/mlflow-$MLFLOW_V-py3-none-any.whl \
    python/databricks_sdk-0.67.0-py3-none-any.whl MANIFEST SHA256SUMS; do
    [[ -s "$OUT/$f" ]] || fail "missing $f"
  done
  grep -qx "NODE_VERSION=$NODE_V" "$OUT/MANIFEST"
  grep -qx "MLFLOW_VERSION=$MLFLOW_V" "$OUT/MANIFEST"
  (cd "$OUT" && sha256sum --quiet -c SHA256SUMS)
  grep -q -- "^stage-python -m pip download .*--python-version 3.12 .*--platform manylinux2014_aarch64 .* mlflow\[databricks\]==$MLFLOW_V\$" "$STUB_LOG"
  run grep -- '--require-hashes' "$STUB_LOG"
  assert_failure
  : >"$STUB_LOG"
  CLAUDE_CODE_OFFLINE=true CLAUDE_CODE_ARTIFACTS_DIR="$OUT" run "$INIT"
  assert_success
  grep -qx "tracing=ok mlflow $MLFLOW_V" "$STATUS"
  run grep '^curl' "$STUB_LOG"
  assert_failure
}

@test "an opt-in lock stages exactly its wheels, hash-checked; a missing lock or a wheel it does not match stops staging" {
  run "$STAGE" --out "$OUT" --arch x64 --mlflow-requirements "$LOCK"
  assert_success
  grep -q -- "^stage-python -m pip download .*--require-hashes --no-deps -r $LOCK" "$STUB_LOG"
  CLAUDE_CODE_MLFLOW_REQUIREMENTS="$LOCK" CLAUDE_CODE_OFFLINE=true CLAUDE_CODE_ARTIFACTS_DIR="$OUT" run "$INIT"
  assert_success
  grep -qx "tracing=ok mlflow $MLFLOW_V" "$STATUS"
  run "$STAGE" --out "$OUT" --arch x64 --mlflow-requirements "$T/none.txt"
  assert_failure 1
  assert_output --partial "no MLflow hash lock at $T/none.txt"
  echo tampered >>"$FIX/index/databricks_sdk-0.67.0-py3-none-any.whl"
  run "$STAGE" --out "$OUT" --arch x64 --mlflow-requirements "$LOCK"
  assert_failure 1
  assert_output --partial "pip could not download the locked MLflow wheels for x64"
}

@test "--lock-mlflow writes a hash lock that staging and the install accept" {
  run "$STAGE" --lock-mlflow "$T/lock.txt"
  assert_success
  grep -q -- "^stage-python -m pip download .*--platform manylinux_2_28_x86_64 .* mlflow\[databricks\]==$MLFLOW_V" "$STUB_LOG"
  grep -qx "mlflow==$MLFLOW_V \\\\" "$T/lock.txt"
  grep -qx "    --hash=sha256:$(sha256sum "$FIX/index/databricks_sdk-0.67.0-py3-none-any.whl" | cut -d' ' -f1)" "$T/lock.txt"
  run "$STAGE" --out "$OUT" --arch x64 --mlflow-requirements "$T/lock.txt"
  assert_success
  CLAUDE_CODE_MLFLOW_REQUIREMENTS="$T/lock.txt" CLAUDE_CODE_OFFLINE=true CLAUDE_CODE_ARTIFACTS_DIR="$OUT" run "$INIT"
  assert_success
}

@test "a re-run keeps verified files; the default adds arm64 to an x64-only folder" {
  "$STAGE" --out "$OUT" --arch x64 2>/dev/null
  : >"$STUB_LOG"
  run "$STAGE" --out "$OUT"
  assert_success
  assert_output --partial "already staged: npm/anthropic-ai-claude-code-linux-x64-$CC_V.tgz"
  [[ -s "$OUT/node/node-v$NODE_V-linux-arm64.tar.xz" && -s "$OUT/npm/anthropic-ai-claude-code-linux-arm64-$CC_V.tgz" ]]
  run grep -c '^curl' "$STUB_LOG"
  assert_output 3 # SHASUMS256.txt and the two arm64 files
}

@test "runs with macOS tools: shasum instead of sha256sum, base64 without -w" {
  local sys="$T/macbin" tool
  mkdir -p "$sys"
  for tool in bash env cat cp mv rm mkdir mktemp sed grep sort cut tr date dirname find head openssl; do
    ln -s "$(command -v "$tool")" "$sys/$tool"
  done
  ln -s "$STUBS/curl" "$sys/curl"
  # macOS shasum(1) -a 256 prints "<hash>  <file>"; its base64(1) has no -w (wraps nothing by default on stdout).
  printf '#!/usr/bin/env bash\n[[ "$1 $2" == "-a 256" ]] || exit 2\nshift 2\nexec %s "$@"\n' "$(command -v sha256sum)" >"$sys/shasum"
  printf '#!/usr/bin/env bash\n[[ "$*" != *-w* ]] || { echo "base64: invalid option -- w" >&2; exit 64; }\nexec %s "$@"\n' "$(command -v base64)" >"$sys/base64"
  chmod 755 "$sys/shasum" "$sys/base64"
  PATH="$sys" run "$STAGE" --out "$OUT" --arch x64
  assert_success
  (cd "$OUT" && sha256sum --quiet -c SHA256SUMS)
}

@test "a download failing its check leaves nothing staged for it and exits 1" {
  echo tampered >>"$FIX/anthropic-ai-claude-code-linux-x64-$CC_V.tgz"
  run "$STAGE" --out "$OUT"
  assert_failure 1
  assert_output --partial "checksum mismatch"
  [[ ! -e "$OUT/npm/anthropic-ai-claude-code-linux-x64-$CC_V.tgz" && ! -e "$OUT/npm/anthropic-ai-claude-code-linux-x64-$CC_V.tgz.partial" ]]
}

@test "a pinned Node.js hash that the release's SHASUMS256.txt contradicts is refused" {
  echo "0000  node-v$NODE_V-linux-x64.tar.xz" >"$FIX/SHASUMS256.txt"
  run "$STAGE" --out "$OUT"
  assert_failure 1
  assert_output --partial "does not match the release's SHASUMS256.txt"
}

@test "--upload copies the folder into a volume with the Databricks CLI" {
  run "$STAGE" --out "$OUT" --upload dbfs:/Volumes/main/tools/claude/offline --profile course
  assert_success
  grep -qx "databricks fs cp -r --overwrite $OUT dbfs:/Volumes/main/tools/claude/offline --profile course" "$STUB_LOG"
  assert_output --partial "CLAUDE_CODE_ARTIFACTS_DIR=/Volumes/main/tools/claude/offline"
  run "$STAGE" --out "$OUT" --upload dbfs:/FileStore/offline
  assert_failure 1
  assert_output --partial "must be a volume folder"
}

@test "--help and bad arguments" {
  run "$STAGE" --help
  assert_success
  assert_output --partial "Usage: stage-offline-artifacts.sh"
  assert_output --partial "--lock-mlflow"
  run "$STAGE" --arch sparc
  assert_failure 1
  run "$STAGE" --bogus
  assert_failure 1
}
