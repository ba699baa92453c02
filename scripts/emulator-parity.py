#!/usr/bin/env python3
"""Runs the emulator's rule cases (tests/emulator/parity/cases.json) and compares their outcomes with a real workspace.

  scripts/emulator-parity.py [--profile NAME] [--case NAME]
      Offline: every case against the emulator (scripts/terraform-offline.sh). Each outcome must match the case's
      expectation and, where a live run of that profile was recorded (tests/emulator/parity/<profile>.json), the
      recorded outcome (PARITY_RECORDS names another folder of records). Prints one line per case; exit 1 on any
      disagreement.

  scripts/emulator-parity.py --live --profile NAME [--case NAME]
      Live: the cases of that profile against the workspace of DATABRICKS_HOST (credentials from the environment, as
      for a deploy), with the real provider from the Terraform registry. Every object a case or its workspace seed
      creates is named with a unique prefix and destroyed afterwards (a failed destroy is reported, exit 1); nothing
      else is touched, and cases that would manage system folders are never run live. Writes the outcomes to
      tests/emulator/parity/NAME.json. NAME says which kind of workspace DATABRICKS_HOST is (docs/emulator.md).

Outcomes: settles (applied, second plan empty), drifts (applied, second plan not empty), fails (with Terraform's first
error). Only Python's standard library; exit 2 on bad usage.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EMULATOR = ROOT / "tests" / "emulator"
CASES = EMULATOR / "parity" / "cases.json"
STACKS = EMULATOR / "rules" / "stacks"
DEFAULT_PROFILE = "default"


def load_cases(profile: str | None, name: str | None) -> list[dict]:
    cases = json.loads(CASES.read_text())["cases"]
    for case in cases:
        case.setdefault("seed", "rules")
        case.setdefault("profile", DEFAULT_PROFILE)
    return [c for c in cases if (profile is None or c["profile"] == profile) and (name is None or c["case"] == name)]


def key(case: dict) -> str:
    """A case's key in a recorded file: its stack and the workspace seed it ran against."""
    return f"{case['case']}@{case['seed']}"


def classify(status: int, output: str) -> tuple[str, str]:
    """Terraform's outcome from the offline driver's (or a live run's) exit status and output."""
    if status == 0:
        return "settles", ""
    if status == 3:
        return "drifts", ""
    errors = [line[len("Error: "):].strip() for line in output.splitlines() if line.startswith("Error: ")]
    return "fails", errors[0] if errors else output.strip().splitlines()[-1] if output.strip() else ""


def agrees(case: dict, outcome: str, message: str, full_output: str = "") -> bool:
    if outcome != case["expect"]:
        return False
    return outcome != "fails" or case.get("message", "") in (full_output or message)


def records() -> Path:
    """Where live outcomes are recorded: tests/emulator/parity, or PARITY_RECORDS."""
    return Path(os.environ.get("PARITY_RECORDS") or EMULATOR / "parity")


def recorded(profile: str) -> dict:
    path = records() / f"{profile}.json"
    return json.loads(path.read_text()).get("cases", {}) if path.exists() else {}


def run_offline(case: dict, scratch: Path) -> tuple[str, str, str]:
    env = dict(os.environ)
    env.update({
        # Short: the emulator's unix socket lives in it, and socket paths are limited to about 100 bytes.
        "EMULATOR_DIR": str(scratch / secrets.token_hex(4)),
        "EMULATOR_SEED": str(EMULATOR / "fixtures" / f"{case['seed']}.seed.json"),
        # A profile without a file of its own (workspace-admin-only, ...) is described by the case's seed offline.
        "EMULATOR_PROFILE": case["profile"] if (EMULATOR / "profiles" / f"{case['profile']}.seed.json").exists() else "",
        "OFFLINE_OUT": str(EMULATOR / "rules"),
        "STACKS": case["case"],
    })
    done = subprocess.run([str(ROOT / "scripts" / "terraform-offline.sh"), "apply"], env=env, capture_output=True, text=True)
    output = done.stdout + done.stderr
    outcome, message = classify(done.returncode, output)
    return outcome, message, output


def offline(profile: str | None, name: str | None) -> int:
    cases = load_cases(profile, name)
    if not cases:
        print("emulator-parity: no case matches", file=sys.stderr)
        return 2
    disagreements = 0
    live = {p: recorded(p) for p in {c["profile"] for c in cases}}
    with tempfile.TemporaryDirectory(prefix="emulator-parity.") as scratch:
        for case in cases:
            outcome, message, output = run_offline(case, Path(scratch))
            ok = agrees(case, outcome, message, output)
            seen = live[case["profile"]].get(key(case))
            if seen is None or seen["outcome"] == "not run":
                validated = "validated live: not yet" + (f" ({seen.get('message', '')})" if seen else "")
            elif agrees(case, seen["outcome"], seen.get("message", "")):
                validated = "validated live: yes"
            else:
                validated = f"LIVE DISAGREES: {seen['outcome']} {seen.get('message', '')}".rstrip()
                ok = False
            disagreements += not ok
            shown = f"{outcome}: {message}" if message else outcome
            print(f"{'ok ' if ok else 'NOT'} {case['profile']:<24} {key(case):<58} {shown[:90]}  [{validated}]")
    print(f"emulator-parity: {len(cases) - disagreements} of {len(cases)} cases agree")
    return 1 if disagreements else 0


