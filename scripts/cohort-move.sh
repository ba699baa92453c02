#!/usr/bin/env bash
# Moves people out of a cohort's stack without destroying anything: removes their user, memberships, personal schema
# and its grants, and their grants on the shared securables, from that stack's Terraform state (`terraform state rm`: the objects stay in the workspace). The
# cohort they now belong to adopts them on the next deploy, which asks for adoption of users and schemas once
# (adoptExisting). See docs/cohorts.md for the whole operation.
#
#   scripts/cohort-move.sh FROM_COHORT EMAIL [EMAIL ...]
#
# Run it after editing the roster (the people name their new cohort) and before deploying. It needs the synthesized
# stack (cdktf.out/stacks/course-cohort-FROM_COHORT) initialized with its backend, as `cdktf deploy` or `terraform init`
# leave it; CDKTF_OUTDIR selects another output folder, and TF_DATA_DIR is honoured as Terraform honours it.
# Exit status: 0 when done (a person already gone from the state is reported, not an error); 2 on a usage error;
# Terraform's status when it fails.
set -euo pipefail

if (($# < 2)); then
	echo "usage: $0 FROM_COHORT EMAIL [EMAIL ...]" >&2
	exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
from=$1
shift
out=${CDKTF_OUTDIR:-$root/cdktf.out}
stack="$out/stacks/course-cohort-$from"
if [[ ! -f "$stack/cdk.tf.json" ]]; then
	echo "cohort-move: no stack course-cohort-$from in $out/stacks (synthesize first: make synth)" >&2
	exit 2
fi

# The addresses a person has in a cohort's stack, all keyed by the lower-case email.
addresses=(databricks_user.users databricks_group_member.admin_membership databricks_group_member.student_membership
	databricks_schema.personal_schemas databricks_grants.personal_schema_grants)

state=$(terraform -chdir="$stack" state list)
for email in "$@"; do
	email=${email,,}
	if [[ ! "$email" =~ ^[^[:space:]\"\\]+@[^[:space:]\"\\]+$ ]]; then
		echo "cohort-move: '$email' is not an email address" >&2
		exit 2
	fi

	moved=0
	for address in "${addresses[@]}"; do
		instance="${address}[\"$email\"]"
		if grep -qxF "$instance" <<<"$state"; then
			terraform -chdir="$stack" state rm "$instance" >/dev/null
			moved=$((moved + 1))
		fi
	done
	# With users as principals, their per-principal grants on the shared securables: one resource per securable,
	# keyed by email.
	while IFS= read -r instance; do
		[[ -n "$instance" ]] || continue
		terraform -chdir="$stack" state rm "$instance" >/dev/null
		moved=$((moved + 1))
	done < <(grep -F "[\"$email\"]" <<<"$state" | grep -E '^databricks_grant\.[a-z0-9_]+\["' || true)
	echo "cohort-move: $email: $moved objects left course-cohort-$from's state (they stay in the workspace)"
done
echo "cohort-move: now deploy once with \"adoptExisting\": [\"users\", \"schemas\"] in the context of cdktf.json," \
	"then remove it: the new cohort adopts them, course-cohort-$from plans no destroy (docs/cohorts.md)" >&2
