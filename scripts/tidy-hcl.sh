#!/usr/bin/env bash
# Makes the HCL that `cdktf synth --hcl` writes clean: unquotes depends_on references (the converter keeps the JSON
# syntax's quoted form, which HCL deprecates), formats with terraform fmt, then checks that fmt has nothing left to do.
set -euo pipefail
stacks=${1:?usage: tidy-hcl.sh <cdktf.out/stacks>}
shopt -s nullglob
files=("$stacks"/*/cdk.tf)
if ((${#files[@]} == 0)); then
  echo "tidy-hcl: no cdk.tf under $stacks" >&2
  exit 1
fi
for file in "${files[@]}"; do
  # Inside a depends_on list, a line holding just "type.name", becomes type.name,
  sed -i -E '/^\s*depends_on = \[/,/\]/ s/^(\s*)"((data\.)?[a-z0-9_]+\.[a-z0-9_]+)",?$/\1\2,/' "$file"
done
terraform fmt -recursive "$stacks" >/dev/null
terraform fmt -check -recursive "$stacks"
