#!/usr/bin/env bash
# Plans (and applies) every synthesized stack with the real Terraform against the workspace emulator
# (src/CdkInfra.Emulator), without credentials or network. See docs/emulator.md.
#
#   scripts/terraform-offline.sh plan     synth, start the emulator, init + validate + plan every stack; a stack
#                                         others depend on (a split roster's base and cohorts) is applied too,
#                                         since theirs read what it creates
#   scripts/terraform-offline.sh apply    the same, then apply, then a second plan that must show no changes
#
# Environment:
#   CDKTF_CONTEXT_JSON  settings over cdktf.json, as for synthesis
#   EMULATOR_DIR        the emulated workspace, Terraform state and scratch (default .emulator)
#   EMULATOR_SEED       a seed file: replaces the workspace before the run (users, groups, catalogs, ...)
#   EMULATOR_PROFILE    a shipped workspace profile (tests/emulator/profiles/<name>.seed.json: free,
#                       premium-default-storage, premium-established): the seed, or with EMULATOR_SEED the kind of
#                       workspace that seed's objects live in
#   STACKS              stacks to run, in order (default: every stack, each after the stacks it depends on)
#   OFFLINE_OUT         a folder with stacks/<name>/ already synthesized (or hand-written): no synthesis
# Exit status: 0 when every step passed; otherwise Terraform's own message is shown and the status is non-zero.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-plan}
case "$mode" in plan | apply) ;; *)
	echo "usage: $0 plan|apply" >&2
	exit 2
	;;
esac

dir=$(mkdir -p "${EMULATOR_DIR:-$root/.emulator}" && cd "${EMULATOR_DIR:-$root/.emulator}" && pwd)
out=${OFFLINE_OUT:-$dir/cdktf.out}
app_dll="$root/src/CdkInfra.App/bin/Release/net10.0/ready-to-run/CdkInfra.App.dll"
emulator_dll="$root/src/CdkInfra.Emulator/bin/Release/net10.0/CdkInfra.Emulator.dll"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CHECKPOINT_DISABLE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# A TF_CLI_CONFIG_FILE naming a missing file only makes Terraform warn on every call (as in the Makefile).
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "$TF_CLI_CONFIG_FILE" ]]; then
	export TF_CLI_CONFIG_FILE=/dev/null
fi

log() { printf '%s\n' "offline: $*" >&2; }

emulator_pid=""
stop_emulator() {
	if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
		kill -TERM "$emulator_pid" 2>/dev/null || true
		wait "$emulator_pid" 2>/dev/null || true
	fi
	emulator_pid=""
}
trap stop_emulator EXIT
trap 'exit 130' INT TERM

# Runs one Terraform command in a stack; on failure shows its output (Terraform's message) and stops.
tf() {
	local stack=$1
	shift
	local output status=0
	output=$(TF_DATA_DIR="$dir/terraform/$stack" terraform -chdir="$out/stacks/$stack" "$@" -no-color 2>&1) || status=$?
	printf '%s\n' "$output" >"$dir/logs/$stack.$1.log"
	if ((status != 0)) && ! [[ "$1" == plan && "$*" == *-detailed-exitcode* && status -eq 2 ]]; then
		printf '%s\n' "$output" >&2
		# The provider itself failed: show what the emulator said.
		if [[ "$output" == *"Plugin did not respond"* && -s "$dir/logs/emulator.err" ]]; then
			tail -n 40 "$dir/logs/emulator.err" >&2
		fi
		log "$stack: terraform $1 failed (exit $status)"
		exit "$status"
	fi
	return "$status"
}

summary() { grep -E '^(Plan:|No changes\.|Apply complete!|Changes to Outputs:)' "$dir/logs/$1.$2.log" | head -n 1; }

if [[ ! -f "$app_dll" || ! -f "$emulator_dll" ]]; then
	make -s -C "$root" app >&2
fi

if [[ -z "${OFFLINE_OUT:-}" ]]; then
	rm -rf "$out.tmp"
	(cd "$root" && CDKTF_OUTDIR="$out.tmp" dotnet "$app_dll" >&2)
	rm -rf "$out" && mv "$out.tmp" "$out"
fi

