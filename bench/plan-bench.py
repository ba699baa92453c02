#!/usr/bin/env python3
"""Terraform benchmark against the workspace emulator: for rosters of 8, 1,000 and 10,000 users (the generator of
synth-bench.py), synthesizes the course with the shipped settings (workspace groups, users as Unity Catalog
principals), starts the emulator, and for every course stack in dependency order times with GNU time the first
`terraform plan`, the `apply` of that plan and the re-plan after it (state present, refresh on). It prints each step's
wall time summed over the stacks (run one after another) and the slowest stack's (what the deploy workflow waits for
when it runs the cohorts side by side), the largest peak resident memory of Terraform in any one stack, the emulator's
peak memory (VmHWM from /proc), the provider calls the step made (the emulator's calls.json), and the machine's load
average before and after each size.
A roster larger than --cohort-size is split into cohorts of that size (the cohortSize setting); 0 keeps one stack.

Usage: bench/plan-bench.py [--sizes 8,1000,10000] [--cohort-size N] [--account-groups] [--roster-super-admin]
                           [--settings JSON] [--timeout SECONDS] [--per-stack]
--account-groups uses account-level groups as Unity Catalog principals (the mode for a large course);
--roster-super-admin makes the roster's first admin the one super admin (the docs' recommendation for a course of
its own, instead of the example owner of cdktf.json); --settings adds any settings over cdktf.json (as
CDKTF_CONTEXT_JSON does). A generated roster's first student runs the smoke-test job (courseSmokeRunAs).
With --per-stack, every stack's figures as they are measured, then the re-plans stack by stack.

Last, the re-plan once more with the stacks side by side, as `cdktf deploy '*'` runs them (its --parallelism is
unbounded by default: a stack starts once the stacks it depends on are done) and as the deploy workflow runs the
cohorts: at most --jobs Terraform processes at once (default: the machine's cores). Its wall time is the whole step's,
from the first stack's start to the last one's end.

A size whose step exceeds the timeout is reported as such and the larger sizes are skipped.
"""
import argparse
import concurrent.futures
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import emulator_session

ROOT = Path(__file__).resolve().parent.parent
APP_DLL = ROOT / "src/CdkInfra.App/bin/Release/net10.0/ready-to-run/CdkInfra.App.dll"  # make app publishes it
EMULATOR_DLL = emulator_session.EMULATOR_DLL
# The super admin of cdktf.json exists already; the generated rosters do not list them.
# Account-level groups (docs/identity-modes.md): the mode for a large course, where the shared grants name two groups.
ACCOUNT_GROUPS = {"principals": "groups", "groupsLevel": "account", "databricksAccountId": "00000000-0000-0000-0000-000000000001",
                  "databricksWorkspaceId": "1234567890"}
SEED = {"users": [{"user_name": "course.owner@example.com", "display_name": "Course Owner"}]}


