#!/usr/bin/env bats
# The helper commands in the three kinds of session a cluster has: an SSH / VS Code session (host, token, interpreter
# binary), the web terminal (root, its own rcfile, no token) and a shell without any Databricks variable.

setup() {
  load test_helper
  common_setup
  "$INIT" 2>/dev/null
  SETTINGS="$HOME/.claude/settings.json"
}

@test "every helper answers --help with its usage, and runs nothing" {
  : >"$STUB_LOG"
  for name in check-claude check-coding-assistants claude-debug claude-token claude-refresh-token claude-token-status \
    claude-setup-token-refresh claude-remove-token-refresh claude-tracing-enable claude-tracing-status \
    claude-tracing-disable git-workspace-init git-workspace-check git-workspace-setup-auth claude-vscode-setup \
    claude-vscode-env claude-vscode-check claude-vscode-config; do
    run "$BIN/$name" --help
    assert_success
    assert_line --index 0 --partial "Usage: $name"
  done
  run cat "$STUB_LOG"
  assert_output ""
}

@test "SSH session: claude starts with the session's token through the helper; nothing is written" {
  ssh_session
  run "$BIN/claude" -p "hello"
  assert_success
  assert_output "claude ran: -p hello"
  [[ ! -e "$SETTINGS" ]]
  # what Claude Code runs as apiKeyHelper (with /bin/sh, output to a pipe): the token, once
  run sh -c "'$BIN/claude-token' | wc -l"
  assert_output 1
  assert_equal "$(sh -c "'$BIN/claude-token'" | cat)" "$FAKE_TOKEN"
  run "$BIN/claude-token" --check
  assert_output "token source: DATABRICKS_TOKEN of this session"
  assert_no_token_leak
}

@test "claude-token never prints the token to a terminal" {
  ssh_session
  run script -qec "$BIN/claude-token" /dev/null
  assert_failure
  assert_output --partial "never to a terminal"
  assert_no_token_leak
}

@test "web terminal: no token, so claude refuses and says how to get one; PATH works without profile.d" {
  run web_terminal "command -v claude; claude -p hi"
  assert_failure 1
  assert_line "$BIN/claude"
  assert_output --partial "no Databricks token in this session (web terminal or notebook)"
  assert_output --partial "read -rs DATABRICKS_TOKEN && export DATABRICKS_TOKEN"
  refute_output --partial "claude ran"
  run web_terminal "DATABRICKS_TOKEN=$FAKE_TOKEN claude -p hi"
  assert_success
  assert_line "claude ran: -p hi"
  run web_terminal "check-claude"
  assert_failure 1
  assert_output --partial "session: web terminal or notebook, user root"
  assert_output --partial "token: NONE in this session"
  assert_no_token_leak
}

@test "a shell with no token falls back to the Databricks CLI login" {
  export STUB_DB_TOKEN="$FAKE_TOKEN"
  run "$BIN/claude" -p hi
  assert_success
  grep -q "^databricks auth token --host $WORKSPACE -o json" "$STUB_LOG"
  assert_equal "$(sh -c "'$BIN/claude-token'" | cat)" "$FAKE_TOKEN"
  run "$BIN/claude-token-status"
  assert_line "token source: the Databricks CLI login (databricks auth token)"
  assert_line "stored token: none (nothing on disk)"
  assert_no_token_leak
}

@test "claude refuses to start unconfigured and says why" {
  ssh_session
  export ANTHROPIC_AUTH_TOKEN=stale
  run "$BIN/claude"
  assert_failure 1
  assert_line --partial "ANTHROPIC_AUTH_TOKEN is set in this shell"
  unset ANTHROPIC_AUTH_TOKEN
  rm "$MANAGED"
  run "$BIN/claude"
  assert_failure 1
  assert_line --partial "managed settings ($MANAGED) are missing"
  run "$BIN/claude" --version
  assert_success
  assert_output "2.1.330 (Claude Code)"
}

@test "without a workspace URL on the cluster the session's DATABRICKS_HOST is used; with neither claude refuses" {
  CLAUDE_CODE_WORKSPACE_URL="" "$INIT" 2>/dev/null
  export DATABRICKS_TOKEN="$FAKE_TOKEN"
  run "$BIN/claude"
  assert_failure 1
  assert_line --partial "the workspace URL is unknown"
  stub claude 'echo "base=$ANTHROPIC_BASE_URL host=$DATABRICKS_HOST"'
  cp "$STUBS/claude" "$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/npm/lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe"
  DATABRICKS_HOST=adb-9.example.net run "$BIN/claude"
  assert_success
  assert_output "base=https://adb-9.example.net/serving-endpoints/anthropic host=adb-9.example.net"
}

