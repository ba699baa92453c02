#!/usr/bin/env bats
# A roster split into cohorts (docs/cohorts.md) through the real Terraform against the workspace emulator: the base,
# cohort and access stacks apply in order with empty second plans; an applied single stack splits in place, destroying
# nothing; a new person touches only their cohort's stack and the access stack; a person moves between cohorts.

load helpers

# The shipped roster (8 people) in cohorts of 3: course-cohort-1, -2 and -3.
SPLIT='"cohortSize":3'
# What a split or a move asks of one deploy: adopt the users and schemas that exist (docs/cohorts.md).
ADOPT='"adoptExisting":["users","schemas"]'

# The emulator's id of a workspace user, from its workspace file.
user_id() {
	python3 - "$1/workspace.json" "$2" <<'PY'
import json, sys
records = json.load(open(sys.argv[1]))["records"]["databricks_user"]
print(next(id for id, user in records.items() if user["user_name"] == sys.argv[2]))
PY
}

@test "Split_roster_applies_base_cohorts_and_access_in_order_and_every_second_plan_is_empty" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" CDKTF_CONTEXT_JSON="{$SPLIT}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	for stack in course course-cohort-1 course-cohort-2 course-cohort-3 course-access coding-assistants; do
		[[ "$output" == *"$stack: second plan: No changes."* ]] || { echo "$stack: $output"; false; }
	done
	# The access stack comes after every cohort: its grants name their users.
	[[ "$output" == *"course-cohort-3: second plan"*"course-access: Plan"* ]] || { echo "$output"; false; }
}

@test "Splitting_an_applied_single_stack_adopts_and_forgets_and_destroys_nothing" {
	ws="$BATS_TEST_TMPDIR/ws"
	offline apply EMULATOR_DIR="$ws" STACKS=course CDKTF_CONTEXT_JSON=
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	before=$(user_id "$ws" chen.li@example.com)

	# Forgetting to ask for adoption fails loudly on the first cohort and loses nothing: the base has let go of the
	# users (removed blocks), the workspace still has them, and the deploy with adoption picks them up.
	offline apply EMULATOR_DIR="$ws" CDKTF_CONTEXT_JSON="{$SPLIT}"
	[ "$status" -ne 0 ]
	[[ "$output" == *"already exists"* ]] || { echo "$output"; false; }

	offline apply EMULATOR_DIR="$ws" CDKTF_CONTEXT_JSON="{$SPLIT,$ADOPT}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: Plan: 0 to add, 0 to change, 0 to destroy."* || "$output" == *"course: No changes."* ]] || { echo "$output"; false; }
	[[ "$output" == *"course-cohort-1: Plan: "*" to import, "* ]] || { echo "$output"; false; }
	run grep -h "to destroy" "$ws"/logs/*.log
	[[ "$output" != *[1-9]" to destroy"* ]] || { echo "$output"; false; }
	[ "$(user_id "$ws" chen.li@example.com)" = "$before" ]
	# The base stack's state no longer holds what the cohorts and the access stack hold now.
	run terraform -chdir="$ws/cdktf.out/stacks/course" state list
	[[ "$output" != *"databricks_user.users"* && "$output" != *"databricks_grants.course_catalog_grants"* ]] || { echo "$output"; false; }
}

@test "Adding_a_person_to_a_split_roster_changes_only_their_cohort" {
	ws="$BATS_TEST_TMPDIR/ws"
	offline apply EMULATOR_DIR="$ws" CDKTF_CONTEXT_JSON="{$SPLIT}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	roster "$BATS_TEST_TMPDIR/users.json" 'users.append({"user_name": "new.student@example.com", "display_name": "New Student", "groups": ["students"]})'
	offline apply EMULATOR_DIR="$ws" CDKTF_CONTEXT_JSON="{$SPLIT,\"usersFile\":\"$BATS_TEST_TMPDIR/users.json\"}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	# The 9th person joins cohort 3; cohorts 1 and 2 do not move. The base lists the people in course_config.json.
	[[ "$output" == *"course-cohort-1: No changes."* ]] || { echo "$output"; false; }
	[[ "$output" == *"course-cohort-2: No changes."* ]] || { echo "$output"; false; }
	[[ "$output" == *"course-cohort-3: Plan: "[1-9]*" to add, 0 to change, 0 to destroy."* ]] || { echo "$output"; false; }
	# With users as principals the cohort holds its people's catalog grants: the access stack lists nobody new.
	[[ "$output" == *"course-access: No changes."* ]] || { echo "$output"; false; }
	created=$(planned "$ws/logs/course-cohort-3.plan.log" "will be created")
	run bash -c "grep -v -e 'new.student@example.com' -e 'new_student' <<<\"$created\""
	[ -z "$output" ] || { echo "created for others: $output"; false; }
}

@test "Moving_a_person_between_cohorts_keeps_their_user_and_schema" {
	ws="$BATS_TEST_TMPDIR/ws"
	offline apply EMULATOR_DIR="$ws" CDKTF_CONTEXT_JSON="{$SPLIT}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	before=$(user_id "$ws" chen.li@example.com)
	moved="{$SPLIT,\"usersFile\":\"$BATS_TEST_TMPDIR/users.json\"}"
	roster "$BATS_TEST_TMPDIR/users.json" 'next(u for u in users if u["user_name"] == "chen.li@example.com")["cohort"] = "evening"'

	# Without the move, the old cohort's plan would destroy the person's schema: prevent_destroy refuses the plan.
	offline plan EMULATOR_DIR="$ws" STACKS="course course-cohort-2" CDKTF_CONTEXT_JSON="$moved"
	[ "$status" -ne 0 ]
	[[ "$output" == *"prevent_destroy"* ]] || { echo "$output"; false; }

	run env CDKTF_OUTDIR="$ws/cdktf.out" TF_DATA_DIR="$ws/terraform/course-cohort-2" "$ROOT/scripts/cohort-move.sh" 2 chen.li@example.com
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"chen.li@example.com: "[1-9]*" objects left course-cohort-2's state"* ]] || { echo "$output"; false; }

	[[ "$output" == *"adoptExisting"* ]] || { echo "$output"; false; }

	offline apply EMULATOR_DIR="$ws" CDKTF_CONTEXT_JSON="{$SPLIT,$ADOPT,\"usersFile\":\"$BATS_TEST_TMPDIR/users.json\"}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course-cohort-2: Apply complete! Resources: 0 added, 0 changed, 0 destroyed."* ]] || { echo "$output"; false; }
	[[ "$output" == *"course-cohort-evening: Plan: 2 to import, "* ]] || { echo "$output"; false; }
	[[ "$output" == *"course-cohort-evening: second plan: No changes."* ]] || { echo "$output"; false; }
	[ "$(user_id "$ws" chen.li@example.com)" = "$before" ]
}