# ---- live ----------------------------------------------------------------------------------------------------------


def renamer(prefix: str, seed: dict) -> dict[str, str]:
    """Names of the seed's objects and the cases' own ("rules..." names) to their prefixed live names."""
    names: dict[str, str] = {}
    for user in seed.get("users", []):
        local, _, domain = user["user_name"].partition("@")
        names[user["user_name"]] = f"{prefix}.{local}@{domain}"
    for group in seed.get("groups", []):
        names[group["display_name"]] = f"{prefix}_{group['display_name']}"
    for catalog in seed.get("catalogs", []):
        names[catalog["name"]] = f"{prefix}_{catalog['name']}"
    for scope in seed.get("secret_scopes", []):
        names[scope] = f"{prefix}-{scope}"
    for experiment in seed.get("experiments", []):
        folder, _, leaf = experiment.rpartition("/")
        names[experiment] = f"{folder}/{prefix}-{leaf}"
    return names


EMAIL = re.compile(r"^[^@\s${}]+@[^@\s${}]+$")


def rename(value, names: dict[str, str], prefix: str):
    """The stack with every name it could make or change prefixed, so a live run touches only its own objects: seed
    names, names the case makes ("rules" at the start of a name or path segment), every email (user names) and the
    last segment of every workspace path. Expressions and the case's fixed values (privileges, levels) stay."""
    if isinstance(value, dict):
        return {k: rename(v, names, prefix) for k, v in value.items()}
    if isinstance(value, list):
        return [rename(v, names, prefix) for v in value]
    if isinstance(value, str):
        if value in names:
            return names[value]
        if "${" in value:
            return value
        if EMAIL.match(value):
            local, _, domain = value.partition("@")
            return f"{prefix}.{local}@{domain}"
        segments = value.split("/")
        for i, segment in enumerate(segments):
            if segment.startswith("rules"):
                segments[i] = prefix + segment[len("rules"):]
        if value.startswith("/") and len(segments) > 2 and not segments[-1].startswith(prefix):
            segments[-1] = f"{prefix}-{segments[-1]}"
        return "/".join(segments)
    return value


def strings(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(strings(v) for v in value)) if value else set()
    return {value} if isinstance(value, str) else set()


def used_seed(seed: dict, stack: dict) -> dict:
    """The part of the seed a case refers to: only those objects are made for its live run."""
    used = strings(stack)
    if any("${data.databricks_current_user" in s for s in used):
        used |= {u["user_name"] for u in seed.get("users", [])}
    return {
        "users": [u for u in seed.get("users", []) if u["user_name"] in used or any(u["user_name"] in m for g in seed.get("groups", []) if g["display_name"] in used for m in g.get("members", []))],
        "groups": [g for g in seed.get("groups", []) if g["display_name"] in used],
        "catalogs": [c for c in seed.get("catalogs", []) if c["name"] in used],
        "secret_scopes": [s for s in seed.get("secret_scopes", []) if s in used],
        "experiments": [e for e in seed.get("experiments", []) if e in used],
    }


def setup_stack(seed: dict, names: dict[str, str]) -> tuple[dict, list[str]]:
    """A stack that makes the seed's objects under their live names, and what it cannot make with workspace rights."""
    resources: dict[str, dict] = {}
    missing: list[str] = []
    for i, user in enumerate(seed.get("users", [])):
        resources.setdefault("databricks_user", {})[f"u{i}"] = {"user_name": names[user["user_name"]], "force": True}
    for i, group in enumerate(seed.get("groups", [])):
        if group.get("kind") == "account":
            missing.append(f"account group {group['display_name']}")
            continue
        resources.setdefault("databricks_group", {})[f"g{i}"] = {"display_name": names[group["display_name"]]}
    for i, catalog in enumerate(seed.get("catalogs", [])):
        resources.setdefault("databricks_catalog", {})[f"c{i}"] = {"name": names[catalog["name"]], "force_destroy": True}
        for j, schema in enumerate(catalog.get("schemas", [])):
            if schema != "default":
                resources.setdefault("databricks_schema", {})[f"c{i}s{j}"] = {
                    "catalog_name": f"${{databricks_catalog.c{i}.name}}", "name": schema, "force_destroy": True}
    for i, scope in enumerate(seed.get("secret_scopes", [])):
        resources.setdefault("databricks_secret_scope", {})[f"s{i}"] = {"name": names[scope]}
    for i, experiment in enumerate(seed.get("experiments", [])):
        resources.setdefault("databricks_mlflow_experiment", {})[f"e{i}"] = {"name": names[experiment]}
    stack = {
        "terraform": {"required_providers": {"databricks": {"source": "databricks/databricks", "version": "1.99.0"}}},
        "provider": {"databricks": [{}]},
        "resource": resources,
    }
    return stack, missing


