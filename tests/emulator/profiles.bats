#!/usr/bin/env bats
# The shipped course stack on each kind of workspace teachers have (tests/emulator/profiles/): it applies and settles,
# or stops at plan naming the setting that fits; then the settings the first-deploy chooser gives for that workspace
# (docs/identity-modes.md) apply and settle. The rules behind each outcome: docs/emulator.md.

load helpers

@test "Premium_established_the_shipped_course_applies_and_the_second_plan_is_empty" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE=premium-established STACKS=course CDKTF_CONTEXT_JSON=
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: second plan: No changes."* ]]
}

@test "Premium_default_storage_the_shipped_course_stops_at_plan_naming_the_catalog_settings" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE=premium-default-storage STACKS=course CDKTF_CONTEXT_JSON=
	[ "$status" -ne 0 ]
	[[ "$output" == *"Resource precondition failed"* ]]
	[[ "$output" == *"The metastore has no storage root"* ]]
	[[ "$output" == *"docs/identity-modes.md"* ]]
	[[ "$output" != *"Apply complete"* ]]
	# Stopped at plan: nothing was created in the workspace.
	! grep -q '"databricks_user"' "$BATS_TEST_TMPDIR/ws/workspace.json" || ! grep -q 'test.student@example.com' "$BATS_TEST_TMPDIR/ws/workspace.json"
}

@test "Premium_default_storage_with_catalogs_made_in_the_UI_and_referenced_applies_and_settles" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE=premium-default-storage EMULATOR_SEED="$FIXTURES/ui-catalogs.seed.json" \
		STACKS=course CDKTF_CONTEXT_JSON='{"createCatalogs":false}'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: second plan: No changes."* ]]
}

@test "Premium_default_storage_with_a_managed_location_for_the_catalogs_applies_and_settles" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE=premium-default-storage \
		STACKS=course CDKTF_CONTEXT_JSON='{"catalogStorageRoot":"s3://course-bucket/catalogs"}'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: second plan: No changes."* ]]
}

@test "Free_Edition_the_shipped_course_stops_at_plan_naming_the_catalog_settings" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE=free STACKS=course CDKTF_CONTEXT_JSON=
	[ "$status" -ne 0 ]
	[[ "$output" == *"The metastore has no storage root"* ]]
	[[ "$output" != *"Apply complete"* ]]
}

@test "Free_Edition_with_the_choosers_settings_applies_and_settles" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE=free EMULATOR_SEED="$FIXTURES/ui-catalogs.seed.json" \
		STACKS=course CDKTF_CONTEXT_JSON='{"createCatalogs":false,"courseFolderPermissions":false}'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: second plan: No changes."* ]]
}

@test "Free_Edition_refuses_the_coding_assistants_cluster" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE=free EMULATOR_SEED="$FIXTURES/ui-catalogs.seed.json" \
		CDKTF_CONTEXT_JSON='{"createCatalogs":false,"courseFolderPermissions":false}'
	[ "$status" -ne 0 ]
	[[ "$output" == *"course: second plan: No changes."* ]]
	[[ "$output" == *"Free Edition supports serverless compute only"* ]]
}

@test "Free_Edition_refuses_the_account_level_provider" {
	offline plan EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE=free STACKS=course \
		CDKTF_CONTEXT_JSON='{"groupsLevel":"account","databricksAccountId":"00000000-0000-0000-0000-000000000001","databricksWorkspaceId":"1234567890","createCatalogs":false}'
	[ "$status" -ne 0 ]
	[[ "$output" == *"a Free Edition workspace has no account console or account-level API"* ]]
}

@test "An_unknown_profile_is_named_with_the_shipped_ones" {
	offline plan EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE=enterprise STACKS=course
	[ "$status" -eq 2 ]
	[[ "$output" == *"no profile 'enterprise': free premium-default-storage premium-established"* ]]
}

@test "A_super_admin_who_is_no_workspace_user_stops_the_plan_and_one_who_is_applies" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE=premium-established STACKS=course \
		CDKTF_CONTEXT_JSON='{"superAdmins":["outside.admin@example.com"]}'
	[ "$status" -ne 0 ]
	[[ "$output" == *"Super admins who are neither in the roster nor workspace users:"* ]]
	[[ "$output" == *"outside.admin@example.com. Every grant names the super admins"* ]]
	[[ "$output" != *"Apply complete"* ]]
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws2" EMULATOR_PROFILE=premium-established EMULATOR_SEED="$FIXTURES/super-admin-user.seed.json" \
		STACKS=course CDKTF_CONTEXT_JSON='{"superAdmins":["outside.admin@example.com"]}'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: second plan: No changes."* ]]
}

