#!/usr/bin/env bash
# Stops a deploy whose stacks keep their state in a local file: a CI runner's file is gone when the job ends, and the
# next run would plan to create everything again. Usage: require-remote-backend.sh <folder of stacks, e.g. cdktf.out/stacks>
set -euo pipefail

log() { printf 'require-remote-backend: %s\n' "$*" >&2; }

stacks_dir=${1:?usage: require-remote-backend.sh <cdktf.out/stacks>}
shopt -s nullglob
files=("$stacks_dir"/*/cdk.tf.json)
if ((${#files[@]} == 0)); then
  log "no stack under $stacks_dir; synthesize first (make synth)"
  exit 1
fi

local_stacks=()
for file in "${files[@]}"; do
  stack=$(basename "$(dirname "$file")")
  kind=$(jq -r '.terraform | if .cloud then "cloud" elif .backend then (.backend | keys[0]) else "none" end' "$file")
  if [[ "$kind" == "local" || "$kind" == "none" ]]; then
    local_stacks+=("$stack")
  else
    log "$stack: $kind backend"
  fi
done

if ((${#local_stacks[@]} > 0)); then
  message="stacks with local state: ${local_stacks[*]}. A CI runner loses a local state file when the job ends."
  message+=" Set the 'backend' setting (docs/state-and-ci.md, section State), e.g. the repository variable CDKTF_CONTEXT_JSON ="
  message+=' {"backend": {"type": "s3", "bucket": "...", "region": "...", "use_lockfile": true}}, or the key backend in cdktf.json.'
  if [[ "${GITHUB_ACTIONS:-}" == "true" ]]; then
    printf '::error title=No remote backend::%s\n' "$message"
  fi
  log "$message"
  exit 1
fi
