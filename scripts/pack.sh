#!/usr/bin/env bash
# Packs the construct library into artifacts/: CdkInfra.Constructs.<version>.nupkg and its .snupkg (symbols), and
# artifacts/release-notes.md, the CHANGELOG.md section of that version. The version is CdkInfraVersion in
# Directory.Build.props; RELEASE_TAG (the release workflow's tag) must be v<that version>, and a version without a
# CHANGELOG.md section is refused.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

version=$(sed -n 's:.*<CdkInfraVersion>\(.*\)</CdkInfraVersion>.*:\1:p' Directory.Build.props)
if [[ -z "$version" ]]; then
  echo "pack: no <CdkInfraVersion> in Directory.Build.props" >&2
  exit 1
fi
if [[ -n "${RELEASE_TAG:-}" && "$RELEASE_TAG" != "v$version" ]]; then
  echo "pack: the tag $RELEASE_TAG does not match the version $version in Directory.Build.props (expected v$version)" >&2
  exit 1
fi

# The section from "## <version>" to the next "## " heading.
notes=$(awk -v v="$version" '
  /^## / { inside = ($2 == v) ; if (inside) { found = 1; next } }
  inside { print }
  END { if (!found) exit 3 }
' CHANGELOG.md) || {
  echo "pack: CHANGELOG.md has no section '## $version'; record what changed before packing" >&2
  exit 1
}

mkdir -p artifacts
rm -f artifacts/CdkInfra.Constructs.*.nupkg artifacts/CdkInfra.Constructs.*.snupkg
printf '%s\n' "$notes" >artifacts/release-notes.md
dotnet pack src/CdkInfra.Constructs/CdkInfra.Constructs.csproj -c Release -o artifacts -nologo -v q \
  -p:CI_BUILD="${CI_BUILD:-false}" ${REPOSITORY_URL:+-p:RepositoryUrl="$REPOSITORY_URL"} >&2
echo "packed: artifacts/CdkInfra.Constructs.$version.nupkg (+ .snupkg)"
