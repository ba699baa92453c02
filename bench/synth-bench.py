#!/usr/bin/env python3
"""Synthesis benchmark, in one run: for the shipped roster (8 users) and generated rosters (10,000 by default),

- the app command of cdktf.json, whole process, against the same resources made in the CDKTF TypeScript idiom
  (bench/ts-idiom: one construct per resource instance, the same cdktf and provider packages from node_modules),
  run in turn, A B A B ..., after one warm-up pair: each side's median wall time and largest peak resident memory of
  any one process (GNU time's %M), and the median of the pairs' ratios (app / idiom), which holds when the machine's
  speed drifts during the run;
- `make synth` with nothing to rebuild, twice: with no input changed since the last synth (the output stands), and
  with the roster's modification time renewed before each run (the app runs);
- the resource blocks and instances synthesized, and the machine's load average before and after.

The roster reaches the app through CDKTF_CONTEXT_JSON (usersFile; generated rosters also name one of their students
as courseSmokeRunAs), the output a scratch folder (CDKTF_OUTDIR; JSON_OUT for make synth).

Usage: bench/synth-bench.py [--sizes shipped,10000] [--runs N] [--large-runs N] [--no-idiom] [--no-make]
"""
import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST = ["ana", "ben", "chen", "dana", "eero", "fatima", "gustav", "hana", "ivan", "jo", "kalle", "lea", "mika", "noor"]
LAST = ["smith", "virtanen", "okafor", "li", "haddad", "garcia", "nguyen", "berg", "kim", "rossi", "tanaka", "novak"]
GNU_TIME = "/usr/bin/time"


def roster(size: int) -> dict:
    rng = random.Random(size)
    users = []
    for i in range(size):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        # the index keeps every email (and so every derived schema name) unique
        users.append({
            "user_name": f"{first}.{last}.{i}@example.com",
            "display_name": f"{first.title()} {last.title()}",
            "groups": ["admins"] if i % 50 == 0 else ["students"],
        })
    return {"users": users}


def principals(config: dict, name: str, entries: dict) -> set:
    """The keys of a per-principal grants' local: merge() of the members' locals (less any listed), the deploying
    identity and a local of named principals. Counted here apart from ts-idiom/plan.py's expansion, so that the check
    that both sides made the same number of instances is not plan.py checking itself."""
    locals_ = config.get("locals", {})
    if "for p, privileges in" in locals_[name]:  # a cohort's members among the named principals: not counted here
        raise SystemExit(f"bench: cannot count the principals of local.{name} (a cohort's stack)")
    result = set()
    for term in re.findall(r"\{ for p in [^}]*\}|local\.\w+", locals_[name][len("${merge("):-2]):
        if m := re.fullmatch(r'\{ for p in keys\(local\.(admin|student)_members\) : p => \[[^\]]*\](?: if !contains\(\[(.*)\], p\))? \}', term):
            excluded = set(re.findall(r'"([^"]*)"', m.group(2) or ""))
            result |= {e for e, u in entries.items() if f"{m.group(1)}s" in u["groups"] and not u["retired"] and e not in excluded}
        elif term.startswith("{ for p in [data."):
            result.add("(deploying identity)")
        elif m := re.fullmatch(r"local\.(\w+)", term):
            result |= set(locals_[m.group(1)])
        else:
            raise SystemExit(f"bench: cannot count the principals of local.{name}: {term!r}")
    return result


def instances(config: dict, empty: bool = False) -> tuple[int, int]:
    """Counts resource blocks and the instances Terraform would plan, evaluating the for_each forms the app emits over
    the stack's own roster local (a cohort's stack holds its cohort); empty=True counts as if the roster were empty."""
    entries = {} if empty else config.get("locals", {}).get("roster", {})
    sizes = {
        "${local.roster}": len(entries),
        "${local.active_roster}": sum(not u["retired"] for u in entries.values()),
        "${local.admin_members}": sum("admins" in u["groups"] and not u["retired"] for u in entries.values()),
        "${local.student_members}": sum("students" in u["groups"] and not u["retired"] for u in entries.values()),
    }
    blocks = total = 0
    for by_name in config.get("resource", {}).values():
        for resource in by_name.values():
            blocks += 1
            for_each = resource.get("for_each")
            if for_each is None:
                total += 1
            elif isinstance(for_each, dict):
                total += len(for_each)
            elif for_each in sizes:
                total += sizes[for_each]
            elif m := re.fullmatch(r"\$\{toset\((\[.*\])\)\}", for_each, re.S):
                total += len(json.loads(m.group(1)))
            elif m := re.fullmatch(r"\$\{local\.(\w+)\}", for_each):
                # Per-principal grants on one securable: one instance per principal of the local map.
                total += len(principals(config, m.group(1), entries))
            else:
                raise SystemExit(f"bench: cannot count instances of for_each {for_each!r}")
    return blocks, total


def output_counts(outdir: Path) -> tuple[int, int]:
    """Resource blocks and instances over every stack of an output."""
    blocks = total = 0
    for folder in sorted((outdir / "stacks").iterdir()):
        b, t = instances(json.loads((folder / "cdk.tf.json").read_text()))
        blocks, total = blocks + b, total + t
    return blocks, total


