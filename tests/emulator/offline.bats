#!/usr/bin/env bats
# The synthesized stacks through the real Terraform against the workspace emulator: validate, plan, apply, a second
# plan, roster edits, adoption and the account-group modes. One applied course stack (existing account groups referenced
# by name) is made
# once in setup_file and copied by the tests that edit the roster, to keep the CPU cost down.

load helpers

setup_file() {
	export APPLIED="$BATS_FILE_TMPDIR/applied"
	run env EMULATOR_DIR="$APPLIED" EMULATOR_SEED="$BATS_TEST_DIRNAME/fixtures/account-groups.seed.json" \
		CDKTF_CONTEXT_JSON="{$REFERENCED_GROUPS}" STACKS=course "$BATS_TEST_DIRNAME/../../scripts/terraform-offline.sh" apply
	echo "$output" >"$BATS_FILE_TMPDIR/applied.out"
	echo "$status" >"$BATS_FILE_TMPDIR/applied.status"
}

# A copy of the applied workspace and state, for a test that plans an edit on top of it.
applied_copy() {
	cp -r "$APPLIED" "$BATS_TEST_TMPDIR/ws"
	rm -rf "$BATS_TEST_TMPDIR/ws/terraform"
	echo "$BATS_TEST_TMPDIR/ws"
}

@test "Referenced_account_groups_course_validates_plans_applies_and_the_second_plan_is_empty" {
	run cat "$BATS_FILE_TMPDIR/applied.out"
	[ "$(cat "$BATS_FILE_TMPDIR/applied.status")" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: Plan: "*" to add, 0 to change, 0 to destroy."* ]]
	[[ "$output" == *"course: Apply complete!"* ]]
	[[ "$output" == *"course: second plan: No changes."* ]]
}

# The shipped settings: workspace-level groups, Unity Catalog grants to roster users (principals "users"). Grants to the
# workspace-local groups themselves are refused by the emulator's principal rule (rules.bats) and by synthesis. The
# second plan is empty only because each entitlement has one owner (rules.bats: entitlements set in two places flip).
@test "Shipped_default_applies_on_both_stacks_and_the_second_plan_is_empty" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" CDKTF_CONTEXT_JSON=
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: second plan: No changes."* ]]
	[[ "$output" == *"coding-assistants: second plan: No changes."* ]]
	[[ "$output" != *"Could not find principal"* ]]
}

# Students on a policy or on the shared cluster: the runtime the course needs (Scala 2.13 LTS: 17.3, not the provider's
# default-Scala 16.4), the current single-node method in the policy, and a shared cluster that keeps its runtime.
@test "Student_compute_policy_and_shared_cluster_apply_and_settle" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" STACKS=course CDKTF_CONTEXT_JSON='{"studentCompute":"shared","studentWarehouse":true}'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: second plan: No changes."* ]]
	grep -q '"spark_version": "17.3.x-scala2.13"' "$BATS_TEST_TMPDIR/ws/workspace.json"
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" STACKS=course CDKTF_CONTEXT_JSON='{"studentCompute":"policy"}'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: second plan: No changes."* ]]
}

# The coding-assistants stack on every cloud: the node type comes from the workspace's own list.
@test "Coding_assistants_applies_and_settles_on_aws_azure_and_gcp" {
	for profile in "" premium-established; do
		offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws-$profile" EMULATOR_PROFILE="$profile" CDKTF_CONTEXT_JSON=
		[ "$status" -eq 0 ] || { echo "$output"; false; }
		[[ "$output" == *"coding-assistants: second plan: No changes."* ]]
	done
	grep -q '"node_type_id": "m5d.xlarge"' "$BATS_TEST_TMPDIR/ws-/workspace.json"
	grep -q '"node_type_id": "Standard_D4ds_v5"' "$BATS_TEST_TMPDIR/ws-premium-established/workspace.json"
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws-gcp" EMULATOR_SEED="$FIXTURES/gcp.seed.json" CDKTF_CONTEXT_JSON=
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"coding-assistants: second plan: No changes."* ]]
	grep -q '"node_type_id": "n2-standard-4"' "$BATS_TEST_TMPDIR/ws-gcp/workspace.json"
}

@test "Account_groups_created_by_the_stack_apply_and_the_second_plan_is_empty" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" STACKS=course \
		CDKTF_CONTEXT_JSON='{"groupsLevel":"account","databricksAccountId":"00000000-0000-0000-0000-000000000001","databricksWorkspaceId":"1234567890"}'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: second plan: No changes."* ]]
}

