#!/usr/bin/env bats
# The helper commands installed on the cluster, against stub claude, mlflow, git, databricks and crontab.

setup() {
  load test_helper
  common_setup
  "$INIT" 2>/dev/null
  SETTINGS="$HOME/.claude/settings.json"
}

@test "every helper answers --help with its usage" {
  for name in check-claude claude-debug claude-refresh-token claude-token-status claude-setup-token-refresh \
    claude-remove-token-refresh claude-tracing-enable claude-tracing-status claude-tracing-disable \
    git-workspace-init git-workspace-check git-workspace-setup-auth claude-vscode-setup claude-vscode-env \
    claude-vscode-check claude-vscode-config; do
    run "$BIN/$name" --help
    assert_success
    assert_line --index 0 --partial "Usage: $name"
  done
  run grep -v '^uname\|^node\|^curl\|^npm\|^claude --version' "$STUB_LOG"
  assert_output "" # --help runs nothing
}

@test "claude writes settings.json (600 in a 700 dir) from DATABRICKS_TOKEN on first use, then runs Claude Code" {
  export DATABRICKS_TOKEN="$FAKE_TOKEN"
  run "$BIN/claude" -p "hello"
  assert_success
  assert_output "claude ran: -p hello"
  [[ "$(stat -c %a "$SETTINGS")" == 600 && "$(stat -c %a "$HOME/.claude")" == 700 ]]
  assert_no_token_leak
  run jq -r '.env.ANTHROPIC_BASE_URL, .env.ANTHROPIC_MODEL, .env.ANTHROPIC_AUTH_TOKEN' "$SETTINGS"
  assert_output "$DATABRICKS_HOST/serving-endpoints/anthropic
databricks-claude-sonnet-4-5
$FAKE_TOKEN"
}

@test "claude without any token warns and still starts" {
  run "$BIN/claude" --version
  assert_success
  assert_line --partial "no DATABRICKS_TOKEN"
  [[ ! -e "$SETTINGS" ]]
}

@test "claude-refresh-token rewrites settings from the current token, never printing it" {
  DATABRICKS_TOKEN=dapiOLD0000000000000000000000000000 "$BIN/claude-refresh-token" >/dev/null
  export DATABRICKS_TOKEN="$FAKE_TOKEN"
  run "$BIN/claude-refresh-token"
  assert_success
  assert_output --partial "set (redacted)"
  assert_equal "$(jq -r .env.ANTHROPIC_AUTH_TOKEN "$SETTINGS")" "$FAKE_TOKEN"
  run "$BIN/claude-refresh-token" --quiet
  assert_output ""
  assert_no_token_leak
}

@test "claude-refresh-token falls back to the Databricks CLI login, and fails without any token" {
  run "$BIN/claude-refresh-token"
  assert_failure 1
  assert_output --partial "no token"
  export STUB_DB_TOKEN="$FAKE_TOKEN"
  run "$BIN/claude-refresh-token"
  assert_success
  grep -q "^databricks auth token --host $DATABRICKS_HOST" "$STUB_LOG"
  assert_equal "$(jq -r .env.ANTHROPIC_AUTH_TOKEN "$SETTINGS")" "$FAKE_TOKEN"
  assert_no_token_leak
}

@test "claude-token-status tells whether settings hold the current token" {
  run "$BIN/claude-token-status"
  assert_line --partial "settings.json: missing"
  DATABRICKS_TOKEN="$FAKE_TOKEN" "$BIN/claude-refresh-token" >/dev/null
  DATABRICKS_TOKEN="$FAKE_TOKEN" run "$BIN/claude-token-status"
  assert_line --partial "mode 600"
  assert_line "token: matches DATABRICKS_TOKEN"
  assert_line "refresh job: off"
  DATABRICKS_TOKEN=dapiNEW1111111111111111111111111111 run "$BIN/claude-token-status"
  assert_line --partial "token: differs"
  assert_no_token_leak
}

@test "claude-setup-token-refresh adds one hourly job; claude-remove-token-refresh removes it" {
  echo "5 4 * * * /usr/bin/true # someone else's job" >"$STUB_CRONTAB"
  run "$BIN/claude-setup-token-refresh"
  assert_success
  run "$BIN/claude-setup-token-refresh"
  assert_output --partial "already installed"
  run grep -c 'claude-refresh-token --quiet' "$STUB_CRONTAB"
  assert_output 1
  grep -q "^0 \* \* \* \* DATABRICKS_HOST=$DATABRICKS_HOST $BIN/claude-refresh-token --quiet" "$STUB_CRONTAB"
  run "$BIN/claude-token-status"
  assert_line "refresh job: hourly"
  run "$BIN/claude-remove-token-refresh"
  assert_success
  run cat "$STUB_CRONTAB"
  assert_output "5 4 * * * /usr/bin/true # someone else's job"
  run "$BIN/claude-remove-token-refresh"
  assert_output "no refresh job installed"
}

@test "claude-debug redacts every token" {
  export DATABRICKS_TOKEN="$FAKE_TOKEN" ANTHROPIC_AUTH_TOKEN="$FAKE_TOKEN"
  "$BIN/claude-refresh-token" >/dev/null
  run "$BIN/claude-debug"
  assert_success
  assert_line "DATABRICKS_TOKEN: set (redacted)"
  assert_line "ANTHROPIC_AUTH_TOKEN: set (redacted)"
  assert_line '    "ANTHROPIC_AUTH_TOKEN": "set (redacted)"'
  assert_output --partial "result=ok"
  assert_no_token_leak
}

