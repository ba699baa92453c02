#!/usr/bin/env bash
# Test fixture: a custom init script with its own file name.
set -euo pipefail
echo "custom init script" >&2
