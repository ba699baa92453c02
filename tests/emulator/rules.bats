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

# rule_in SEED CASE [PROFILE]: apply the case against a workspace seeded from fixtures/SEED.seed.json, in a workspace of
# the named profile (tests/emulator/profiles) when one is given.
rule_in() {
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_SEED="$FIXTURES/$1.seed.json" EMULATOR_PROFILE="${3:-}" \
		OFFLINE_OUT="$BATS_TEST_DIRNAME/rules" STACKS="$2"
}

@test "A_catalog_without_storage_root_on_Default_Storage_is_refused" {
	rule_in rules catalog_without_storage_root premium-default-storage
	[ "$status" -ne 0 ]
	[[ "$output" == *"cannot create catalog: Metastore storage root URL does not exist. Default Storage is enabled in your account."* ]]
}

@test "A_catalog_with_storage_root_on_Default_Storage_applies" {
	rule_in rules catalog_with_storage_root premium-default-storage
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"second plan: No changes."* ]]
}

@test "A_catalog_without_storage_root_on_a_metastore_with_a_root_applies" {
	rule catalog_without_storage_root
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "A_workspace_admin_without_CREATE_CATALOG_cannot_create_a_catalog" {
	rule_in rules-workspace-admin catalog_with_storage_root
	[ "$status" -ne 0 ]
	[[ "$output" == *"cannot create catalog: PERMISSION_DENIED: User does not have CREATE CATALOG on Metastore"* ]]
}

@test "A_workspace_admin_cannot_grant_on_a_catalog_another_user_owns" {
	rule_in rules-workspace-admin grants_on_a_catalog_another_owns
	[ "$status" -ne 0 ]
	[[ "$output" == *"PERMISSION_DENIED: User does not have MANAGE on Catalog 'alice_catalog'."* ]]
}

@test "A_metastore_admin_may_grant_on_a_catalog_another_user_owns" {
	rule grants_on_a_catalog_another_owns
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "Group_entitlements_set_in_two_places_flip_on_every_plan" {
	rule group_entitlements_in_two_places
	[ "$status" -eq 3 ]
	[[ "$output" == *"workspace_access"*"= true -> false"* ]]
}

@test "Group_entitlements_with_one_owner_settle" {
	rule group_entitlements_one_owner
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"second plan: No changes."* ]]
}

@test "A_group_named_admins_is_refused_by_validation" {
	rule group_named_admins
	[ "$status" -ne 0 ]
	[[ "$output" == *"expected display_name not to be any of [users admins], got admins"* ]]
}

@test "A_permission_level_the_object_type_lacks_stops_the_plan" {
	rule permissions_level_not_for_directories
	[ "$status" -ne 0 ]
	[[ "$output" == *"permission_level CAN_RESTART is not supported with directory_path objects; allowed levels: CAN_EDIT, CAN_MANAGE, CAN_READ, CAN_RUN"* ]]
	[[ "$output" != *"Apply complete"* ]]
}

@test "Permissions_for_the_built_in_admins_group_are_refused" {
	rule permissions_admins_group
	[ "$status" -ne 0 ]
	[[ "$output" == *"it is not possible to modify admin permissions for directory resources"* ]]
}

@test "The_deploying_identity_cannot_be_given_a_level_without_management" {
	rule permissions_deployer_can_restart
	[ "$status" -ne 0 ]
	[[ "$output" == *"cannot remove management permissions for the current user for cluster, allowed levels: CAN_MANAGE"* ]]
}

@test "A_cluster_from_the_node_type_and_runtime_lookups_applies_with_real_ids" {
	rule cluster_from_lookups_deployer_can_manage
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"second plan: No changes."* ]]
	grep -q '"node_type_id": "m5d.xlarge"' "$BATS_TEST_TMPDIR/ws/workspace.json"
	grep -q '"spark_version": "17.3.x-scala2.13"' "$BATS_TEST_TMPDIR/ws/workspace.json"
	! grep -q '"node_type_id": "databricks_node_type"' "$BATS_TEST_TMPDIR/ws/workspace.json"
}