@test "user settings: the install never touches them; a stored token blocks claude until claude-refresh-token removes only it" {
  mkdir -p "$HOME/.claude"
  cat >"$SETTINGS" <<EOF
{
  "model": "opus",
  "permissions": { "allow": ["Bash(ls:*)"] },
  "env": { "ANTHROPIC_AUTH_TOKEN": "$FAKE_TOKEN", "MY_VAR": "kept" }
}
EOF
  chmod 640 "$SETTINGS"
  before="$(sha256sum "$SETTINGS")"
  "$INIT" 2>/dev/null
  assert_equal "$(sha256sum "$SETTINGS")" "$before"
  ssh_session
  run "$BIN/claude"
  assert_failure 1
  assert_output --partial "stores a token (ANTHROPIC_AUTH_TOKEN)"
  run "$BIN/claude-refresh-token"
  assert_success
  assert_line --partial "removed the stored token"
  run jq -c . "$SETTINGS"
  assert_output '{"model":"opus","permissions":{"allow":["Bash(ls:*)"]},"env":{"MY_VAR":"kept"}}'
  [[ "$(stat -c %a "$SETTINGS")" == 640 ]]
  run "$BIN/claude" -p ok
  assert_success
  assert_no_token_leak
}

@test "claude-refresh-token without any token says how to get one" {
  run "$BIN/claude-refresh-token"
  assert_failure 1
  assert_output --partial "no Databricks token"
}

@test "claude-setup-token-refresh installs nothing; claude-remove-token-refresh removes an older install's job only" {
  printf '%s\n' "5 4 * * * /usr/bin/true # someone else's job" \
    "0 * * * * $BIN/claude-refresh-token --quiet # claude-code-token-refresh" >"$STUB_CRONTAB"
  run "$BIN/claude-setup-token-refresh"
  assert_success
  assert_output --partial "No refresh job is installed"
  assert_output --partial "What does not: an SSH or VS Code session's DATABRICKS_TOKEN, fixed when the session starts"
  refute_output --partial "nothing goes stale"
  run "$BIN/claude-token-status"
  assert_line --partial "legacy refresh job: present"
  run "$BIN/claude-remove-token-refresh"
  assert_success
  run cat "$STUB_CRONTAB"
  assert_output "5 4 * * * /usr/bin/true # someone else's job"
  run "$BIN/claude-remove-token-refresh"
  assert_output "no refresh job installed"
}

@test "claude-debug redacts every secret form" {
  ssh_session
  export ANTHROPIC_API_KEY="$FAKE_TOKEN"
  mkdir -p "$HOME/.claude"
  printf '{"env": {"ANTHROPIC_AUTH_TOKEN": "%s", "GITHUB_PAT": "%s"}, "apiKey": "x"}\n' "$FAKE_TOKEN" "$FAKE_GIT_TOKEN" >"$SETTINGS"
  {
    echo "Authorization: Bearer $FAKE_TOKEN"
    echo "cloning https://ana:$FAKE_GIT_TOKEN@github.com/org/repo"
    echo "DATABRICKS_TOKEN=$FAKE_TOKEN in env"
    echo "jwt eyJ""hbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbmEifQ.c2lnbmF0dXJl seen" # split: the repository's secret scan looks for the shape
  } >>"$LOG"
  run "$BIN/claude-debug"
  assert_success
  assert_line "DATABRICKS_TOKEN: set (redacted)"
  assert_line "ANTHROPIC_API_KEY: set (redacted)"
  assert_output --partial '"ANTHROPIC_AUTH_TOKEN": "(redacted)"'
  assert_output --partial "Bearer (redacted)"
  assert_output --partial "https://ana:(redacted)@github.com"
  refute_output --partial "${FAKE_GIT_TOKEN:0:10}"
  refute_output --partial "hbGciOiJIUzI1NiJ9"
  refute_output --partial "${FAKE_TOKEN:0:12}"
}

