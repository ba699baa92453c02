#!/usr/bin/env bats
# Each platform rule of the emulator, proven by a small hand-written configuration (rules/stacks/<case>/) that breaks
# it, next to one that keeps it. The rules and their sources: docs/emulator.md.

load helpers

# rule CASE: apply the case against a workspace seeded from fixtures/rules.seed.json.
rule() {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_SEED="$FIXTURES/rules.seed.json" \
		OFFLINE_OUT="$BATS_TEST_DIRNAME/rules" STACKS="$1"
}

@test "Grants_to_users_account_groups_and_account_users_apply" {
	rule grants_account_principals
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"second plan: No changes."* ]]
}

@test "Grants_to_a_workspace_local_group_fail_Could_not_find_principal" {
	rule grants_workspace_local_group
	[ "$status" -ne 0 ]
	[[ "$output" == *"cannot create grants: Could not find principal with name local_team"* ]]
}

@test "Grants_to_an_unknown_principal_fail_Could_not_find_principal" {
	rule grants_unknown_principal
	[ "$status" -ne 0 ]
	[[ "$output" == *"Could not find principal with name nobody@example.com"* ]]
}

@test "Grants_to_the_built_in_admins_group_fail" {
	rule grants_builtin_admins_group
	[ "$status" -ne 0 ]
	[[ "$output" == *"Could not find principal with name admins"* ]]
}

@test "A_schema_owned_by_a_workspace_local_group_fails" {
	rule owner_workspace_local_group
	[ "$status" -ne 0 ]
	[[ "$output" == *"cannot create schema: Could not find principal with name local_team"* ]]
}

@test "A_catalog_privilege_on_a_schema_is_not_applicable" {
	rule privilege_not_for_schema
	[ "$status" -ne 0 ]
	[[ "$output" == *"Privilege USE CATALOG is not applicable to this entity [rules_catalog.s:SCHEMA]"* ]]
}

@test "SELECT_on_a_volume_is_not_applicable" {
	rule privilege_not_for_volume
	[ "$status" -ne 0 ]
	[[ "$output" == *"Privilege SELECT is not applicable to this entity [rules_catalog.s.v:VOLUME]"* ]]
}

@test "A_new_catalog_can_take_a_default_schema_the_provider_dropped_the_automatic_one" {
	rule new_catalog_default_schema
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "A_default_schema_in_an_existing_catalog_already_exists" {
	rule existing_catalog_default_schema
	[ "$status" -ne 0 ]
	[[ "$output" == *"Schema 'existing.default' already exists"* ]]
}

@test "User_names_are_stored_lower_case_and_the_plan_settles" {
	rule user_name_lower_cased
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"second plan: No changes."* ]]
	grep -q '"user_name": "mixed.case@example.com"' "$BATS_TEST_TMPDIR/ws/workspace.json"
	! grep -q 'Mixed.Case@Example.com' "$BATS_TEST_TMPDIR/ws/workspace.json"
}

@test "A_single_node_cluster_gains_server_side_keys_and_drifts_without_ignore_changes" {
	rule single_node_cluster_without_ignore_changes
	[ "$status" -eq 3 ]
	[[ "$output" == *'"spark.master"                     = "local[*, 4]"'* ]]
}

@test "A_single_node_cluster_with_ignore_changes_settles" {
	rule single_node_cluster_ignore_changes
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"second plan: No changes."* ]]
}

@test "The_Shared_folder_cannot_be_managed_as_a_directory" {
	rule shared_folder
	[ "$status" -ne 0 ]
	[[ "$output" == *"Path (/Shared) is a system folder"* ]]
}

@test "The_workspace_root_cannot_be_managed_as_a_directory" {
	rule workspace_root
	[ "$status" -ne 0 ]
	[[ "$output" == *"Path (/) is a system folder"* ]]
}

@test "A_folder_inside_Shared_can_be_created" {
	rule folder_inside_shared
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}
