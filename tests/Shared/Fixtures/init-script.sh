#!/usr/bin/env bash
# Test fixture: a stable stand-in for the bundled init script, so snapshots do not change with it.
set -euo pipefail
echo "fixture init script: ${CLAUDE_CODE_MODEL:-} ${MLFLOW_EXPERIMENT_NAME:-}" >&2
