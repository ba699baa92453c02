#!/usr/bin/env bash
# Downloads, verifies and (optionally) uploads the artifacts that install-claude-code.sh needs in offline mode.
# Run it on a machine with internet access; the pins come from install-claude-code.sh itself.
#
# Usage: stage-offline-artifacts.sh [--out DIR] [--arch x64|arm64|all] [--mlflow-requirements FILE]
#                                   [--upload dbfs:/Volumes/CAT/SCHEMA/VOL/DIR] [--profile NAME]
#        stage-offline-artifacts.sh --lock-mlflow FILE
#   --out                  where to write the artifacts (default ./claude-code-offline)
#   --arch                 CPU of the cluster's nodes (default all: the stack picks the node type per workspace, and a
#                          node type set by hand may be ARM64, such as Azure's Standard_D8pds_v6 or AWS Graviton)
#   --mlflow-requirements  an opt-in hash lock of the tracing MLflow; without it, the pinned mlflow[databricks] and its
#                          dependencies as pip resolves them. The wheels go to python/ for Python 3.12 (DBR 17.3 LTS)
#   --upload               copy the folder into a Unity Catalog volume with `databricks fs cp -r --overwrite`
#   --profile              Databricks CLI profile for the upload
#   --lock-mlflow FILE     resolve the pinned MLflow and its dependencies for both CPUs and write their hash lock
# Point the cluster's CLAUDE_CODE_ARTIFACTS_DIR at /Volumes/CAT/SCHEMA/VOL/DIR and set CLAUDE_CODE_OFFLINE=true.
# Runs on Linux and macOS (sha256sum or shasum, either base64).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT=./claude-code-offline
ARCHES=(x64 arm64)
TARGET=""
PROFILE=""
LOCK_OUT=""
REQUIREMENTS=""
PYTHON="${STAGE_PYTHON:-python3}"
# The Databricks Runtime 17.3 LTS interpreter (its release notes: Python 3.12) and the Linux wheel tags it accepts.
PY_VERSION=3.12
CURL_OPTS=(--fail --silent --show-error --location --proto '=https' --tlsv1.2
  --connect-timeout 20 --max-time 900 --retry 4 --retry-delay 5 --retry-connrefused)

log() { printf '[stage-offline] %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
usage() { sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

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
      --mlflow-requirements) REQUIREMENTS="${2:?--mlflow-requirements needs a file}" && shift 2 ;;
      --lock-mlflow) LOCK_OUT="${2:?--lock-mlflow needs a file}" && shift 2 ;;
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
  MLFLOW_PACKAGE="$(pin MLFLOW_PACKAGE)"
  MLFLOW_VERSION="$(pin MLFLOW_VERSION)"
}
pin() { sed -n "s/^$1=//p" <<<"$pins"; }

# GNU coreutils on Linux, shasum and a base64 without -w on macOS.
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}
sri_sha512() { printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 | tr -d '\n')"; }

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
check_sha256() { [[ "$(sha256_of "$1")" == "$2" ]]; }
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
    echo "MLFLOW_VERSION=$MLFLOW_VERSION"
    echo "ARCHES=${ARCHES[*]}"
    echo "STAGED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  } >"$OUT/MANIFEST"
  local file dirs=(node npm)
  [[ ! -d "$OUT/python" ]] || dirs+=(python)
  (cd "$OUT" && find "${dirs[@]}" -type f ! -name '*.partial' | sort | while IFS= read -r file; do
    printf '%s  %s\n' "$(sha256_of "$file")" "$file"
  done >SHA256SUMS)
  log "wrote $OUT/MANIFEST and $OUT/SHA256SUMS"
}