@test "The_same_lookups_answer_the_workspaces_cloud" {
	rule_in rules cluster_from_lookups_deployer_can_manage premium-established
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	grep -q '"node_type_id": "Standard_D4ds_v5"' "$BATS_TEST_TMPDIR/ws/workspace.json"
}

@test "A_node_type_of_another_cloud_is_refused" {
	rule node_type_of_another_cloud
	[ "$status" -ne 0 ]
	[[ "$output" == *"cannot create cluster: Node type Standard_D8pds_v6 is not supported. Supported node types: m5d.large"* ]]
}

@test "A_classic_cluster_on_Free_Edition_is_refused" {
	rule_in rules cluster_from_lookups_deployer_can_manage free
	[ "$status" -ne 0 ]
	[[ "$output" == *"Free Edition supports serverless compute only"* ]]
}

@test "A_secret_scope_that_exists_is_refused" {
	rule secret_scope_that_exists
	[ "$status" -ne 0 ]
	[[ "$output" == *"Scope existing-scope already exists!"* ]]
}

@test "A_new_secret_scope_and_its_ACL_for_a_workspace_group_apply" {
	rule secret_scope_new
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"second plan: No changes."* ]]
}

@test "An_experiment_that_exists_is_refused" {
	rule experiment_that_exists
	[ "$status" -ne 0 ]
	[[ "$output" == *"RESOURCE_ALREADY_EXISTS: Node named '/Shared/existing-experiment' already exists"* ]]
}

@test "A_job_task_without_compute_is_refused_where_serverless_jobs_are_off" {
	rule_in rules-no-serverless job_without_compute
	[ "$status" -ne 0 ]
	[[ "$output" == *"One of job_cluster_key, new_cluster, or existing_cluster_id must be specified"* ]]
}

@test "A_job_task_without_compute_applies_where_serverless_jobs_are_on" {
	rule job_without_compute
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "A_job_on_a_job_cluster_applies_where_serverless_jobs_are_off" {
	rule_in rules-no-serverless job_with_a_job_cluster
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}

# databricks_grants removes every principal it does not list and its Read reports them all; databricks_grant changes
# and reads one principal (docs/grant-research.md). On one securable the two never settle.
@test "A_grant_beside_grants_on_the_same_catalog_is_revoked_by_the_next_plan_of_the_grants" {
	rule grant_beside_grants_same_catalog
	[ "$status" -eq 3 ]
	[[ "$output" == *"databricks_grants.admins will be updated in-place"* ]]
	[[ "$output" == *'- grant {'*'data_engineers'* ]]
}

@test "Per_principal_grants_on_a_catalog_beside_grants_on_its_schema_settle" {
	rule grant_per_principal
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"second plan: No changes."* ]]
}

# The same two in separate stacks, as a cohort stack (per-principal student grants) and an access stack (authoritative
# grants for the admins) would hold them: each stack settles on its own, but every later deploy grants the student
# again and then revokes them again.
@test "A_cohorts_per_principal_grant_and_an_access_stacks_grants_on_one_catalog_undo_each_other_on_every_deploy" {
	rule "grant_cohort_students grant_access_admins"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"grant_cohort_students: second plan: No changes."* ]]
	[[ "$output" == *"grant_access_admins: Plan: 1 to add, 0 to change, 0 to destroy."* ]]
	offline apply EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" OFFLINE_OUT="$BATS_TEST_DIRNAME/rules" STACKS="grant_cohort_students grant_access_admins"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"grant_cohort_students: Plan: 1 to add, 0 to change, 0 to destroy."* ]]
	[[ "$output" == *"grant_access_admins: Plan: 0 to add, 1 to change, 0 to destroy."* ]]
}

@test "A_grant_naming_a_catalog_and_a_schema_fails_validation" {
	rule grant_two_securables
	[ "$status" -ne 0 ]
	[[ "$output" == *'"catalog": conflicts with schema'* ]]
	[[ "$output" == *'"schema": conflicts with catalog'* ]]
}

