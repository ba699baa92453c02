#!/usr/bin/env python3
"""Terraform benchmark against the workspace emulator: for rosters of 8, 1,000 and 10,000 users (the generator of
synth-bench.py), synthesizes the course stack (account-existing groups, the settings that apply today), starts the
emulator, and times with GNU time the first `terraform plan`, the `apply` of that plan and the re-plan after it
(state present, refresh on), printing wall time, Terraform's peak resident memory, the emulator's peak memory
(VmHWM from /proc) and the provider calls each plan made (the emulator's calls.json).

Usage: bench/plan-bench.py [--sizes 8,1000,10000] [--timeout SECONDS]
A size whose step exceeds the timeout is reported as such and the larger sizes are skipped.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_DLL = ROOT / "src/CdkInfra.App/bin/Release/net10.0/CdkInfra.App.dll"
EMULATOR_DLL = ROOT / "src/CdkInfra.Emulator/bin/Release/net10.0/CdkInfra.Emulator.dll"
# The account groups exist; so does the super admin of cdktf.json, whom the generated rosters do not list.
SEED = {"users": [{"user_name": "course.owner@example.com", "display_name": "Course Owner"}],
        "groups": [{"display_name": "platform_admins", "kind": "account"}, {"display_name": "platform_students", "kind": "account"}]}
CONTEXT = {"groupsLevel": "account-existing", "databricksAccountId": "00000000-0000-0000-0000-000000000001",
           "databricksWorkspaceId": "1234567890"}


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


def calls(folder: Path) -> dict:
    time.sleep(0.7)  # the emulator writes calls.json every 500 ms
    path = folder / "calls.json"
    return json.loads(path.read_text()) if path.exists() else {}


def diff(after: dict, before: dict) -> int:
    return sum(after.values()) - sum(before.values())


def run_size(size: int, scratch: Path, timeout: int) -> list:
    work = scratch / str(size)
    work.mkdir()
    users = work / "users.json"
    users.write_text(json.dumps(synth_bench().roster(size)))
    env = dict(os.environ, CDKTF_OUTDIR=str(work / "out"), CDKTF_CONTEXT_JSON=json.dumps({**CONTEXT, "usersFile": str(users)}),
               JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20", CHECKPOINT_DISABLE="1")
    if env.get("TF_CLI_CONFIG_FILE") and not os.path.exists(env["TF_CLI_CONFIG_FILE"]):
        env["TF_CLI_CONFIG_FILE"] = "/dev/null"
    subprocess.run(["dotnet", str(APP_DLL)], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=timeout)
    emulator_dir = work / "emulator"
    seed = work / "seed.json"
    seed.write_text(json.dumps(SEED))
    subprocess.run(["dotnet", str(EMULATOR_DLL), "seed", str(seed), "--dir", str(emulator_dir)], check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(["dotnet", str(EMULATOR_DLL), "serve", "--dir", str(emulator_dir)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        reattach = emulator_dir / "reattach.json"
        for _ in range(300):
            if reattach.exists() and reattach.stat().st_size:
                break
            time.sleep(0.1)
        env["TF_REATTACH_PROVIDERS"] = reattach.read_text()
        env["TF_DATA_DIR"] = str(work / "tfdata")
        stack = work / "out/stacks/course"
        tf = ["terraform", f"-chdir={stack}"]
        subprocess.run([*tf, "init", "-input=false", "-no-color", f"-backend-config=path={work / 'course.tfstate'}"], env=env,
                       check=True, stdout=subprocess.DEVNULL, timeout=timeout)
        rows = []
        before = calls(emulator_dir)
        wall, mb, _ = timed([*tf, "plan", "-input=false", "-no-color", f"-out={work / 'plan'}"], env, ROOT, timeout)
        after = calls(emulator_dir)
        rows.append((size, "plan (no state)", wall, mb, diff(after, before)))
        wall, mb, _ = timed([*tf, "apply", "-input=false", "-no-color", str(work / "plan")], env, ROOT, timeout)
        before = calls(emulator_dir)
        rows.append((size, "apply", wall, mb, diff(before, after)))
        wall, mb, code = timed([*tf, "plan", "-input=false", "-no-color", "-detailed-exitcode"], env, ROOT, timeout)
        after = calls(emulator_dir)
        rows.append((size, "re-plan" + (" (changes!)" if code == 2 else ""), wall, mb, diff(after, before)))
        status = Path(f"/proc/{server.pid}/status").read_text()
        hwm = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
        return [(*r, hwm) for r in rows]
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="8,1000,10000")
    parser.add_argument("--timeout", type=int, default=900, help="seconds allowed for one step")
    args = parser.parse_args()
    if not APP_DLL.exists() or not EMULATOR_DLL.exists():
        subprocess.run(["make", "-s", "-C", str(ROOT), "app"], check=True)
    version = subprocess.run(["terraform", "version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"{version}, course stack, groupsLevel account-existing, {os.cpu_count()} cores")
    print(f"{'users':>7} {'step':<17} {'wall s':>8} {'terraform MB':>13} {'calls':>7} {'emulator MB':>12}")
    with tempfile.TemporaryDirectory(prefix="cdkinfra-plan-bench-") as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            try:
                rows = run_size(size, Path(scratch), args.timeout)
            except subprocess.TimeoutExpired:
                print(f"{size:>7} did not finish within {args.timeout} s per step; larger sizes skipped")
                break
            for users, step, wall, mb, n, hwm in rows:
                print(f"{users:>7} {step:<17} {wall:>8.1f} {mb:>13.0f} {n:>7} {hwm:>12.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
