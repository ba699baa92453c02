# shellcheck disable=SC2034 # the variables are used by the .bats files that load this one
# Shared by the emulator scenarios: run the offline driver in a private emulator folder and read its plan logs.
ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
FIXTURES="$BATS_TEST_DIRNAME/fixtures"
# Settings that apply on a real workspace today, with the account groups seeded into the emulator: the groups referenced
# by name through the workspace provider (createGroups false), or looked up through the account provider.
REFERENCED_GROUPS='"createGroups":false'
ACCOUNT_EXISTING='"groupsLevel":"account-existing","databricksAccountId":"00000000-0000-0000-0000-000000000001","databricksWorkspaceId":"1234567890"'

# offline MODE [VAR=value ...]: the driver with the given environment; sets bats' $status and $output.
offline() {
	local mode=$1
	shift
	run env "$@" "$ROOT/scripts/terraform-offline.sh" "$mode"
}

# The roster of the repository with an edit applied by a Python expression on `users` (a list of entries).
roster() {
	local file=$1 edit=$2
	python3 - "$ROOT/users.json" "$file" "$edit" <<'PY'
import json, sys
users = json.load(open(sys.argv[1]))["users"]
exec(sys.argv[3])
json.dump({"users": users}, open(sys.argv[2], "w"), indent=1)
PY
}

# Addresses of the plan in LOG with the given action ("will be created", "will be destroyed", "must be replaced", ...).
planned() { grep -E "^  # .* $2" "$1" | sed -E 's/^  # (.*) (will be|must be).*/\1/' || true; }
