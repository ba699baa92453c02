"""The CLI of MLflow 3.11.1 as the init script's helpers and Claude Code use it (a test model, run by the tracing
environment's python stub). What it models, and from where:

- `mlflow --version` prints "mlflow, version 3.11.1" (click's version option).
- `mlflow autolog claude` is a click group since mlflow PR 21405 (2026-03, "Use CLI command instead of inline Python
  for Claude Code hooks"): options -d/--directory (default "."), -u/--tracking-uri, -e/--experiment-id,
  -n/--experiment-name, --status, --disable, and the subcommand `stop-hook`. A positional argument is taken as a
  subcommand name, so `mlflow autolog claude proj` fails the way click fails: "No such command", exit 2.
- Setup writes DIRECTORY/.claude/settings.json: the Stop hook command `mlflow autolog claude stop-hook`, or
  `uv run mlflow autolog claude stop-hook` when UV is in the environment (`mlflow_cmd = "uv run mlflow" if "UV" in
  os.environ else "mlflow"`, the upsert_hook of the sibling integrations mlflow/codex/hooks.py and
  mlflow/qwen_code/hooks.py written in the same change; Databricks' ucode matches hooks by the suffix
  " autolog claude stop-hook"), replacing an existing MLflow hook in place, including the legacy
  `python -c "from mlflow.claude_code.hooks import stop_hook_handler; stop_hook_handler()"`; and the env block
  MLFLOW_CLAUDE_TRACING_ENABLED="true", MLFLOW_TRACKING_URI, MLFLOW_EXPERIMENT_ID or MLFLOW_EXPERIMENT_NAME
  (mlflow/claude_code/config.py setup_environment_config).
- `--disable` removes the MLflow hooks and those env keys (mlflow/claude_code/hooks.py disable_tracing_hooks).
- `stop-hook` reads the hook input (JSON with session_id and transcript_path) from stdin and, when tracing is enabled,
  logs a trace; here the trace is a line in $STUB_TRACES naming the experiment, tracking URI and host.
Needs a live check: the exact 3.11.1 text of upsert_hook (read here from PR 21405 and its sibling modules).
"""

import json
import os
import sys
from pathlib import Path

HOOK_SUFFIX = "autolog claude stop-hook"
IDENTIFIERS = ("mlflow autolog claude", "mlflow.claude_code.hooks")
ENV_KEYS = ("MLFLOW_CLAUDE_TRACING_ENABLED", "MLFLOW_TRACKING_URI", "MLFLOW_EXPERIMENT_ID", "MLFLOW_EXPERIMENT_NAME")


def log(line):
    with open(os.environ["STUB_LOG"], "a") as f:
        f.write(line + "\n")


def usage_error(message):
    print("Usage: mlflow autolog claude [OPTIONS] COMMAND [ARGS]...", file=sys.stderr)
    print(f"Error: {message}", file=sys.stderr)
    sys.exit(2)


def load(path):
    return json.loads(path.read_text()) if path.exists() else {}


def save(path, config):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(config, indent=2) + "\n")


def is_mlflow_hook(hook):
    return any(i in hook.get("command", "") for i in IDENTIFIERS)


def setup(directory, tracking_uri, experiment_id, experiment_name):
    path = Path(directory) / ".claude" / "settings.json"
    config = load(path)
    stop = config.setdefault("hooks", {}).setdefault("Stop", [])
    mlflow_cmd = "uv run mlflow" if "UV" in os.environ else "mlflow"
    mlflow_hook = {"type": "command", "command": f"{mlflow_cmd} {HOOK_SUFFIX}"}
    for group in stop:
        for hook in group.get("hooks", []):
            if is_mlflow_hook(hook):
                hook.update(mlflow_hook)
                break
        else:
            continue
        break
    else:
        stop.append({"hooks": [mlflow_hook]})
    env = config.setdefault("env", {})
    env["MLFLOW_CLAUDE_TRACING_ENABLED"] = "true"
    if tracking_uri:
        env["MLFLOW_TRACKING_URI"] = tracking_uri
    if experiment_id:
        env["MLFLOW_EXPERIMENT_ID"] = experiment_id
        env.pop("MLFLOW_EXPERIMENT_NAME", None)
    elif experiment_name:
        env["MLFLOW_EXPERIMENT_NAME"] = experiment_name
        env.pop("MLFLOW_EXPERIMENT_ID", None)
    save(path, config)
    print("Setup Complete")


def status(directory):
    env = load(Path(directory) / ".claude" / "settings.json").get("env", {})
    if env.get("MLFLOW_CLAUDE_TRACING_ENABLED") == "true":
        print(f"Claude tracing is ENABLED (experiment id {env.get('MLFLOW_EXPERIMENT_ID', '-')})")
    else:
        print("Claude tracing is not enabled")


def disable(directory):
    path = Path(directory) / ".claude" / "settings.json"
    config = load(path)
    hooks = config.get("hooks", {})
    groups = [{"hooks": [h for h in g.get("hooks", []) if not is_mlflow_hook(h)]} for g in hooks.get("Stop", [])]
    groups = [g for g in groups if g["hooks"]]
    if groups:
        hooks["Stop"] = groups
    else:
        hooks.pop("Stop", None)
    if not hooks:
        config.pop("hooks", None)
    env = config.get("env", {})
    for key in ENV_KEYS:
        env.pop(key, None)
    if not env:
        config.pop("env", None)
    if config:
        save(path, config)
    elif path.exists():
        path.unlink()
    print("Claude tracing disabled")


def stop_hook():
    data = json.load(sys.stdin)
    if os.environ.get("MLFLOW_CLAUDE_TRACING_ENABLED") != "true":
        print(json.dumps({"continue": True}))
        return
    with open(os.environ["STUB_TRACES"], "a") as f:
        f.write(
            f"trace session={data.get('session_id')} experiment_id={os.environ.get('MLFLOW_EXPERIMENT_ID', '')} "
            f"tracking={os.environ.get('MLFLOW_TRACKING_URI', '')} host={os.environ.get('DATABRICKS_HOST', '')}\n"
        )
    print(json.dumps({"continue": True}))


def main(argv):
    log("mlflow " + " ".join(argv))
    if argv == ["--version"]:
        print("mlflow, version 3.11.1")
        return
    if argv[:2] != ["autolog", "claude"]:
        usage_error(f"No such command '{argv[0] if argv else ''}'.")
    args = argv[2:]
    options = {"-d": ".", "-u": None, "-e": None, "-n": None}
    aliases = {"--directory": "-d", "--tracking-uri": "-u", "--experiment-id": "-e", "--experiment-name": "-n"}
    mode = "setup"
    while args:
        arg = args.pop(0)
        arg = aliases.get(arg, arg)
        if arg in options:
            if not args:
                usage_error(f"Option '{arg}' requires an argument.")
            options[arg] = args.pop(0)
        elif arg in ("--status", "--disable"):
            mode = arg[2:]
        elif arg == "stop-hook":
            mode = "stop-hook"
        elif arg.startswith("-"):
            usage_error(f"No such option: {arg}")
        else:
            usage_error(f"No such command '{arg}'.")
    if mode == "stop-hook":
        stop_hook()
    elif mode == "status":
        status(options["-d"])
    elif mode == "disable":
        disable(options["-d"])
    else:
        setup(options["-d"], options["-u"], options["-e"], options["-n"])


if __name__ == "__main__":
    main(sys.argv[1:])