# A grant made in the UI before the deploy (fixtures/rules-ui-grant.seed.json: BROWSE for every account user on the
# catalog "existing"): a per-principal grant leaves it alone; an authoritative one removes it at create, and its plan
# does not show that removal (it shows the grant blocks it will set).
@test "A_grant_made_in_the_UI_survives_a_per_principal_grant_on_the_catalog" {
	rule_in rules-ui-grant grant_cohort_students
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"second plan: No changes."* ]]
	grep -q '"principal": "account users"' "$BATS_TEST_TMPDIR/ws/workspace.json"
}

@test "A_grant_made_in_the_UI_is_removed_by_the_first_apply_of_authoritative_grants_without_a_plan_line" {
	offline plan EMULATOR_DIR="$BATS_TEST_TMPDIR/ws" EMULATOR_SEED="$FIXTURES/rules-ui-grant.seed.json" \
		OFFLINE_OUT="$BATS_TEST_DIRNAME/rules" STACKS=grant_access_admins
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	grep -q 'databricks_grants.admins will be created' "$BATS_TEST_TMPDIR/ws/logs/grant_access_admins.plan.log"
	! grep -q 'account users' "$BATS_TEST_TMPDIR/ws/logs/grant_access_admins.plan.log" || false
	rule_in rules-ui-grant grant_access_admins
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"grant_access_admins: second plan: No changes."* ]]
	! grep -q '"principal": "account users"' "$BATS_TEST_TMPDIR/ws/workspace.json" || false
}

# The shape of a catalog's grants follows the identity mode (docs/grant-research.md#the-shape-the-course-uses). The
# stack that switches lets the old shape go with a removed block (destroy = false): deleting an authoritative
# databricks_grants revokes every principal it lists, deleting a databricks_grant revokes its principal's privileges
# (TPD catalog/resource_grants.go, catalog/resource_grant.go), in whatever order Terraform runs that beside the new
# shape's creates. Both principals keep their privileges, and nothing is destroyed.
switch_grant_shape() {
	local from=$1 to=$2 ws="$BATS_TEST_TMPDIR/ws"
	rule_in rules "$from"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	cp "$ws/state/$from.tfstate" "$ws/state/$to.tfstate"
	offline apply EMULATOR_DIR="$ws" OFFLINE_OUT="$BATS_TEST_DIRNAME/rules" STACKS="$to"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	[[ "$output" == *"$to: Plan: "*", 0 to change, 0 to destroy."* ]] || { echo "$output"; false; }
	[[ "$output" == *"$to: second plan: No changes."* ]] || { echo "$output"; false; }
	python3 - "$ws/workspace.json" <<'PY'
import json, sys
grants = json.load(open(sys.argv[1]))["records"]["databricks_grants"]["catalog/rules_shape_catalog"]["grant"]
held = {g["principal"]: sorted(g["privileges"]) for g in grants}
assert held == {"alice@example.com": ["ALL_PRIVILEGES"], "data_engineers": ["SELECT", "USE_CATALOG", "USE_SCHEMA"]}, held
PY
}

@test "Authoritative_catalog_grants_become_per_principal_grants_without_revoking_anyone" {
	switch_grant_shape grant_shape_authoritative grant_shape_per_principal
}

@test "Per_principal_catalog_grants_become_authoritative_grants_without_revoking_anyone" {
	switch_grant_shape grant_shape_per_principal grant_shape_authoritative
}

# Unreleased builds wrote one databricks_grant over every (securable, principal) pair (grant_shape_pairs); the course
# now writes one per securable, over the principals: the old resource leaves the state, the new one sets the same
# privileges again.
@test "Per_principal_grants_over_every_pair_become_one_resource_per_securable_without_revoking_anyone" {
	switch_grant_shape grant_shape_pairs grant_shape_per_principal
}
