#!/usr/bin/env bash
# TEMPORARY PLACEHOLDER so the coding-assistants stack can synthesize on this branch.
# The real init script replaces this file when the init-script branch is merged; drop this commit then.
set -euo pipefail
echo "install-claude-code.sh placeholder: model=${CLAUDE_CODE_MODEL:-unset} experiment=${MLFLOW_EXPERIMENT_NAME:-unset}" >&2