profile_args=()
if [[ -n "${EMULATOR_PROFILE:-}" ]]; then
	profile="$root/tests/emulator/profiles/$EMULATOR_PROFILE.seed.json"
	[[ -f "$profile" ]] || {
		shipped=("$root"/tests/emulator/profiles/*.seed.json)
		shipped=("${shipped[@]##*/}")
		log "no profile '$EMULATOR_PROFILE': ${shipped[*]%.seed.json}"
		exit 2
	}
	# With a seed too, the seed's objects in a workspace of the profile's kind.
	if [[ -n "${EMULATOR_SEED:-}" ]]; then
		profile_args=(--profile "$profile")
	else
		EMULATOR_SEED=$profile
	fi
fi

if [[ -n "${EMULATOR_SEED:-}" ]]; then
	dotnet "$emulator_dll" seed "$EMULATOR_SEED" "${profile_args[@]}" --dir "$dir" >&2
	rm -rf "$dir/state" "$dir/terraform"
fi

mkdir -p "$dir/logs" "$dir/state" "$dir/plans"
rm -f "$dir/reattach.json"
dotnet "$emulator_dll" serve --dir "$dir" >"$dir/logs/emulator.out" 2>"$dir/logs/emulator.err" &
emulator_pid=$!
for _ in $(seq 1 300); do
	[[ -s "$dir/reattach.json" ]] && break
	kill -0 "$emulator_pid" 2>/dev/null || {
		cat "$dir/logs/emulator.err" >&2
		log "the emulator did not start"
		exit 1
	}
	sleep 0.1
done
[[ -s "$dir/reattach.json" ]] || {
	log "the emulator did not start within 30 s"
	exit 1
}
TF_REATTACH_PROVIDERS=$(cat "$dir/reattach.json")
export TF_REATTACH_PROVIDERS TF_IN_AUTOMATION=1

# Each stack after those it depends on (cdktf's manifest): the course or its base first, a split roster's cohorts, its
# access stack, then the coding-assistants stack (the deploy workflow's order too). A stack that another one needs is
# "needed": the plan mode applies it, since the other's data sources read what it creates.
order=$(python3 - "$out/manifest.json" <<'PY'
import json, os, sys
if os.path.exists(sys.argv[1]):
    stacks = json.load(open(sys.argv[1]))["stacks"]
    deps = {name: list(stack.get("dependencies") or []) for name, stack in stacks.items()}
else:  # an OFFLINE_OUT written by hand has no manifest: its stack folders, none depending on another
    deps = {name: [] for name in os.listdir(os.path.join(os.path.dirname(sys.argv[1]), "stacks"))}
needed = {d for ds in deps.values() for d in ds}
done, order = set(), []
def visit(name):
    if name not in done:
        done.add(name)
        for d in deps[name]:
            visit(d)
        order.append(name)
for name in sorted(deps, key=lambda n: (not n.startswith("course"), n)):
    visit(name)
for name in order:
    print(name, "needed" if name in needed else "leaf")
PY
)
declare -A needed=()
stacks=()
while read -r name kind; do
	stacks+=("$name")
	[[ "$kind" == needed ]] && needed[$name]=1
done <<<"$order"
if [[ -n "${STACKS:-}" ]]; then
	read -r -a stacks <<<"$STACKS"
fi

for stack in "${stacks[@]}"; do
	[[ -d "$out/stacks/$stack" ]] || {
		log "no stack '$stack' in $out/stacks"
		exit 2
	}
	tf "$stack" init -input=false -reconfigure -backend-config="path=$dir/state/$stack.tfstate" >/dev/null
	tf "$stack" validate >/dev/null
	tf "$stack" plan -input=false -out="$dir/plans/$stack.tfplan" >/dev/null
	echo "$stack: $(summary "$stack" plan)"
	if [[ "$mode" == plan && -n "${needed[$stack]:-}" ]]; then
		tf "$stack" apply -input=false "$dir/plans/$stack.tfplan" >/dev/null
		echo "$stack: $(summary "$stack" apply) (into the emulator: the stacks after it read what it creates)"
	fi
	if [[ "$mode" == apply ]]; then
		tf "$stack" apply -input=false "$dir/plans/$stack.tfplan" >/dev/null
		echo "$stack: $(summary "$stack" apply)"
		status=0
		tf "$stack" plan -input=false -detailed-exitcode >/dev/null || status=$?
		if ((status == 2)); then
			cat "$dir/logs/$stack.plan.log" >&2
			log "$stack: the plan after apply is not empty (terraform plan -detailed-exitcode returned 2)"
			exit 3
		fi
		echo "$stack: second plan: $(summary "$stack" plan)"
	fi
done