def synth_bench():
    spec = importlib.util.spec_from_file_location("synth_bench", ROOT / "bench/synth-bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(cmd, env, cwd, timeout):
    """Runs cmd under GNU time; returns (wall seconds, peak MB, exit code)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        p = subprocess.run(["/usr/bin/time", "-o", t.name, "-f", "%e %M", *cmd], env=env, cwd=cwd, timeout=timeout,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall, kb = t.read().split()[-2:]
        if p.returncode not in (0, 2):
            sys.stderr.write(p.stderr[-4000:])
            raise SystemExit(f"bench: {' '.join(cmd[:2])} failed (exit {p.returncode})")
        return float(wall), int(kb) / 1024, p.returncode


calls = emulator_session.calls


def diff(after: dict, before: dict) -> int:
    return sum(after.values()) - sum(before.values())


def stack_order(out: Path) -> list:
    """The course stacks, each after the stacks it depends on (cdktf's manifest)."""
    stacks = json.loads((out / "manifest.json").read_text())["stacks"]
    order, done = [], set()

    def visit(name):
        if name not in done:
            done.add(name)
            for dependency in stacks[name].get("dependencies") or []:
                visit(dependency)
            order.append(name)

    for name in sorted(stacks):
        visit(name)
    return [name for name in order if name.startswith("course")]


def levels(out: Path, names: list) -> list:
    """The stacks in waves: each wave's stacks depend only on stacks of earlier waves, so a wave runs side by side."""
    stacks = json.loads((out / "manifest.json").read_text())["stacks"]
    waves, done = [], set()
    while len(done) < len(names):
        wave = [n for n in names if n not in done and set(stacks[n].get("dependencies") or []) & set(names) <= done]
        waves.append(wave)
        done.update(wave)
    return waves


def run_size(size: int, cohort_size: int, settings: dict, scratch: Path, timeout: int, verbose: bool,
             roster_super_admin: bool, jobs: int) -> tuple:
    work = scratch / str(size)
    work.mkdir()
    users = work / "users.json"
    roster = synth_bench().roster(size)
    users.write_text(json.dumps(roster))
    student = next(u["user_name"] for u in roster["users"] if "students" in u["groups"])
    context = {"courseSmokeRunAs": student, **settings, "usersFile": str(users)}
    if roster_super_admin:
        context["superAdmins"] = [next(u["user_name"] for u in roster["users"] if "admins" in u["groups"])]
    if cohort_size and size > cohort_size:
        context["cohortSize"] = cohort_size
    env = dict(os.environ, CDKTF_OUTDIR=str(work / "out"), CDKTF_CONTEXT_JSON=json.dumps(context),
               JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20", CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1")
    if env.get("TF_CLI_CONFIG_FILE") and not os.path.exists(env["TF_CLI_CONFIG_FILE"]):
        env["TF_CLI_CONFIG_FILE"] = "/dev/null"
    subprocess.run(["dotnet", str(APP_DLL)], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=timeout)
    emulator_dir = work / "emulator"
    with emulator_session.served(emulator_dir, SEED) as (server, served_env):
        env["TF_REATTACH_PROVIDERS"] = served_env["TF_REATTACH_PROVIDERS"]
        stacks = stack_order(work / "out")
        steps = {}  # step -> [wall sum, max MB, calls, slowest stack's wall]
        per_stack = []

        def add(stack, step, wall, mb, n):
            total = steps.setdefault(step, [0.0, 0.0, 0, 0.0])
            total[0] += wall
            total[1] = max(total[1], mb)
            total[2] += n
            total[3] = max(total[3], wall)
            per_stack.append((stack, step, wall, mb, n))
            if verbose:  # as it happens: a long run that is stopped still shows what it measured
                print(f"  {stack:<24} {step:<20} {wall:>7.1f} s {mb:>6.0f} MB {n:>7} calls", flush=True)

        # Every stack is planned and applied before the next: the later ones read what the earlier ones created.
        for stack in stacks:
            folder = work / "out/stacks" / stack
            env["TF_DATA_DIR"] = str(work / "tfdata" / stack)
            tf = ["terraform", f"-chdir={folder}"]
            subprocess.run([*tf, "init", "-input=false", "-no-color", f"-backend-config=path={work / (stack + '.tfstate')}"], env=env,
                           check=True, stdout=subprocess.DEVNULL, timeout=timeout)
            plan = work / f"{stack}.plan"
            before = calls(emulator_dir)
            wall, mb, _ = timed([*tf, "plan", "-input=false", "-no-color", f"-out={plan}"], env, ROOT, timeout)
            after = calls(emulator_dir)
            add(stack, "plan (no state)", wall, mb, diff(after, before))
            wall, mb, _ = timed([*tf, "apply", "-input=false", "-no-color", str(plan)], env, ROOT, timeout)
            before = calls(emulator_dir)
            add(stack, "apply", wall, mb, diff(before, after))

        # The re-plans, once everything exists: what every later roster edit starts with.
        for stack in stacks:
            folder = work / "out/stacks" / stack
            env["TF_DATA_DIR"] = str(work / "tfdata" / stack)
            before = calls(emulator_dir)
            wall, mb, code = timed(["terraform", f"-chdir={folder}", "plan", "-input=false", "-no-color", "-detailed-exitcode"],
                                   env, ROOT, timeout)
            after = calls(emulator_dir)
            add(stack, "re-plan" + (" (changes!)" if code == 2 else ""), wall, mb, diff(after, before))

        # The same re-plan with the stacks side by side, wave after wave.
        def replan(stack):
            stack_env = dict(env, TF_DATA_DIR=str(work / "tfdata" / stack))
            return timed(["terraform", f"-chdir={work / 'out/stacks' / stack}", "plan", "-input=false", "-no-color", "-detailed-exitcode"],
                         stack_env, ROOT, timeout)

        step = f"re-plan, {jobs} at once"
        before = calls(emulator_dir)
        start, slowest, peak, changed = time.monotonic(), 0.0, 0.0, False
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            for wave in levels(work / "out", stacks):
                for wall, mb, code in pool.map(replan, wave):
                    slowest, peak, changed = max(slowest, wall), max(peak, mb), changed or code == 2
        elapsed = time.monotonic() - start
        after = calls(emulator_dir)
        steps[step + (" (changes!)" if changed else "")] = [elapsed, peak, diff(after, before), slowest]

        status = Path(f"/proc/{server.pid}/status").read_text()
        hwm = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
        rows = [(size, len(stacks), step, *values, hwm) for step, values in steps.items()]
        return rows, per_stack


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="8,1000,10000")
    parser.add_argument("--cohort-size", type=int, default=500, help="split rosters larger than this into cohorts (0: one stack)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds allowed for one step of one stack")
    parser.add_argument("--per-stack", action="store_true", help="also print every stack's figures")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="Terraform processes at once in the side-by-side re-plan")
    parser.add_argument("--settings", default="{}", help="settings over cdktf.json, as a JSON object")
    parser.add_argument("--account-groups", action="store_true",
                        help=f"add the account-groups settings (principals: groups, groupsLevel: account): {json.dumps(ACCOUNT_GROUPS)}")
    parser.add_argument("--roster-super-admin", action="store_true",
                        help="the roster's first admin is the one super admin (superAdmins), instead of cdktf.json's")
    args = parser.parse_args()
    if args.account_groups:
        args.settings = json.dumps({**ACCOUNT_GROUPS, **json.loads(args.settings)})
    if not APP_DLL.exists() or not EMULATOR_DLL.exists():
        subprocess.run(["make", "-s", "-C", str(ROOT), "app"], check=True)
    version = subprocess.run(["terraform", "version"], capture_output=True, text=True).stdout.splitlines()[0]
    settings = "the shipped settings" + (f" with {args.settings}" if args.settings != "{}" else "") + \
        (", the roster's first admin as super admin" if args.roster_super_admin else "")
    print(f"{version}, course stacks with {settings}, cohort size {args.cohort_size or 'none'}, {os.cpu_count()} cores")
    print("load average (1, 5, 15 min): %.2f %.2f %.2f" % os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="cdkinfra-plan-bench-") as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            try:
                rows, per_stack = run_size(size, args.cohort_size, json.loads(args.settings), Path(scratch), args.timeout,
                                           args.per_stack, args.roster_super_admin, args.jobs)
            except subprocess.TimeoutExpired:
                print(f"{size:>7} did not finish within {args.timeout} s per step; larger sizes skipped")
                break
            if args.per_stack:
                print(f"{size} users, re-plan stack by stack (refresh on, nothing to change):")
                for stack, step, wall, mb, n in per_stack:
                    if step.startswith("re-plan"):
                        print(f"  {stack:<24} {wall:>7.1f} s {mb:>6.0f} MB {n:>7} calls{'  CHANGES' if step != 're-plan' else ''}")
            print(f"{'users':>7} {'stacks':>6} {'step':<20} {'wall s':>8} {'slowest s':>10} {'max MB/stack':>13} {'calls':>7} {'emulator MB':>12}")
            for users, stacks, step, wall, mb, n, slowest, hwm in rows:
                print(f"{users:>7} {stacks:>6} {step:<20} {wall:>8.1f} {slowest:>10.1f} {mb:>13.0f} {n:>7} {hwm:>12.0f}", flush=True)
            print("load average (1, 5, 15 min): %.2f %.2f %.2f" % os.getloadavg(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