# The single-node cluster gains server-side spark_conf and custom_tags keys (provider issue 4360); the cluster ignores
# exactly those, so a plan after the first apply is empty.
@test "Coding_assistants_single_node_cluster_settles_after_apply" {
	ws=$(applied_copy)
	offline apply EMULATOR_DIR="$ws" STACKS=coding-assistants CDKTF_CONTEXT_JSON="{$REFERENCED_GROUPS}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"coding-assistants: Apply complete!"* ]]
	[[ "$output" == *"coding-assistants: second plan: No changes."* ]]
}

# Provisioning "policy": no cluster, one cluster policy (its id computed by the server) with CAN_USE for each instructor
# of the roster; the definition refers to the uploaded script's path, known only after apply, and still settles.
@test "Coding_assistants_policy_for_the_instructors_applies_and_the_second_plan_is_empty" {
	ws=$(applied_copy)
	offline apply EMULATOR_DIR="$ws" STACKS=coding-assistants \
		CDKTF_CONTEXT_JSON="{$REFERENCED_GROUPS,\"codingAssistants\":{\"provisioning\":\"policy\",\"userRoles\":[\"admins\"]}}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"coding-assistants: Apply complete!"* ]]
	[[ "$output" == *"coding-assistants: second plan: No changes."* ]]
	log="$ws/logs/coding-assistants.apply.log"
	grep -q '^databricks_cluster_policy.coding_assistants: Creation complete' "$log"
	grep -q '^databricks_permissions.coding_assistants_policy: Creation complete' "$log"
	run grep -c '^databricks_cluster\.' "$log"
	[ "$output" -eq 0 ]
}

@test "Adding_a_user_plans_only_that_users_instances" {
	ws=$(applied_copy)
	roster "$BATS_TEST_TMPDIR/users.json" 'users.append({"user_name": "new.student@example.com", "display_name": "New Student", "groups": ["students"]})'
	offline plan EMULATOR_DIR="$ws" STACKS=course CDKTF_CONTEXT_JSON="{$REFERENCED_GROUPS,\"usersFile\":\"$BATS_TEST_TMPDIR/users.json\"}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	log="$ws/logs/course.plan.log"
	created=$(planned "$log" "will be created")
	[ -n "$created" ]
	# Every new instance is keyed by the new user (or its schema). The only updates: the course config file and its copy
	# in the solutions folder (they list the users), and, with Unity Catalog grants to users (principals "users", the
	# default), the catalog-level grants that name every student (docs/identity-modes.md). Nothing else, no replacement.
	run bash -c "grep -v -e 'new.student@example.com' -e 'new_student' <<<\"$created\""
	[ -z "$output" ] || { echo "created for others: $output"; false; }
	[ -z "$(planned "$log" "will be destroyed")" ]
	[ -z "$(planned "$log" "must be replaced")" ]
	run bash -c "planned() { grep -E \"^  # .* \$2\" \"\$1\" | sed -E 's/^  # (.*) (will be|must be).*/\\1/' || true; }; planned '$log' 'will be updated in-place' | grep -v -E -e 'course_(solutions_)?config' -e 'course_catalog_grants' -e 'reference_catalog_grants' -e 'new.student@example.com' -e 'new_student'"
	[ -z "$output" ] || { echo "updated for others: $output"; false; }
}

# The next three retire or remove the roster's one student, whom the smoke job runs as by default: the job runs as the
# deploying identity for them (courseSmokeRunAs null).
@test "Retiring_a_user_removes_the_user_and_keeps_the_schema" {
	ws=$(applied_copy)
	roster "$BATS_TEST_TMPDIR/users.json" '[u.update(status="retired") for u in users if u["user_name"] == "test.student@example.com"]'
	offline plan EMULATOR_DIR="$ws" STACKS=course CDKTF_CONTEXT_JSON="{$REFERENCED_GROUPS,\"courseSmokeRunAs\":null,\"usersFile\":\"$BATS_TEST_TMPDIR/users.json\"}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	log="$ws/logs/course.plan.log"
	planned "$log" "will be destroyed" | grep -q 'databricks_user.users\["test.student@example.com"\]'
	run planned "$log" "will be destroyed"
	[[ "$output" != *databricks_schema* ]]
	[ -z "$(planned "$log" "must be replaced")" ]
}

@test "Removing_a_user_fails_on_prevent_destroy" {
	ws=$(applied_copy)
	roster "$BATS_TEST_TMPDIR/users.json" 'users[:] = [u for u in users if u["user_name"] != "test.student@example.com"]'
	offline plan EMULATOR_DIR="$ws" STACKS=course CDKTF_CONTEXT_JSON="{$REFERENCED_GROUPS,\"courseSmokeRunAs\":null,\"usersFile\":\"$BATS_TEST_TMPDIR/users.json\"}"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Instance cannot be destroyed"* ]]
	[[ "$output" == *'databricks_schema.personal_schemas["test.student@example.com"]'* ]]
}