# pip's --platform does not widen manylinux tags by itself, so every glibc level the runtime accepts is listed.
# (Plain loops and arrays only: macOS ships bash 3.2.)
pip_download() {
  local arch="$1" dest="$2" cpu=x86_64 tag args=()
  shift 2
  [[ "$arch" == x64 ]] || cpu=aarch64
  for tag in manylinux2014 manylinux_2_17 manylinux_2_28 manylinux_2_34; do args+=(--platform "${tag}_$cpu"); done
  "$PYTHON" -m pip download --disable-pip-version-check --only-binary=:all: --python-version "$PY_VERSION" \
    --implementation cp "${args[@]}" -d "$dest" "$@"
}

# The tracing MLflow's wheels, for every staged CPU, into python/: the pinned mlflow[databricks] as pip resolves it, or
# exactly the wheels of an opt-in hash lock (pip checks each against the lock's hashes).
stage_mlflow() {
  rm -rf "$OUT/python"
  mkdir -p "$OUT/python"
  local arch
  for arch in "${ARCHES[@]}"; do
    if [[ -n "$REQUIREMENTS" ]]; then
      [[ -f "$REQUIREMENTS" ]] || die "no MLflow hash lock at $REQUIREMENTS"
      log "downloading the locked MLflow wheels for $arch"
      pip_download "$arch" "$OUT/python" --require-hashes --no-deps -r "$REQUIREMENTS" ||
        die "pip could not download the locked MLflow wheels for $arch (hash mismatch or missing wheel)"
    else
      log "downloading ${MLFLOW_PACKAGE}[databricks]==$MLFLOW_VERSION and its dependencies for $arch"
      pip_download "$arch" "$OUT/python" "${MLFLOW_PACKAGE}[databricks]==$MLFLOW_VERSION" ||
        die "pip could not download ${MLFLOW_PACKAGE}[databricks]==$MLFLOW_VERSION for $arch"
    fi
  done
}

# Resolves the pinned MLflow for both CPUs and writes every wheel's sha256, one requirement per distribution.
lock_mlflow() {
  local tmp arch
  tmp="$(mktemp -d)"
  for arch in x64 arm64; do
    log "resolving $MLFLOW_PACKAGE==$MLFLOW_VERSION for $arch, Python $PY_VERSION"
    pip_download "$arch" "$tmp/$arch" "${MLFLOW_PACKAGE}[databricks]==$MLFLOW_VERSION" || die "pip could not resolve $MLFLOW_PACKAGE==$MLFLOW_VERSION"
  done
  "$PYTHON" - "$tmp" "$LOCK_OUT" "${MLFLOW_PACKAGE}[databricks]==$MLFLOW_VERSION" <<'PY'
import hashlib, pathlib, re, sys
root, out, top = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
pins = {}
for wheel in sorted(root.glob("*/*.whl")):
    name, version = wheel.name.split("-")[:2]
    name = re.sub(r"[-_.]+", "-", name).lower()
    pins.setdefault(name, {}).setdefault(version, set()).add(hashlib.sha256(wheel.read_bytes()).hexdigest())
lines = [f"# Hash lock of {top} and its dependencies for Python 3.12 on Linux x86_64 and aarch64.",
         "# Written by stage-offline-artifacts.sh --lock-mlflow; install with pip --require-hashes."]
for name in sorted(pins):
    if len(pins[name]) > 1:
        sys.exit(f"{name} resolved to several versions across CPUs: {sorted(pins[name])}")
    (version, hashes), = pins[name].items()
    lines.append(f"{name}=={version} \\")
    lines += [f"    --hash=sha256:{h}" + (" \\" if i < len(hashes) - 1 else "") for i, h in enumerate(sorted(hashes))]
pathlib.Path(out).write_text("\n".join(lines) + "\n")
PY
  rm -rf "$tmp"
  log "wrote $LOCK_OUT; to use it, set codingAssistants.mlflowRequirements (it is uploaded only then)"
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
  if [[ -n "$LOCK_OUT" ]]; then
    lock_mlflow
    return 0
  fi
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
  stage_mlflow
  write_manifest
  upload
  log "staged Node.js $NODE_VERSION and Claude Code $CLAUDE_CODE_VERSION (${ARCHES[*]}) in $OUT"
}

main "$@"
