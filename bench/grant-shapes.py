#!/usr/bin/env python3
"""How Terraform's plan time grows with the number of principals on one securable, for the two shapes a roster's
grants can take (docs/grant-research.md):

  grants  one authoritative databricks_grants on a catalog whose grant blocks name every principal (a dynamic block over
          a local map, as the access stack writes it)
  grant   one databricks_grant per principal (for_each over a local map keyed by principal), as a cohort stack would
          hold its students'. A map, not a set: Terraform 1.11.4's first plan of a for_each over toset() took 3.6 s of
          CPU for 300 strings and 45 to 74 s for 1,000, where a map of the same 1,000 keys took 4 s

With --catalogs K, the same on K catalogs (K resources of N blocks, or K times N instances: a cohort of 100 holds its
students' grants on the course's five catalogs as 500 instances).

For each shape and each size N, against a fresh workspace emulator seeded with N users and the catalogs: the first
`terraform plan` (no state), the `apply` of that plan, and the re-plan after it (state present, refresh on: what every
later deploy starts with), each timed with GNU time (wall seconds, Terraform's CPU seconds, which load on the machine
changes less, and its peak memory), with the provider calls
the step made (the emulator's calls.json). The re-plan must show no changes.

Usage: bench/grant-shapes.py [--sizes 100,1000] [--shapes grants,grant] [--catalogs K] [--timeout SECONDS]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import emulator_session

ROOT = Path(__file__).resolve().parent.parent
EMULATOR_DLL = emulator_session.EMULATOR_DLL
CATALOG = "bench_catalog"  # and bench_catalog_2 ... with --catalogs
STUDENT_PRIVILEGES = ["USE_CATALOG", "USE_SCHEMA", "SELECT"]
ADMIN = "admin@example.com"


def principals(size: int) -> list:
    return [f"student{i:05d}@example.com" for i in range(1, size + 1)]


def catalogs(count: int) -> list:
    return [CATALOG] + [f"{CATALOG}_{i}" for i in range(2, count + 1)]


def stack(shape: str, size: int, count: int = 1) -> dict:
    students = principals(size)
    head = {
        "terraform": {"backend": {"local": {}},
                      "required_providers": {"databricks": {"source": "databricks/databricks", "version": "1.99.0"}}},
        "provider": {"databricks": [{}]},
    }
    # One catalog: named directly; several: for_each over them (the figures for one catalog were taken without it).
    on = {"catalog": CATALOG} if count == 1 else {"for_each": "${toset(%s)}" % json.dumps(catalogs(count)), "catalog": "${each.key}"}
    if shape == "grants":
        grants = {p: STUDENT_PRIVILEGES for p in students}
        grants[ADMIN] = ["ALL_PRIVILEGES"]
        return {**head, "locals": {"catalog_grants": grants}, "resource": {"databricks_grants": {"catalog": {
            **on,
            "dynamic": {"grant": {"for_each": "${local.catalog_grants}", "iterator": "each",
                                  "content": {"principal": "${each.key}", "privileges": "${each.value}"}}},
        }}}}
    if count == 1:
        rows, catalog, principal = {p: True for p in students}, CATALOG, "${each.key}"
    else:  # keyed "<catalog>|<principal>", as a cohort's grants on several securables would be
        rows, catalog, principal = {f"{c}|{p}": c for c in catalogs(count) for p in students}, "${each.value}", '${split("|", each.key)[1]}'
    return {**head, "locals": {"students": rows}, "resource": {"databricks_grant": {
        "students": {"for_each": "${local.students}", "catalog": catalog, "principal": principal, "privileges": STUDENT_PRIVILEGES},
        "admin": {**on, "principal": ADMIN, "privileges": ["ALL_PRIVILEGES"]},
    }}}


def timed(cmd, env, timeout):
    """Runs cmd under GNU time; returns (wall seconds, CPU seconds, peak MB, exit code)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        p = subprocess.run(["/usr/bin/time", "-o", t.name, "-f", "%e %U %S %M", *cmd], env=env, timeout=timeout,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall, user, system, kb = t.read().split()[-4:]
        if p.returncode not in (0, 2):
            sys.stderr.write(p.stderr[-4000:])
            raise SystemExit(f"grant-shapes: {' '.join(cmd[:3])} failed (exit {p.returncode})")
        return float(wall), float(user) + float(system), int(kb) / 1024, p.returncode


def calls(folder: Path) -> int:
    return sum(emulator_session.calls(folder).values())


def run(shape: str, size: int, count: int, scratch: Path, timeout: int) -> list:
    work = scratch / f"{shape}-{size}-{count}"
    folder = work / "stack"
    folder.mkdir(parents=True)
    (folder / "main.tf.json").write_text(json.dumps(stack(shape, size, count), indent=1))
    seed = {"users": [{"user_name": p} for p in [ADMIN, *principals(size)]], "catalogs": [{"name": c} for c in catalogs(count)]}
    emulator = work / "emulator"
    with emulator_session.served(emulator, seed) as (_, env):
        env["TF_DATA_DIR"] = str(work / "tfdata")
        tf = ["terraform", f"-chdir={folder}"]
        subprocess.run([*tf, "init", "-input=false", "-no-color", f"-backend-config=path={work / 'state.tfstate'}"], env=env,
                       check=True, stdout=subprocess.DEVNULL, timeout=timeout)
        rows = []
        plan = work / "plan"
        for step, cmd in (("plan (no state)", [*tf, "plan", "-input=false", "-no-color", f"-out={plan}"]),
                          ("apply", [*tf, "apply", "-input=false", "-no-color", str(plan)]),
                          ("re-plan", [*tf, "plan", "-input=false", "-no-color", "-detailed-exitcode"])):
            before = calls(emulator)
            wall, cpu, mb, code = timed(cmd, env, timeout)
            rows.append((shape, size * count, step + (" (changes!)" if step == "re-plan" and code == 2 else ""), wall, cpu, mb, calls(emulator) - before))
        return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--shapes", default="grants,grant")
    parser.add_argument("--catalogs", type=int, default=1, help="how many catalogs carry the N principals")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds allowed for one step")
    args = parser.parse_args()
    if not EMULATOR_DLL.exists():
        subprocess.run(["make", "-s", "-C", str(ROOT), "app"], check=True)
    version = subprocess.run(["terraform", "version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"{version}, {os.cpu_count()} cores; load average (1, 5, 15 min): %.2f %.2f %.2f" % os.getloadavg())
    print(f"catalogs: {args.catalogs}; N: principal rows over all of them")
    print(f"{'shape':<7} {'N':>6} {'step':<17} {'wall s':>8} {'cpu s':>7} {'peak MB':>8} {'calls':>7}")
    with tempfile.TemporaryDirectory(prefix="cdkinfra-grant-shapes-") as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            for shape in args.shapes.split(","):
                for shape_, n, step, wall, cpu, mb, count in run(shape, size, args.catalogs, Path(scratch), args.timeout):
                    print(f"{shape_:<7} {n:>6} {step:<17} {wall:>8.1f} {cpu:>7.1f} {mb:>8.0f} {count:>7}", flush=True)
        print("load average (1, 5, 15 min): %.2f %.2f %.2f" % os.getloadavg())
    return 0


if __name__ == "__main__":
    sys.exit(main())
