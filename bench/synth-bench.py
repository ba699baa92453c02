#!/usr/bin/env python3
"""Synthesis benchmark: generates rosters of 8, 1,000 and 10,000 users, runs the app command of cdktf.json for each
(with CDKTF_CONTEXT_JSON selecting the roster and CDKTF_OUTDIR a scratch folder), and prints wall time, the peak
resident memory of the largest process (GNU time's %M), and the Terraform resource blocks and instances synthesized; with --cohort-size, also each larger roster split into cohorts (every course stack counted).

Usage: bench/synth-bench.py [--runs N] [--sizes 8,1000,10000] [--cohort-size N]
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
            else:
                raise SystemExit(f"bench: cannot count instances of for_each {for_each!r}")
    return blocks, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per size (the median is printed)")
    parser.add_argument("--sizes", default="8,1000,10000")
    parser.add_argument("--cohort-size", type=int, default=0,
                        help="also synthesize each roster larger than this split into cohorts of this size (0: never)")
    args = parser.parse_args()
    app = json.loads((ROOT / "cdktf.json").read_text())["app"]
    gnu_time = shutil.which("time") or "/usr/bin/time"
    if not os.path.exists(gnu_time):
        raise SystemExit("bench: GNU time is required (Debian package 'time')")

    print(f"app command: {app}")
    print(f"{'users':>7} {'stacks':>6} {'wall s (median)':>16} {'peak MB (max)':>14} {'blocks':>7} {'instances':>10} {'per user':>9}")
    with tempfile.TemporaryDirectory(prefix="cdkinfra-bench-") as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            users = roster(size)
            roster_file = Path(scratch) / f"users-{size}.json"
            roster_file.write_text(json.dumps(users))
            layouts = [{}] + ([{"cohortSize": args.cohort_size}] if args.cohort_size and size > args.cohort_size else [])
            for layout in layouts:
                walls, peaks = [], []
                outdir = Path(scratch) / f"out-{size}"
                for _ in range(args.runs):
                    shutil.rmtree(outdir, ignore_errors=True)
                    env = dict(os.environ, CDKTF_OUTDIR=str(outdir),
                               CDKTF_CONTEXT_JSON=json.dumps({"usersFile": str(roster_file), **layout}),
                               JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20")
                    result = subprocess.run([gnu_time, "-f", "%e %M", "sh", "-c", app], cwd=ROOT, env=env,
                                            capture_output=True, text=True)
                    if result.returncode != 0:
                        sys.stderr.write(result.stderr)
                        raise SystemExit(f"bench: the app failed for {size} users")
                    wall, peak_kb = result.stderr.strip().splitlines()[-1].split()
                    walls.append(float(wall))
                    peaks.append(int(peak_kb) / 1024)
                # Every course stack: the course, or a split roster's base, cohorts and access stack.
                configs = [json.loads((folder / "cdk.tf.json").read_text())
                           for folder in sorted((outdir / "stacks").iterdir()) if folder.name.startswith("course")]
                blocks = sum(instances(c)[0] for c in configs)
                total = sum(instances(c)[1] for c in configs)
                constant = sum(instances(c, empty=True)[1] for c in configs)
                per_user = (total - constant) / size if size else 0
                print(f"{size:>7} {len(configs):>6} {statistics.median(walls):>16.2f} {max(peaks):>14.0f} {blocks:>7} {total:>10} {per_user:>9.2f}",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