def timed(command: list, env: dict, outdir: Path | None) -> tuple[float, float]:
    """Runs a command under GNU time from the project folder; (wall seconds, peak MB of its largest process)."""
    if outdir is not None:
        shutil.rmtree(outdir, ignore_errors=True)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        p = subprocess.run([GNU_TIME, "-o", t.name, "-f", "%e %M", *command], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            sys.stderr.write(p.stderr[-4000:])
            raise SystemExit(f"bench: {' '.join(command)} failed (exit {p.returncode})")
        wall, kb = t.read().split()[-2:]
    return float(wall), int(kb) / 1024


def spread(values: list, unit: str = "", digits: int = 2) -> str:
    return f"{statistics.median(values):.{digits}f}{unit} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def load() -> str:
    return "%.2f %.2f %.2f" % os.getloadavg()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="shipped,10000", help="'shipped' (users.json) and/or numbers of generated users")
    parser.add_argument("--runs", type=int, default=7, help="counted runs (pairs) per figure for rosters up to 1,000 users")
    parser.add_argument("--large-runs", type=int, default=3, help="counted runs (pairs) per figure above 1,000 users")
    parser.add_argument("--no-idiom", action="store_true", help="leave out the TypeScript idiom")
    parser.add_argument("--no-make", action="store_true", help="leave out make synth")
    args = parser.parse_args()
    if not os.path.exists(GNU_TIME):
        raise SystemExit("bench: GNU time is required (Debian package 'time')")
    app = json.loads((ROOT / "cdktf.json").read_text())["app"]
    subprocess.run(["make", "-s", "-C", str(ROOT), "app"], check=True)
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"app command: {app}; idiom: node bench/ts-idiom/main.js (Node {node}); .NET SDK {dotnet}; {os.cpu_count()} cores")
    print(f"load average (1, 5, 15 min) before: {load()}", flush=True)
    base_env = dict(os.environ, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20", CHECKPOINT_DISABLE="1")
    rows = []
    with tempfile.TemporaryDirectory(prefix="cdkinfra-bench-") as scratch:
        scratch = Path(scratch)
        for size_text in args.sizes.split(","):
            if size_text == "shipped":
                users = json.loads((ROOT / "users.json").read_text())
                context = {}
            else:
                users = roster(int(size_text))
                student = next(u["user_name"] for u in users["users"] if "students" in u["groups"])
                context = {"courseSmokeRunAs": student}
            size = len(users["users"])
            label = f"{size:,}" + (" (users.json)" if size_text == "shipped" else "")
            roster_file = scratch / f"users-{size_text}.json"
            roster_file.write_text(json.dumps(users))
            env = dict(base_env, CDKTF_CONTEXT_JSON=json.dumps({**context, "usersFile": str(roster_file)}))
            runs = args.runs if size <= 1000 else args.large_runs
            app_out, idiom_out = scratch / f"app-{size_text}", scratch / f"idiom-{size_text}"

            # The idiom's plan comes from the app's own output for this roster.
            timed(["sh", "-c", app], dict(env, CDKTF_OUTDIR=str(app_out)), app_out)
            blocks, total = output_counts(app_out)
            sides = {"app": (["sh", "-c", app], app_out)}
            if not args.no_idiom:
                plan = scratch / f"plan-{size_text}.json"
                subprocess.run([sys.executable, str(ROOT / "bench/ts-idiom/plan.py"), str(app_out), str(plan)], check=True,
                               stderr=subprocess.DEVNULL)
                sides["idiom"] = (["node", str(ROOT / "bench/ts-idiom/main.js"), str(plan)], idiom_out)
            walls, peaks = {name: [] for name in sides}, {name: [] for name in sides}
            for run in range(runs + 1):  # the first pair is the warm-up
                for name, (command, outdir) in sides.items():
                    wall, peak = timed(command, dict(env, CDKTF_OUTDIR=str(outdir)), outdir)
                    if run:
                        walls[name].append(wall)
                        peaks[name].append(peak)
            if "idiom" in sides:
                idiom_blocks, idiom_total = output_counts(idiom_out)
                if idiom_total != total:
                    raise SystemExit(f"bench: the idiom made {idiom_total} resource instances, the app {total}")
            ratios = [a / b for a, b in zip(walls["app"], walls.get("idiom", []))]
            rows.append((f"the app, {label}", runs, walls["app"], peaks["app"], ratios, f"{blocks} blocks, {total} instances"))
            if "idiom" in sides:
                rows.append((f"TypeScript idiom, {label}", runs, walls["idiom"], peaks["idiom"], [], f"{idiom_blocks} blocks, {idiom_total} instances"))

            if not args.no_make:
                make_out = scratch / f"make-{size_text}"
                make = ["make", "-s", "-C", str(ROOT), "synth", f"JSON_OUT={make_out}"]
                timed(make, env, None)  # the output and the inputs' record for this roster
                unchanged = [timed(make, env, None) for _ in range(runs)]
                rows.append((f"make synth, {label}, no input changed", runs, [w for w, _ in unchanged], [m for _, m in unchanged], [], "output stands"))
                touched = []
                for _ in range(runs):
                    os.utime(roster_file)  # the roster "changed": the app runs, nothing is rebuilt
                    touched.append(timed(make, env, None))
                rows.append((f"make synth, {label}, roster touched", runs, [w for w, _ in touched], [m for _, m in touched], [], "the app runs"))
            print(f"  done: {label} (load {load()})", flush=True)

    print()
    print(f"{'':44} {'runs':>4}  {'wall s, median (min-max)':<26} {'peak MB (max)':>13}  {'app / idiom, median of pairs (min-max)':<40} note")
    for name, runs, walls, peaks, ratios, note in rows:
        ratio = spread(ratios, "x") if ratios else ""
        print(f"{name:<44} {runs:>4}  {spread(walls):<26} {max(peaks):>13.0f}  {ratio:<40} {note}")
    print(f"load average (1, 5, 15 min) after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
