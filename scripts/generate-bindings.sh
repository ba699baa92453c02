#!/usr/bin/env bash
# Generates the .NET packages Constructs, HashiCorp.Cdktf and HashiCorp.Cdktf.Providers.Databricks from the
# jsii assemblies of the pinned npm packages, into the local NuGet feed that nuget.config lists.
# The NuGet registry reachable here lacks them; the jsii assemblies name the official package ids, so the
# generated packages are drop-in replacements. Idempotent: a package already in the feed is not rebuilt.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
feed="$root/.nuget-local"

log() { printf 'generate-bindings: %s\n' "$*" >&2; }

# npm package | NuGet id | version; the order is the dependency order.
packages=(
  "constructs|Constructs|10.4.2"
  "cdktf|HashiCorp.Cdktf|0.21.0"
  "@cdktf/provider-databricks|HashiCorp.Cdktf.Providers.Databricks|15.16.1"
)

if [[ ! -d "$root/node_modules/jsii-pacmak" ]]; then
  log "node_modules is missing: run 'npm ci' first (make does this)."
  exit 1
fi

mkdir -p "$feed"
# Generated projects are built outside the repository so that its Directory.Build.props and nuget.config do not apply.
work=$(mktemp -d "${TMPDIR:-/tmp}/cdkinfra-bindings.XXXXXX")
trap 'rm -rf "$work"' EXIT
for entry in "${packages[@]}"; do
  IFS='|' read -r npm_name nuget_id version <<<"$entry"
  nupkg="$feed/$nuget_id.$version.nupkg"
  if [[ -f "$nupkg" ]]; then
    continue
  fi
  installed=$(node -p "require('$root/node_modules/$npm_name/package.json').version")
  if [[ "$installed" != "$version" ]]; then
    log "node_modules holds $npm_name $installed, expected $version: run 'npm ci'."
    exit 1
  fi
  log "generating $nuget_id $version from npm $npm_name (the provider takes about two minutes)"
  out="$work/$nuget_id"
  rm -rf "$out"
  mkdir -p "$out"
  # jsii's Node end-of-life banner is noise here; real errors still fail the step.
  JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1 JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION=1 \
    "$root/node_modules/.bin/jsii-pacmak" --code-only --target dotnet --outdir "$out" "$root/node_modules/$npm_name" >"$feed/$nuget_id.log" 2>&1 ||
    { log "jsii-pacmak failed for $npm_name; see ${feed#"$root"/}/$nuget_id.log"; tail -20 "$feed/$nuget_id.log" >&2; exit 1; }
  csproj=$(find "$out" -name "$nuget_id.csproj" -print -quit)
  if [[ -z "$csproj" ]]; then
    log "jsii-pacmak produced no $nuget_id.csproj under $out"
    exit 1
  fi
  # The generated project targets net6.0, whose reference packs are not available here.
  sed -i 's#<TargetFramework>net6.0</TargetFramework>#<TargetFramework>net10.0</TargetFramework>#' "$csproj"
  # Build outside the repository's Directory.Build.props (warnings as errors would stop the generated code).
  dotnet build "$csproj" -c Release -nologo -v quiet -clp:ErrorsOnly \
    -p:NoWarn='"CS0108;CS0114;CS0618;CS1591;CS8618;CS8625;NU1603;NU1701"' -p:TreatWarningsAsErrors=false \
    -p:RestoreAdditionalProjectSources="$feed" >>"$feed/$nuget_id.log" 2>&1 ||
    { log "dotnet build failed for $nuget_id; see ${feed#"$root"/}/$nuget_id.log"; tail -30 "$feed/$nuget_id.log" >&2; exit 1; }
  built=$(find "$(dirname "$csproj")/bin/Release" -name "$nuget_id.$version.nupkg" -print -quit)
  if [[ -z "$built" ]]; then
    log "no $nuget_id.$version.nupkg was produced; see ${feed#"$root"/}/$nuget_id.log"
    exit 1
  fi
  cp "$built" "$nupkg.tmp"
  mv "$nupkg.tmp" "$nupkg"
  log "wrote ${nupkg#"$root"/}"
done
