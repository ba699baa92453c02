#!/usr/bin/env bash
# The app command of cdktf.json: runs the built app (published ReadyToRun by make app), building it first only when a
# source is newer than the build. A prebuilt 'dotnet <dll>' starts seconds faster than 'dotnet run', which checks the
# build on every call.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
make -s -C "$root" app >&2
cd "$root"
exec dotnet "$root/src/CdkInfra.App/bin/Release/net10.0/ready-to-run/CdkInfra.App.dll"
