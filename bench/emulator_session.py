"""The workspace emulator as the Terraform benchmarks use it: a workspace seeded in a folder, served for the length of
a `with` block, and the environment Terraform reaches it with. Imported by plan-bench.py and grant-shapes.py."""
import contextlib
import json
import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EMULATOR_DLL = ROOT / "src/CdkInfra.Emulator/bin/Release/net10.0/CdkInfra.Emulator.dll"


@contextlib.contextmanager
def served(folder: Path, seed: dict):
    """Seeds the workspace in `folder` with `seed` and serves it; yields (the server process, an environment with
    TF_REATTACH_PROVIDERS set and a missing TF_CLI_CONFIG_FILE replaced). The server stops when the block ends."""
    seed_file = folder.parent / f"{folder.name}.seed.json"
    seed_file.write_text(json.dumps(seed))
    subprocess.run(["dotnet", str(EMULATOR_DLL), "seed", str(seed_file), "--dir", str(folder)], check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(["dotnet", str(EMULATOR_DLL), "serve", "--dir", str(folder)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        reattach = folder / "reattach.json"
        for _ in range(300):
            if reattach.exists() and reattach.stat().st_size:
                break
            time.sleep(0.1)
        else:
            raise SystemExit(f"bench: the emulator did not start within 30 s ({folder})")
        env = dict(os.environ, TF_REATTACH_PROVIDERS=reattach.read_text(), TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1")
        if env.get("TF_CLI_CONFIG_FILE") and not os.path.exists(env["TF_CLI_CONFIG_FILE"]):
            env["TF_CLI_CONFIG_FILE"] = "/dev/null"
        yield server, env
    finally:
        server.terminate()
        server.wait(timeout=30)


def calls(folder: Path) -> dict:
    """The provider calls the server answered so far, by kind (it writes calls.json every 500 ms)."""
    time.sleep(0.7)
    path = folder / "calls.json"
    return json.loads(path.read_text()) if path.exists() else {}
