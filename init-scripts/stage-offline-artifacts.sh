#!/usr/bin/env bash
# Downloads, verifies and (optionally) uploads the artifacts that install-claude-code.sh needs in offline mode.
# Run it on a machine with internet access; the pins come from install-claude-code.sh itself.
#
# Usage: stage-offline-artifacts.sh [--out DIR] [--arch x64|arm64|all] [--upload dbfs:/Volumes/CAT/SCHEMA/VOL/DIR]
#                                   [--profile NAME]
#   --out      where to write the artifacts (default ./claude-code-offline)
#   --arch     CPU of the cluster's nodes (default x64; "all" stages both)
#   --upload   copy the folder into a Unity Catalog volume with `databricks fs cp -r --overwrite`
#   --profile  Databricks CLI profile for the upload
# Point the cluster's CLAUDE_CODE_ARTIFACTS_DIR at /Volumes/CAT/SCHEMA/VOL/DIR and set CLAUDE_CODE_OFFLINE=true.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT=./claude-code-offline
ARCHES=(x64)
TARGET=""
PROFILE=""
CURL_OPTS=(--fail --silent --show-error --location --proto '=https' --tlsv1.2
  --connect-timeout 20 --max-time 900 --retry 4 --retry-delay 5 --retry-connrefused)

log() { printf '[stage-offline] %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

parse_args() {
  while (($#)); do
    case "$1" in
      --out) OUT="${2:?--out needs a directory}" && shift 2 ;;
      --arch)
        case "${2:-}" in
          x64 | arm64) ARCHES=("$2") ;;
          all) ARCHES=(x64 arm64) ;;
          *) die "--arch must be x64, arm64 or all" ;;
        esac
        shift 2 ;;
      --upload) TARGET="${2:?--upload needs a dbfs:/Volumes/... path}" && shift 2 ;;
      --profile) PROFILE="${2:?--profile needs a name}" && shift 2 ;;
      -h | --help) usage && exit 0 ;;
      *) die "unknown argument: $1 (see --help)" ;;
    esac
  done
  [[ -z "$TARGET" || "$TARGET" == dbfs:/Volumes/*/*/*/* ]] ||
    die "--upload must be a volume folder: dbfs:/Volumes/<catalog>/<schema>/<volume>/<folder>"
}

load_pins() {
  local pins
  pins="$("$HERE/install-claude-code.sh" --print-pins)" || die "cannot read the pins of install-claude-code.sh"
  NODE_VERSION="$(pin NODE_VERSION)"
  NODE_SHA256_X64="$(pin NODE_SHA256_X64)"
  NODE_SHA256_ARM64="$(pin NODE_SHA256_ARM64)"
  CLAUDE_CODE_VERSION="$(pin CLAUDE_CODE_VERSION)"
  CLAUDE_CODE_INTEGRITY="$(pin CLAUDE_CODE_INTEGRITY)"
  CLAUDE_CODE_INTEGRITY_LINUX_X64="$(pin CLAUDE_CODE_INTEGRITY_LINUX_X64)"
  CLAUDE_CODE_INTEGRITY_LINUX_ARM64="$(pin CLAUDE_CODE_INTEGRITY_LINUX_ARM64)"
  NODE_DIST_URL="$(pin NODE_DIST_URL)"
  NPM_REGISTRY_URL="$(pin NPM_REGISTRY_URL)"
}
pin() { sed -n "s/^$1=//p" <<<"$pins"; }

sri_sha512() { printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }

# Downloads url to dest unless dest already exists and passes check (a function name and its argument).
download() {
  local url="$1" dest="$2" check="$3" want="$4"
  if [[ -f "$dest" ]] && "$check" "$dest" "$want" 2>/dev/null; then
    log "already staged: ${dest#"$OUT"/}"
    return 0
  fi
  log "downloading $url"
  curl "${CURL_OPTS[@]}" -o "$dest.partial" "$url" || die "download failed: $url"
  "$check" "$dest.partial" "$want" || {
    rm -f "$dest.partial"
    die "checksum mismatch for $url; nothing staged for it"
  }
  mv -f "$dest.partial" "$dest"
}
check_sha256() { [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]; }
check_sri() { [[ "$(sri_sha512 "$1")" == "$2" ]]; }
check_any() { [[ -s "$1" ]]; }

stage_node() {
  local arch="$1" name want
  name="node-v$NODE_VERSION-linux-$arch.tar.xz"
  want="$NODE_SHA256_X64"
  [[ "$arch" == x64 ]] || want="$NODE_SHA256_ARM64"
  grep -qx "$want  $name" "$OUT/node/SHASUMS256.txt" ||
    die "the pinned sha256 of $name does not match the release's SHASUMS256.txt"
  download "$NODE_DIST_URL/v$NODE_VERSION/$name" "$OUT/node/$name" check_sha256 "$want"
}

stage_claude() {
  local arch="$1" want="$CLAUDE_CODE_INTEGRITY_LINUX_X64"
  [[ "$arch" == x64 ]] || want="$CLAUDE_CODE_INTEGRITY_LINUX_ARM64"
  download "$NPM_REGISTRY_URL/@anthropic-ai/claude-code-linux-$arch/-/claude-code-linux-$arch-$CLAUDE_CODE_VERSION.tgz" \
    "$OUT/npm/anthropic-ai-claude-code-linux-$arch-$CLAUDE_CODE_VERSION.tgz" check_sri "$want"
}

write_manifest() {
  {
    echo "# Claude Code offline artifacts, written by stage-offline-artifacts.sh"
    echo "NODE_VERSION=$NODE_VERSION"
    echo "CLAUDE_CODE_VERSION=$CLAUDE_CODE_VERSION"
    echo "ARCHES=${ARCHES[*]}"
    echo "STAGED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  } >"$OUT/MANIFEST"
  (cd "$OUT" && find node npm -type f ! -name '*.partial' | sort | xargs sha256sum >SHA256SUMS)
  log "wrote $OUT/MANIFEST and $OUT/SHA256SUMS"
}

upload() {
  [[ -n "$TARGET" ]] || return 0
  command -v databricks >/dev/null 2>&1 || die "the Databricks CLI is needed for --upload"
  local args=(fs cp -r --overwrite "$OUT" "$TARGET")
  [[ -z "$PROFILE" ]] || args+=(--profile "$PROFILE")
  log "uploading to $TARGET"
  databricks "${args[@]}" || die "upload to $TARGET failed"
  log "uploaded; set CLAUDE_CODE_ARTIFACTS_DIR=${TARGET#dbfs:} and CLAUDE_CODE_OFFLINE=true on the cluster"
}

main() {
  parse_args "$@"
  load_pins
  mkdir -p "$OUT/node" "$OUT/npm"
  # SHASUMS256.txt is fetched fresh each run: it is the second, independent check of the pinned Node.js hashes.
  rm -f "$OUT/node/SHASUMS256.txt"
  download "$NODE_DIST_URL/v$NODE_VERSION/SHASUMS256.txt" "$OUT/node/SHASUMS256.txt" check_any ""
  download "$NPM_REGISTRY_URL/@anthropic-ai/claude-code/-/claude-code-$CLAUDE_CODE_VERSION.tgz" \
    "$OUT/npm/anthropic-ai-claude-code-$CLAUDE_CODE_VERSION.tgz" check_sri "$CLAUDE_CODE_INTEGRITY"
  local arch
  for arch in "${ARCHES[@]}"; do
    stage_node "$arch"
    stage_claude "$arch"
  done
  write_manifest
  upload
  log "staged Node.js $NODE_VERSION and Claude Code $CLAUDE_CODE_VERSION (${ARCHES[*]}) in $OUT"
}

main "$@"