@test "check-claude shows the init status and the configuration" {
  export DATABRICKS_TOKEN="$FAKE_TOKEN"
  run "$BIN/check-claude"
  assert_success
  assert_line "claude: $BIN/claude (2.1.330 (Claude Code))"
  assert_line "DATABRICKS_TOKEN: set (redacted)"
  assert_line "  result=ok"
  assert_line --partial "settings: not written yet"
  assert_no_token_leak
}

@test "check-claude fails when the init script has not run" {
  rm "$STATUS"
  run "$BIN/check-claude"
  assert_failure 1
  assert_line --partial "init status: missing"
}

@test "claude-tracing-* drive mlflow autolog with the configured experiment" {
  export MLFLOW_EXPERIMENT_NAME=/Workspace/Users/ana/traces
  run "$BIN/claude-tracing-enable" proj
  assert_success
  grep -qx "mlflow autolog claude proj -u databricks -n /Workspace/Users/ana/traces" "$STUB_LOG"
  run "$BIN/claude-tracing-status"
  grep -qx "mlflow autolog claude . --status" "$STUB_LOG"
  run "$BIN/claude-tracing-disable"
  assert_success
  grep -qx "mlflow autolog claude . --disable" "$STUB_LOG"
  rm "$STUBS/mlflow"
  PATH="$STUBS:/usr/bin:/bin" run "$BIN/claude-tracing-status"
  assert_failure 1
  assert_output --partial "mlflow is not installed"
}

@test "git-workspace-init clones a repository or initialises the current directory" {
  cd "$T"
  run "$BIN/git-workspace-init" https://github.com/org/repo.git work
  assert_success
  grep -qx "git clone -- https://github.com/org/repo.git work" "$STUB_LOG"
  STUB_GIT_REPO=0 run "$BIN/git-workspace-init"
  assert_success
  grep -qx "git init -b main" "$STUB_LOG"
  run "$BIN/git-workspace-init"
  assert_output --partial "already a git repository"
}

@test "git-workspace-check reports branch, uncommitted and unpushed changes" {
  cd "$T"
  run "$BIN/git-workspace-check"
  assert_success
  assert_line "branch: main"
  assert_line "uncommitted changes: 2"
  assert_line "unpushed commits: 3"
  STUB_GIT_UPSTREAM=0 run "$BIN/git-workspace-check"
  assert_line "unpushed commits: no upstream branch set"
  STUB_GIT_REPO=0 run "$BIN/git-workspace-check"
  assert_failure 1
  assert_output --partial "not a git repository"
}

@test "git-workspace-setup-auth stores a token from stdin with mode 600 and never echoes it" {
  run "$BIN/git-workspace-setup-auth" --host github.com --user ana <<<"$FAKE_GIT_TOKEN"
  assert_success
  refute_output --partial "${FAKE_GIT_TOKEN:0:10}"
  creds="$HOME/.config/git/databricks-credentials"
  [[ "$(stat -c %a "$creds")" == 600 ]]
  run cat "$creds"
  assert_output "https://ana:$FAKE_GIT_TOKEN@github.com"
  grep -qx "git config --global credential.https://github.com.helper store --file=$creds" "$STUB_LOG"
  run grep -rlF "${FAKE_GIT_TOKEN:0:10}" "$HOME" "$STUB_LOG" "$CLAUDE_CODE_INSTALL_ROOT"
  assert_output "$creds"
  # a second token for the same host replaces the first
  "$BIN/git-workspace-setup-auth" --user ana <<<"ghp_SECOND" >/dev/null
  run cat "$creds"
  assert_output "https://ana:ghp_SECOND@github.com"
}

@test "git-workspace-setup-auth reads a Databricks secret; rejects an empty token" {
  export STUB_SECRET="$FAKE_GIT_TOKEN"
  run "$BIN/git-workspace-setup-auth" --secret course/github-token </dev/null
  assert_success
  grep -q "^databricks secrets get-secret course github-token" "$STUB_LOG"
  grep -qF "git:$FAKE_GIT_TOKEN@github.com" "$HOME/.config/git/databricks-credentials"
  refute_output --partial "${FAKE_GIT_TOKEN:0:10}"
  run "$BIN/git-workspace-setup-auth" --host gitlab.com </dev/null
  assert_failure 1
  assert_output --partial "empty token"
  run "$BIN/git-workspace-setup-auth" --bogus
  assert_failure 2
}

@test "claude-vscode-* find the Databricks Python environment and print valid settings" {
  venv="$T/venv"
  mkdir -p "$venv/bin"
  printf '#!/usr/bin/env bash\n[[ "$2" != "import pyspark" ]]\n' >"$venv/bin/python"
  chmod 755 "$venv/bin/python"
  export DATABRICKS_VIRTUAL_ENV="$venv"
  run "$BIN/claude-vscode-env"
  assert_output "$venv/bin/python"
  run "$BIN/claude-vscode-check"
  assert_failure 1
  assert_line "  pyspark: missing"
  assert_line "  pandas: ok"
  run "$BIN/claude-vscode-config"
  assert_success
  assert_equal "$(jq -r '."python.defaultInterpreterPath"' <<<"$output")" "$venv/bin/python"
  run "$BIN/claude-vscode-setup"
  assert_success
  assert_output --partial "Remote-SSH"
}
