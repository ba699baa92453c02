#!/usr/bin/env bash
# Runs the course smoke-test job (every lesson's worked solution, in order) and waits for the result.
#
#   scripts/course-smoke.sh [JOB_ID]          # make course-smoke
#
# The job id comes from the argument, else COURSE_SMOKE_JOB_ID, else the deployed stack's output
# course_smoke_job_id (terraform output in cdktf.out/stacks/course). Credentials come from the environment, as for a
# deploy: DATABRICKS_HOST plus DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (OAuth for a
# service principal). Exit code 0 when the run succeeded, 1 when it failed (the message names the first failing lesson:
# the tasks after it end UPSTREAM_FAILED and are counted, not named), 2 on bad input. Polls every
# COURSE_SMOKE_POLL_SECONDS (default 30) for at most COURSE_SMOKE_TIMEOUT_MINUTES (default 180).
#
# What the job needs (see course/README.md): serverless jobs compute, or the cluster named by the setting
# courseSmokeClusterId; the run-as user of courseSmokeRunAs (a test student of the roster) deployed with the course;
# the identity that deploys it a workspace admin (only an admin may set another user as run_as).
#
# The REST calls (Jobs API 2.2):
#   POST /api/2.2/jobs/run-now {"job_id": N}   -> {"run_id": R, ...}
#   GET  /api/2.2/jobs/runs/get?run_id=R       -> {"state": {"life_cycle_state", "result_state", "state_message"},
#                                                  "run_page_url", "tasks": [{"task_key", "state": {...}}, ...]}
# (https://docs.databricks.com/api/workspace/jobs/runnow, https://docs.databricks.com/api/workspace/jobs/getrun)
set -euo pipefail

fail() {
  echo "course-smoke: $*" >&2
  exit 2
}

job_id=${1:-${COURSE_SMOKE_JOB_ID:-}}
if [[ -z "$job_id" ]]; then
  stack_dir=${COURSE_STACK_DIR:-cdktf.out/stacks/course}
  if [[ -d "$stack_dir" ]] && command -v terraform >/dev/null; then
    job_id=$(terraform -chdir="$stack_dir" output -raw course_smoke_job_id 2>/dev/null || true)
  fi
fi
[[ -n "$job_id" ]] || fail "no job id: pass it as an argument, set COURSE_SMOKE_JOB_ID, or deploy the course stack (output course_smoke_job_id)"
[[ "$job_id" =~ ^[0-9]+$ ]] || fail "job id '$job_id' is not a number"