@test "check-claude (and the check-coding-assistants name) shows connection, token source and tracing state" {
  ssh_session
  run "$BIN/check-claude"
  assert_success
  assert_line "claude: $BIN/claude (2.1.330 (Claude Code))"
  assert_line "  result=ok"
  assert_line "session: SSH, user $(id -un)"
  assert_line "workspace: $WORKSPACE"
  assert_line "token: available from DATABRICKS_TOKEN of this session"
  assert_line "configuration: ok"
  assert_line --partial "tracing: mlflow $MLFLOW_V in $CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/mlflow, experiment /Shared/claude-code-tracing (id $EXPERIMENT_ID)"
  assert_line --partial "Claude tracing is not enabled"
  run "$BIN/check-coding-assistants"
  assert_success
  assert_no_token_leak
}

@test "check-claude fails when the init script has not run" {
  rm "$STATUS"
  run "$BIN/check-claude"
  assert_failure 1
  assert_line --partial "init status: missing"
}

@test "claude-tracing-enable: MLflow's hook runs the tracing environment's mlflow by absolute path, not the runtime's" {
  CLAUDE_CODE_SQL_WAREHOUSE_ID=wh42 "$INIT" 2>/dev/null
  ssh_session
  local env_dir="$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/mlflow"
  mkdir -p "$T/proj" "$T/raw" "$T/decoy"
  # The runtime's python and mlflow on PATH (MLflow 3.0.1 on DBR 17.3 LTS ML has no Claude Code hooks).
  printf '#!/usr/bin/env bash\necho "runtime $(basename "$0") $*" >>"$STUB_LOG"\necho "Error: No such command '"'"'claude'"'"'." >&2\nexit 2\n' >"$T/decoy/mlflow"
  cp "$T/decoy/mlflow" "$T/decoy/python"
  chmod 755 "$T/decoy/mlflow" "$T/decoy/python"
  : >"$STUB_LOG"
  run "$BIN/claude-tracing-enable" "$T/proj"
  assert_success
  assert_output --partial "tracing enabled for $T/proj -> experiment /Shared/claude-code-tracing (id $EXPERIMENT_ID) (SQL warehouse wh42)"
  grep -qx "mlflow autolog claude -u databricks -e $EXPERIMENT_ID" "$STUB_LOG"
  # MLflow wrote its hook; the helper pointed it at the environment's console script, whose shebang is its python
  assert_equal "$(jq -r '.hooks.Stop[0].hooks[0].command' "$T/proj/.claude/settings.json")" "$env_dir/bin/mlflow autolog claude stop-hook"
  assert_equal "$(head -1 "$env_dir/bin/mlflow")" "#!$env_dir/bin/python"
  assert_equal "$(jq -c .env "$T/proj/.claude/settings.json")" \
    "{\"MLFLOW_CLAUDE_TRACING_ENABLED\":\"true\",\"MLFLOW_TRACKING_URI\":\"databricks\",\"MLFLOW_EXPERIMENT_ID\":\"$EXPERIMENT_ID\"}"
  # Claude Code runs the hook with /bin/sh and its own PATH, where the runtime's mlflow and python come first.
  : >"$STUB_LOG"
  PATH="$T/decoy:/usr/bin:/bin" run run_stop_hooks "$T/proj"
  assert_success
  grep -qx "venv-python $env_dir/bin/mlflow autolog claude stop-hook" "$STUB_LOG"
  run grep '^runtime ' "$STUB_LOG"
  assert_failure
  assert_equal "$(cat "$STUB_TRACES")" "trace session=s-1 experiment_id=$EXPERIMENT_ID tracking=databricks host=$WORKSPACE"
  # What MLflow writes by itself would run the runtime's mlflow: no trace (this is what the rewrite is for).
  (cd "$T/raw" && "$env_dir/bin/mlflow" autolog claude -u databricks -e "$EXPERIMENT_ID" >/dev/null)
  assert_equal "$(jq -r '.hooks.Stop[0].hooks[0].command' "$T/raw/.claude/settings.json")" "mlflow autolog claude stop-hook"
  : >"$STUB_LOG" && : >"$STUB_TRACES"
  PATH="$T/decoy:/usr/bin:/bin" run run_stop_hooks "$T/raw"
  assert_failure 2
  grep -qx "runtime mlflow autolog claude stop-hook" "$STUB_LOG"
  [[ ! -s "$STUB_TRACES" ]]
}