@test "A_secret_scope_made_by_hand_is_refused_and_adopting_it_applies_and_settles" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE=premium-established EMULATOR_SEED="$FIXTURES/course-apis-scope.seed.json" \
		STACKS=course CDKTF_CONTEXT_JSON=
	[ "$status" -ne 0 ]
	[[ "$output" == *"Scope course-apis already exists!"* ]]
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws2" EMULATOR_PROFILE=premium-established EMULATOR_SEED="$FIXTURES/course-apis-scope.seed.json" \
		STACKS=course CDKTF_CONTEXT_JSON='{"adoptExisting":["secret-scope"]}'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: Plan: 1 to import, "* ]]
	[[ "$output" == *"course: second plan: No changes."* ]]
}

# The parity run offline: a case's outcome is compared with the one recorded against a real workspace, and a recorded
# outcome that disagrees fails the run (records in a scratch folder, as `make emulator-parity LIVE=1` writes them).
@test "Parity_compares_each_case_with_the_outcome_recorded_live" {
	records="$BATS_TEST_TMPDIR/records"
	mkdir -p "$records"
	printf '%s\n' '{"cases": {"secret_scope_that_exists@rules": {"outcome": "fails", "message": "cannot create secret scope: Scope existing-scope already exists!"}}}' >"$records/default.json"
	run env PARITY_RECORDS="$records" "$ROOT/scripts/emulator-parity.py" --case secret_scope_that_exists
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"[validated live: yes]"* ]]
	printf '%s\n' '{"cases": {"secret_scope_that_exists@rules": {"outcome": "settles"}}}' >"$records/default.json"
	run env PARITY_RECORDS="$records" "$ROOT/scripts/emulator-parity.py" --case secret_scope_that_exists
	[ "$status" -eq 1 ]
	[[ "$output" == *"LIVE DISAGREES: settles"* ]]
	run env PARITY_RECORDS="$records" "$ROOT/scripts/emulator-parity.py" --case secret_scope_new
	[ "$status" -eq 0 ]
	[[ "$output" == *"[validated live: not yet]"* ]]
	printf '%s\n' '{"cases": {"grants_account_principals@rules": {"outcome": "not run", "message": "account group data_engineers"}}}' >"$records/default.json"
	run env PARITY_RECORDS="$records" "$ROOT/scripts/emulator-parity.py" --case grants_account_principals
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"[validated live: not yet (account group data_engineers)]"* ]]
}

@test "A_live_parity_run_needs_a_profile_and_a_workspace" {
	run env -u DATABRICKS_HOST "$ROOT/scripts/emulator-parity.py" --live --profile free
	[ "$status" -eq 2 ]
	[[ "$output" == *"--live needs DATABRICKS_HOST"* ]]
	run "$ROOT/scripts/emulator-parity.py" --live
	[ "$status" -eq 2 ]
	[[ "$output" == *"--live needs --profile"* ]]
}

@test "Premium_default_storage_catalogs_made_in_the_UI_can_be_adopted_and_later_plans_pass_the_check" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE=premium-default-storage EMULATOR_SEED="$FIXTURES/ui-catalogs.seed.json" \
		STACKS=course CDKTF_CONTEXT_JSON='{"adoptExisting":["catalogs"]}'
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"course: Plan: 5 to import, "* ]]
	[[ "$output" == *"course: second plan: No changes."* ]]
	offline plan EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE= STACKS=course CDKTF_CONTEXT_JSON=
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}

# The deployer and people of the roster who are already workspace users are taken over, not refused ("User with
# username ... already exists" without force, rules in docs/emulator.md), and the second plan is empty.
@test "People_of_the_roster_who_are_already_users_are_taken_over_and_the_plan_settles" {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_PROFILE=premium-established EMULATOR_SEED="$FIXTURES/roster-users-exist.seed.json" \
		STACKS=course CDKTF_CONTEXT_JSON=
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" != *"already exists"* ]]
	[[ "$output" == *"course: second plan: No changes."* ]]
	[ "$(grep -c '"user_name": "ana.instructor@example.com"' "$BATS_TEST_TMPDIR/ws/workspace.json")" -eq 1 ]
}