@test "Removing_a_user_with_allowDestroy_personal_schemas_plans_the_schema_destroy" {
	ws=$(applied_copy)
	roster "$BATS_TEST_TMPDIR/users.json" 'users[:] = [u for u in users if u["user_name"] != "test.student@example.com"]'
	offline plan EMULATOR_DIR="$ws" STACKS=course CDKTF_CONTEXT_JSON="{$REFERENCED_GROUPS,\"courseSmokeRunAs\":null,\"allowDestroy\":\"personal-schemas\",\"usersFile\":\"$BATS_TEST_TMPDIR/users.json\"}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	planned "$ws/logs/course.plan.log" "will be destroyed" | grep -q 'databricks_schema.personal_schemas\["test.student@example.com"\]'
}

@test "Changing_a_pin_is_refused_a_rename_replaces_the_schema" {
	ws=$(applied_copy)
	roster "$BATS_TEST_TMPDIR/users.json" '[u.update(schema_name="tester_renamed") for u in users if u["user_name"] == "test.student@example.com"]'
	offline plan EMULATOR_DIR="$ws" STACKS=course CDKTF_CONTEXT_JSON="{$REFERENCED_GROUPS,\"usersFile\":\"$BATS_TEST_TMPDIR/users.json\"}"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Instance cannot be destroyed"* ]]
	[[ "$output" == *'databricks_schema.personal_schemas["test.student@example.com"]'* ]]
}

# With groupsLevel account-existing, each membership takes its member id from data.databricks_user.account_users, whose
# user_name reads the new user's id through local.user_ids. Terraform defers reading a data source that references a
# managed resource with pending changes ("depends on a resource or a module with changes pending"); through the local,
# only the new user's lookup waits for apply (its key reads an unknown id), and every other membership stays as it is.
# The same edit used to replace every membership when the lookups named databricks_user.users directly.
@test "Account_existing_adding_a_user_plans_only_that_users_lookup_and_membership" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_SEED="$FIXTURES/account-groups.seed.json" STACKS=course \
		CDKTF_CONTEXT_JSON="{$ACCOUNT_EXISTING}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: second plan: No changes."* ]]
	roster "$BATS_TEST_TMPDIR/users.json" 'users.append({"user_name": "new.student@example.com", "display_name": "New Student", "groups": ["students"]})'
	offline plan EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" STACKS=course CDKTF_CONTEXT_JSON="{$ACCOUNT_EXISTING,\"usersFile\":\"$BATS_TEST_TMPDIR/users.json\"}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	log="$BATS_TEST_TMPDIR/ws/logs/course.plan.log"
	[ -z "$(planned "$log" "must be replaced")" ] || { planned "$log" "must be replaced"; false; }
	grep -q 'data.databricks_user.account_users\["new.student@example.com"\] will be read during apply' "$log"
	! grep -q 'data.databricks_user.account_users\["ana.instructor@example.com"\] will be read during apply' "$log" || false
	planned "$log" "will be created" | grep -qx 'databricks_group_member.student_membership\["new.student@example.com"\]'
	# The other changes: the course's config files, which list every personal schema.
	[[ "$output" == *"course: Plan: 9 to add, 2 to change, 0 to destroy."* ]] || { echo "$output"; false; }
}

@test "Adoption_of_a_seeded_workspace_plans_imports_and_no_creates_for_adopted_objects" {
	offline plan EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_SEED="$FIXTURES/existing-course.seed.json" STACKS=course \
		CDKTF_CONTEXT_JSON="{$ACCOUNT_EXISTING,\"adoptExisting\":true}"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	log="$BATS_TEST_TMPDIR/ws/logs/course.plan.log"
	[[ "$output" == *"course: Plan: "*" to import, "* ]]
	# 5 catalogs, 24 schemas (3 shared, 13 reference, 8 personal) and 8 users; account-existing groups are looked up.
	imported=$(grep -c -E '^  # \(imported from ' "$log" || true)
	[ "$imported" -eq 37 ] || { echo "imported: $imported"; false; }
	[[ "$output" == *"course: Plan: 37 to import, "* ]]
	# Nothing the seed holds is created again: catalogs, schemas and users that exist are imported.
	run bash -c "grep -E '^  # (databricks_catalog|databricks_schema|databricks_user)\\..* will be created' '$log'"
	[ -z "$output" ] || { echo "created although seeded: $output"; false; }
}
