#!/usr/bin/env python3
"""make synth's last step: runs the built app into OUTDIR, unless nothing it reads has changed since it last wrote
OUTDIR and OUTDIR is as it left it; then the output stands (the app's output is a function of its inputs: the
snapshot tests hold it byte for byte) and its summary is printed again.

What counts as input, conservatively: the app's build folder; every file of the project folder outside what is
generated or installed (.git, node_modules, bin and obj folders, .cache, .emulator, .nuget-local, artifacts, caches,
Terraform's working folders and state files, cdktf.out*); every file or folder that a string of the settings names (cdktf.json's
context and CDKTF_CONTEXT_JSON), wherever it is, and whether it exists; the environment variables the app, cdktf or
the jsii runtime read (CDKTF_*, CDKINFRA_*, SYNTH_*, TERRAFORM_*, JSII_*, NODE_*); the working folder. A file counts by
its path, size and modification time, as make's own checks do. CDKINFRA_PROFILE=1 always runs the app.

Usage: scripts/synth.py APP_DLL OUTDIR    (from the project folder; the exit code is the app's)
"""
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

VERSION = "synth-inputs/1"
SKIPPED_DIRS = {".git", "node_modules", "bin", "obj", ".cache", ".emulator", ".nuget-local", "artifacts", "__pycache__",
                ".terraform", ".gen"}
ENV_PREFIXES = ("CDKTF_", "CDKINFRA_", "SYNTH_", "TERRAFORM_", "JSII_", "NODE_")


def listing(path: Path, skip_generated: bool, digest, exclude=()) -> None:
    """Adds every file under path (or path itself) to the digest: relative name, size, modification time."""
    if not path.exists():
        digest.update(f"absent {path}\n".encode())
        return
    if path.is_file():
        st = path.stat()
        digest.update(f"file {path} {st.st_size} {st.st_mtime_ns}\n".encode())
        return
    for folder, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not (skip_generated and (d in SKIPPED_DIRS or d.startswith("cdktf.out")))
                         and os.path.join(folder, d) not in exclude)
        for name in sorted(files):
            if skip_generated and ".tfstate" in name:  # Terraform's state beside the project: written by deploys, read by none
                continue
            full = os.path.join(folder, name)
            try:
                st = os.stat(full)
            except FileNotFoundError:  # a file removed while walking: a change, and the key says so
                digest.update(f"gone {full}\n".encode())
                continue
            digest.update(f"{os.path.relpath(full, path)} {st.st_size} {st.st_mtime_ns}\n".encode())


def setting_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from setting_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from setting_strings(v)


def inputs_key(root: Path, app_dll: Path, outdir: Path) -> str:
    digest = hashlib.sha256(f"{VERSION}\n{root}\n".encode())
    for name in sorted(os.environ):
        if name.startswith(ENV_PREFIXES):
            digest.update(f"env {name}={os.environ[name]}\n".encode())
    listing(app_dll.parent, False, digest)
    listing(root, True, digest, exclude={str(outdir)})
    # Files and folders the settings name: inside the project they are in the listing above unless it skips them.
    strings = []
    for text in ((root / "cdktf.json").read_text() if (root / "cdktf.json").exists() else "{}", os.environ.get("CDKTF_CONTEXT_JSON") or "{}"):
        try:
            strings.extend(setting_strings(json.loads(text)))
        except json.JSONDecodeError:
            pass  # the app reports it; the text itself is in the key (the file's time, the variable's value)
    for text in sorted(set(strings)):
        if not text or "\0" in text or len(text) > 4096:
            continue
        path = Path(os.path.normpath(root / text))
        covered = path.is_relative_to(root) and not any(part in SKIPPED_DIRS or part.startswith("cdktf.out")
                                                        for part in path.relative_to(root).parts)
        if not covered:
            try:
                listing(path, False, digest)
            except OSError as e:
                digest.update(f"unreadable {path} {e.errno}\n".encode())
    return digest.hexdigest()


def output_key(outdir: Path) -> str:
    digest = hashlib.sha256(f"{VERSION} output\n".encode())
    listing(outdir, False, digest)
    return digest.hexdigest()


def main() -> int:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    root = Path.cwd().resolve()
    app_dll, outdir = Path(sys.argv[1]).resolve(), (root / sys.argv[2]).resolve()
    stamp = root / ".cache" / f"synth-{hashlib.sha256(str(outdir).encode()).hexdigest()[:16]}.json"
    profiling = os.environ.get("CDKINFRA_PROFILE") == "1"
    key = inputs_key(root, app_dll, outdir)
    try:
        last = json.loads(stamp.read_text())
    except (OSError, ValueError):
        last = {}
    if not profiling and last.get("inputs") == key and last.get("output") == output_key(outdir):
        sys.stderr.write(last.get("summary", ""))
        print(f"{outdir.name}: no input changed since it was synthesized; the output stands")
        return 0
    stamp.unlink(missing_ok=True)
    run = subprocess.run(["dotnet", str(app_dll)], env={**os.environ, "CDKTF_OUTDIR": str(outdir)}, stderr=subprocess.PIPE, text=True)
    sys.stderr.write(run.stderr)
    if run.returncode == 0:
        stamp.parent.mkdir(exist_ok=True)
        stamp.write_text(json.dumps({"inputs": key, "output": output_key(outdir), "summary": run.stderr}))
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