def terraform(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["terraform", f"-chdir={folder}", *args, "-no-color", "-input=false"], capture_output=True, text=True)


def live(profile: str, name: str | None) -> int:
    if not os.environ.get("DATABRICKS_HOST"):
        print("emulator-parity: --live needs DATABRICKS_HOST and credentials in the environment (as for a deploy)", file=sys.stderr)
        return 2
    if shutil.which("terraform") is None:
        print("emulator-parity: --live needs terraform on PATH and the Terraform registry reachable", file=sys.stderr)
        return 2
    cases = load_cases(profile, name)
    if not cases:
        print(f"emulator-parity: no case of profile '{profile}'", file=sys.stderr)
        return 2
    prefix = f"cdkinfra_parity_{secrets.token_hex(3)}"
    results: dict[str, dict] = {}
    leftovers: list[str] = []
    with tempfile.TemporaryDirectory(prefix="emulator-parity-live.") as scratch:
        for case in cases:
            stack = copy.deepcopy(json.loads((STACKS / case["case"] / "main.tf.json").read_text()))
            seed = used_seed(json.loads((EMULATOR / "fixtures" / f"{case['seed']}.seed.json").read_text()), stack)
            names = renamer(prefix, seed)
            setup, missing = setup_stack(seed, names)
            if case.get("live"):
                missing = [f"never run live: {case['live']}"]
            if missing:
                results[key(case)] = {"outcome": "not run", "message": ", ".join(missing)}
                print(f"--  {key(case)}: not run ({', '.join(missing)})")
                continue
            base = Path(scratch) / key(case).replace("@", "-")
            setup_dir, case_dir = base / "setup", base / "case"
            setup_dir.mkdir(parents=True)
            case_dir.mkdir(parents=True)
            (setup_dir / "main.tf.json").write_text(json.dumps(setup, indent=1))
            stack["terraform"].pop("backend", None)
            (case_dir / "main.tf.json").write_text(json.dumps(rename(stack, names, prefix), indent=1))
            try:
                for folder in (setup_dir, case_dir):
                    init = terraform(folder, "init")
                    if init.returncode != 0:
                        raise RuntimeError(init.stdout + init.stderr)
                made = terraform(setup_dir, "apply", "-auto-approve")
                if made.returncode != 0:
                    raise RuntimeError(made.stdout + made.stderr)
                applied = terraform(case_dir, "apply", "-auto-approve")
                status = applied.returncode
                if status == 0:
                    again = terraform(case_dir, "plan", "-detailed-exitcode")
                    status = 3 if again.returncode == 2 else again.returncode
                outcome, message = classify(status, applied.stdout + applied.stderr)
            except RuntimeError as e:
                outcome, message = "not run", f"setup failed: {str(e).strip().splitlines()[-1] if str(e).strip() else ''}"
            finally:
                for folder in (case_dir, setup_dir):
                    if terraform(folder, "destroy", "-auto-approve").returncode != 0:
                        leftovers.append(f"{key(case)} ({folder.name})")
            results[key(case)] = {"outcome": outcome, "message": message}
            print(f"{'ok ' if agrees(case, outcome, message) else 'NOT'} {key(case)}: {outcome} {message}".rstrip())
    path = records() / f"{profile}.json"
    previous = json.loads(path.read_text())["cases"] if path.exists() else {}
    previous.update(results)
    path.write_text(json.dumps({
        "//": f"Outcomes of scripts/emulator-parity.py --live --profile {profile} against a real workspace of that kind.",
        "provider": "1.99.0",
        "cases": dict(sorted(previous.items())),
    }, indent=2) + "\n")
    print(f"emulator-parity: recorded {len(results)} cases in {path}")
    if leftovers:
        print(f"emulator-parity: destroy failed for {', '.join(leftovers)}: remove the objects named {prefix}* by hand", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="run against the workspace of DATABRICKS_HOST and record")
    parser.add_argument("--profile", help="only the cases of this profile (default, free, premium-default-storage, ...)")
    parser.add_argument("--case", help="only this case (a folder of tests/emulator/rules/stacks)")
    args = parser.parse_args()
    if args.live:
        if not args.profile:
            print("emulator-parity: --live needs --profile: which kind of workspace DATABRICKS_HOST is", file=sys.stderr)
            return 2
        return live(args.profile, args.case)
    return offline(args.profile, args.case)


if __name__ == "__main__":
    sys.exit(main())