host=${DATABRICKS_HOST:-}
[[ -n "$host" ]] || fail "DATABRICKS_HOST is not set (the workspace URL, e.g. https://dbc-1234.cloud.databricks.com)"
[[ "$host" == https://* ]] || host="https://$host"
host=${host%/}

poll_seconds=${COURSE_SMOKE_POLL_SECONDS:-30}
timeout_minutes=${COURSE_SMOKE_TIMEOUT_MINUTES:-180}
[[ "$poll_seconds" =~ ^[0-9]+$ && "$timeout_minutes" =~ ^[0-9]+$ ]] || fail "COURSE_SMOKE_POLL_SECONDS and COURSE_SMOKE_TIMEOUT_MINUTES must be whole numbers"

# A bearer token: a personal access token, or one fetched for a service principal (OAuth machine-to-machine,
# https://docs.databricks.com/dev-tools/auth/oauth-m2m). The token never reaches the command line: curl reads the
# header from standard input.
if [[ -n "${DATABRICKS_TOKEN:-}" ]]; then
  token=$DATABRICKS_TOKEN
elif [[ -n "${DATABRICKS_CLIENT_ID:-}" && -n "${DATABRICKS_CLIENT_SECRET:-}" ]]; then
  token=$(printf 'user = "%s:%s"\n' "$DATABRICKS_CLIENT_ID" "$DATABRICKS_CLIENT_SECRET" \
    | curl --silent --show-error --fail --config - -X POST "$host/oidc/v1/token" \
        --data 'grant_type=client_credentials&scope=all-apis' | jq -r '.access_token // empty') \
    || fail "could not get an OAuth token for DATABRICKS_CLIENT_ID at $host/oidc/v1/token"
  [[ -n "$token" ]] || fail "the OAuth token response had no access_token"
else
  fail "no credentials: set DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET"
fi

api() {
  # api METHOD PATH [JSON]: the response body; exits with the API's message on an HTTP error.
  local method=$1 path=$2 body=${3:-}
  local response status
  response=$(printf 'header = "Authorization: Bearer %s"\n' "$token" \
    | curl --silent --show-error --config - -X "$method" "$host$path" \
        -H 'Content-Type: application/json' ${body:+--data "$body"} -w '\n%{http_code}') \
    || { echo "course-smoke: cannot reach $host" >&2; exit 1; }
  status=${response##*$'\n'}
  response=${response%$'\n'*}
  if [[ "$status" != 2* ]]; then
    echo "course-smoke: $method $path: HTTP $status: $(jq -r '.message // .error // .' <<<"$response" 2>/dev/null || echo "$response")" >&2
    exit 1
  fi
  printf '%s' "$response"
}

run_id=$(api POST /api/2.2/jobs/run-now "{\"job_id\": $job_id}" | jq -r '.run_id')
[[ "$run_id" =~ ^[0-9]+$ ]] || { echo "course-smoke: run-now returned no run_id" >&2; exit 1; }
echo "course-smoke: job $job_id started run $run_id"

deadline=$((SECONDS + timeout_minutes * 60))
while :; do
  run=$(api GET "/api/2.2/jobs/runs/get?run_id=$run_id")
  life_cycle=$(jq -r '.state.life_cycle_state // "UNKNOWN"' <<<"$run")
  case "$life_cycle" in
    TERMINATED | SKIPPED | INTERNAL_ERROR) break ;;
  esac
  if ((SECONDS >= deadline)); then
    echo "course-smoke: run $run_id still $life_cycle after $timeout_minutes minutes: $(jq -r '.run_page_url // ""' <<<"$run")" >&2
    exit 1
  fi
  echo "course-smoke: run $run_id is $life_cycle; next look in ${poll_seconds} s"
  sleep "$poll_seconds"
done

result=$(jq -r '.state.result_state // "NONE"' <<<"$run")
url=$(jq -r '.run_page_url // ""' <<<"$run")
if [[ "$result" == SUCCESS ]]; then
  echo "course-smoke: run $run_id succeeded: every lesson's solution ran and passed its checks. $url"
  exit 0
fi
# The first failing lesson: a task that failed itself, not one skipped because a lesson before it failed
# (UPSTREAM_FAILED, UPSTREAM_CANCELED, EXCLUDED). The tasks run one after another, so the earliest start is the first.
# Result states: https://docs.databricks.com/api/workspace/jobs/getrun (state.result_state of each task).
first=$(jq -r '[.tasks[]? | select(.state.result_state != null and .state.result_state != "SUCCESS"
                 and (.state.result_state | startswith("UPSTREAM_") | not) and .state.result_state != "EXCLUDED")]
               | sort_by(.start_time // 0) | first // empty | "\(.task_key) (\(.state.result_state)\(if .state.state_message and .state.state_message != "" then ": " + .state.state_message else "" end))"' <<<"$run")
skipped=$(jq -r '[.tasks[]? | select((.state.result_state // "") | startswith("UPSTREAM_"))] | length' <<<"$run")
note=""
[[ -z "$first" ]] || note="; first failing lesson: $first"
[[ "$skipped" == 0 ]] || note+="; $skipped later lessons did not run"
echo "course-smoke: run $run_id ended $life_cycle/$result$note. $(jq -r '.state.state_message // ""' <<<"$run") $url" >&2
exit 1
