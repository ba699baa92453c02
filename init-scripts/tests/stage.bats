#!/usr/bin/env bats
# The offline staging script against a stub curl and a stub Databricks CLI; its output feeds an offline install.

setup() {
  load test_helper
  common_setup
  OUT="$T/staged"
}

@test "stages verified artifacts with MANIFEST and SHA256SUMS, and an offline install from them works" {
  run "$STAGE" --out "$OUT"
  assert_success
  for f in node/node-v$NODE_V-linux-x64.tar.xz node/SHASUMS256.txt npm/anthropic-ai-claude-code-$CC_V.tgz \
    npm/anthropic-ai-claude-code-linux-x64-$CC_V.tgz MANIFEST SHA256SUMS; do
    [[ -s "$OUT/$f" ]] || fail "missing $f"
  done
  [[ ! -e "$OUT/npm/anthropic-ai-claude-code-linux-arm64-$CC_V.tgz" ]]
  grep -qx "NODE_VERSION=$NODE_V" "$OUT/MANIFEST"
  (cd "$OUT" && sha256sum --quiet -c SHA256SUMS)
  : >"$STUB_LOG"
  CLAUDE_CODE_OFFLINE=true CLAUDE_CODE_ARTIFACTS_DIR="$OUT" run "$INIT"
  assert_success
  run grep '^curl' "$STUB_LOG"
  assert_failure
}

@test "a re-run keeps verified files; --arch all adds arm64" {
  "$STAGE" --out "$OUT" 2>/dev/null
  : >"$STUB_LOG"
  run "$STAGE" --out "$OUT" --arch all
  assert_success
  assert_output --partial "already staged: npm/anthropic-ai-claude-code-linux-x64-$CC_V.tgz"
  [[ -s "$OUT/node/node-v$NODE_V-linux-arm64.tar.xz" && -s "$OUT/npm/anthropic-ai-claude-code-linux-arm64-$CC_V.tgz" ]]
  run grep -c '^curl' "$STUB_LOG"
  assert_output 3 # SHASUMS256.txt and the two arm64 files
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
  run "$STAGE" --arch sparc
  assert_failure 1
  run "$STAGE" --bogus
  assert_failure 1
}