@test "claude-tracing-enable rewrites the uv form too, keeps the user's own hooks, and re-enabling changes nothing" {
  ssh_session
  local env_dir="$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/mlflow"
  mkdir -p "$T/proj/.claude"
  printf '{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "echo mine"}]}]}, "model": "opus"}\n' >"$T/proj/.claude/settings.json"
  UV=/usr/bin/uv run "$BIN/claude-tracing-enable" "$T/proj"
  assert_success
  run jq -r '.hooks.Stop[].hooks[].command' "$T/proj/.claude/settings.json"
  assert_output "echo mine
$env_dir/bin/mlflow autolog claude stop-hook"
  before="$(cat "$T/proj/.claude/settings.json")"
  run "$BIN/claude-tracing-enable" "$T/proj"
  assert_success
  assert_equal "$(cat "$T/proj/.claude/settings.json")" "$before"
  assert_equal "$(jq -r .model "$T/proj/.claude/settings.json")" opus
}

@test "claude-tracing-status and -disable use the pinned CLI; claude exports what the hook needs" {
  CLAUDE_CODE_SQL_WAREHOUSE_ID=wh42 "$INIT" 2>/dev/null
  ssh_session
  mkdir -p "$T/proj" && cd "$T/proj"
  "$BIN/claude-tracing-enable" >/dev/null
  run "$BIN/claude-tracing-status"
  assert_success
  assert_output "Claude tracing is ENABLED (experiment id $EXPERIMENT_ID)"
  run "$BIN/claude-tracing-disable"
  assert_success
  assert_output --partial "tracing disabled for ."
  [[ ! -e "$T/proj/.claude/settings.json" ]]
  run "$BIN/claude-tracing-status"
  assert_output "Claude tracing is not enabled"
  # the stub is strict: 3.11's group form takes no DIRECTORY argument (3.4's form), only -d/--directory
  run "$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/mlflow/bin/mlflow" autolog claude proj
  assert_failure 2
  assert_output --partial "No such command 'proj'"
  # claude exports the warehouse and host for MLflow's hook, which runs inside Claude Code; never an experiment name
  stub claude 'echo "warehouse=$MLFLOW_TRACING_SQL_WAREHOUSE_ID host=$DATABRICKS_HOST experiment=${MLFLOW_EXPERIMENT_NAME:-unset}"'
  cp "$STUBS/claude" "$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/npm/lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe"
  run "$BIN/claude"
  assert_output "warehouse=wh42 host=$WORKSPACE experiment=unset"
}

@test "claude-tracing-enable refuses without an experiment id; the helpers explain when tracing is not installed" {
  CLAUDE_CODE_TRACING_EXPERIMENT_ID="" "$INIT" 2>/dev/null
  ssh_session
  run "$BIN/claude-tracing-enable" "$T"
  assert_failure 1
  assert_output --partial "names no MLflow experiment"
  rm -rf "$CLAUDE_CODE_INSTALL_ROOT/usr/local/lib/claude-code/mlflow"
  STUB_PIP_FAIL=1 "$INIT" 2>/dev/null
  run "$BIN/claude-tracing-status"
  assert_failure 1
  assert_output --partial "tracing is not installed on this cluster"
  assert_output --partial "pip install of MLflow $MLFLOW_V failed"
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

@test "claude-vscode-* take DATABRICKS_VIRTUAL_ENV as the interpreter binary an SSH session sets, or a folder" {
  ssh_session
  run "$BIN/claude-vscode-env"
  assert_success
  assert_output "$T/python-env/bin/python"
  run "$BIN/claude-vscode-check"
  assert_failure 1
  assert_line "interpreter: $T/python-env/bin/python"
  assert_line "  pyspark: missing"
  assert_line "  pandas: ok"
  run "$BIN/claude-vscode-config"
  assert_success
  assert_equal "$(jq -r '."python.defaultInterpreterPath"' <<<"$output")" "$T/python-env/bin/python"
  DATABRICKS_VIRTUAL_ENV="$T/python-env" run "$BIN/claude-vscode-env"
  assert_output "$T/python-env/bin/python"
  DATABRICKS_VIRTUAL_ENV="$T/nowhere" run "$BIN/claude-vscode-env"
  assert_output --partial "neither a python binary nor an environment folder"
  run "$BIN/claude-vscode-setup"
  assert_success
  assert_output --partial "Remote-SSH"
}
