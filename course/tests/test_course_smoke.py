"""scripts/course-smoke.sh against a stand-in for curl that answers like the Databricks Jobs API 2.2.

The stand-in's answers follow the documented shapes: run-now returns {"run_id", "number_in_job"}
(https://docs.databricks.com/api/workspace/jobs/runnow); runs/get returns the run with "state" {"life_cycle_state",
"result_state", "state_message"}, "run_page_url" and "tasks", each with its own "state"
(https://docs.databricks.com/api/workspace/jobs/getrun); life cycle states pass PENDING and RUNNING and end in
TERMINATED, SKIPPED or INTERNAL_ERROR; errors are {"error_code", "message"} with an HTTP status
(https://docs.databricks.com/api/workspace/jobs); the OAuth token endpoint /oidc/v1/token returns {"access_token"}
(https://docs.databricks.com/dev-tools/auth/oauth-m2m).
"""

import json
import os
import stat
import subprocess
import tempfile
import textwrap
import unittest
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "course-smoke.sh"

FAKE_CURL = textwrap.dedent(r'''
    #!/usr/bin/env python3
    """Answers like the Jobs API; records each call (method, url, body, config from stdin) in $FAKE_LOG."""
    import json, os, sys
    args = sys.argv[1:]
    method, url, data, config = "GET", None, None, ""
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-X":
            method = args[i + 1]; i += 1
        elif a == "--data":
            data = args[i + 1]; i += 1
        elif a in ("-H", "-w"):
            i += 1
        elif a == "--config":
            config = sys.stdin.read(); i += 1
        elif a.startswith("http"):
            url = a
        i += 1
    scenario = json.load(open(os.environ["FAKE_SCENARIO"]))
    with open(os.environ["FAKE_LOG"], "a") as log:
        log.write(json.dumps({"method": method, "url": url, "data": data, "config": config, "argv": args}) + "\n")
    def answer(status, body):
        sys.stdout.write(json.dumps(body) + ("\n%d" % status if "-w" in args else ""))
        sys.exit(0 if status < 400 or "--fail" not in args else 22)
    if url.endswith("/oidc/v1/token"):
        answer(200, {"access_token": "oauth-token", "token_type": "Bearer", "expires_in": 3600})
    token = scenario.get("token", "pat-token")
    if 'header = "Authorization: Bearer %s"' % token not in config:
        answer(401, {"error_code": "UNAUTHENTICATED", "message": "Credential was not sent or was of an unsupported type"})
    if url.endswith("/api/2.2/jobs/run-now"):
        if scenario.get("run_now_error"):
            answer(403, {"error_code": "PERMISSION_DENIED", "message": scenario["run_now_error"]})
        answer(200, {"run_id": 77, "number_in_job": 77})
    if "/api/2.2/jobs/runs/get?run_id=77" in url:
        count_file = os.environ["FAKE_LOG"] + ".gets"
        n = int(open(count_file).read()) if os.path.exists(count_file) else 0
        open(count_file, "w").write(str(n + 1))
        states = scenario["states"]
        answer(200, states[min(n, len(states) - 1)])
    answer(404, {"error_code": "ENDPOINT_NOT_FOUND", "message": "No API found for '%s'" % url})
''').lstrip()

URL = "https://dbc-1234.cloud.databricks.com/?o=1#job/5/run/77"


def run_state(life_cycle, result=None, message="", tasks=()):
    state = {"life_cycle_state": life_cycle, "state_message": message}
    if result:
        state["result_state"] = result
    return {"run_id": 77, "job_id": 5, "run_page_url": URL, "state": state,
            "tasks": [{"task_key": key, "start_time": 1_700_000_000_000 + 60_000 * i,
                       "state": {"life_cycle_state": "TERMINATED", "result_state": r}}
                      for i, (key, r) in enumerate(tasks)]}


class CourseSmokeTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = Path(tmp.name)
        bin_dir = self.dir / "bin"
        bin_dir.mkdir()
        curl = bin_dir / "curl"
        curl.write_text(FAKE_CURL)
        curl.chmod(curl.stat().st_mode | stat.S_IEXEC)
        self.log = self.dir / "calls.jsonl"
        self.scenario = self.dir / "scenario.json"
        self.env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "FAKE_LOG": str(self.log),
                    "FAKE_SCENARIO": str(self.scenario), "DATABRICKS_HOST": "dbc-1234.cloud.databricks.com/",
                    "DATABRICKS_TOKEN": "pat-token", "COURSE_SMOKE_POLL_SECONDS": "0", "HOME": str(self.dir)}

    def run_script(self, scenario, *args, **env):
        self.scenario.write_text(json.dumps(scenario))
        environment = {k: v for k, v in {**self.env, **env}.items() if v is not None}
        return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=environment, cwd=self.dir,
                              timeout=60)

    def calls(self):
        return [json.loads(line) for line in self.log.read_text().splitlines()] if self.log.exists() else []

    def test_a_passing_run_waits_for_the_end_and_exits_0(self):
        result = self.run_script({"states": [run_state("PENDING"), run_state("RUNNING"),
                                             run_state("TERMINATED", "SUCCESS", tasks=[("week1_00_x", "SUCCESS")])]},
                                 "5")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("run 77 succeeded", result.stdout)
        self.assertIn(URL, result.stdout)
        calls = self.calls()
        self.assertEqual([(c["method"], c["url"]) for c in calls], [
            ("POST", "https://dbc-1234.cloud.databricks.com/api/2.2/jobs/run-now"),
            *[("GET", "https://dbc-1234.cloud.databricks.com/api/2.2/jobs/runs/get?run_id=77")] * 3])
        self.assertEqual(json.loads(calls[0]["data"]), {"job_id": 5})
        self.assertFalse(any("pat-token" in arg for c in calls for arg in c["argv"]), "the token is never an argument")

    def test_a_failing_run_names_the_failed_task_and_exits_1(self):
        result = self.run_script({"states": [run_state(
            "TERMINATED", "FAILED", "Task week2_04_file_ingestion failed with message: AssertionError",
            tasks=[("week1_00_x", "SUCCESS"), ("week2_04_file_ingestion", "FAILED")])]}, "5")
        self.assertEqual(result.returncode, 1)
        self.assertIn("ended TERMINATED/FAILED; first failing lesson: week2_04_file_ingestion (FAILED)", result.stderr)
        self.assertIn("AssertionError", result.stderr)
        self.assertIn(URL, result.stderr)

    def test_only_the_first_failing_lesson_is_named_not_the_lessons_that_did_not_run(self):
        # The API lists tasks in no promised order; the first failing lesson is the earliest that failed itself.
        state = run_state("TERMINATED", "FAILED", "", tasks=[
            ("week1_00_x", "SUCCESS"), ("week2_04_file_ingestion", "FAILED"), ("week2_05_api_ingest", "UPSTREAM_FAILED"),
            ("week2_06_database_ingest", "UPSTREAM_FAILED")])
        state["tasks"].reverse()
        result = self.run_script({"states": [state]}, "5")
        self.assertEqual(result.returncode, 1)
        self.assertIn("first failing lesson: week2_04_file_ingestion (FAILED); 2 later lessons did not run", result.stderr)
        self.assertNotIn("week2_05_api_ingest", result.stderr)
        self.assertNotIn("week2_06_database_ingest", result.stderr)

    def test_a_timed_out_lesson_is_named_with_its_state(self):
        result = self.run_script({"states": [run_state("TERMINATED", "TIMEDOUT", tasks=[
            ("week1_00_x", "SUCCESS"), ("week5_14_create_job_with_wheel", "TIMEDOUT"),
            ("week5_15_orchestrate_tasks_in_job", "UPSTREAM_FAILED")])]}, "5")
        self.assertIn("first failing lesson: week5_14_create_job_with_wheel (TIMEDOUT); 1 later lessons did not run",
                      result.stderr)

    def test_an_internal_error_ends_the_wait(self):
        result = self.run_script({"states": [run_state("INTERNAL_ERROR", "FAILED", "Run failed with error")]}, "5")
        self.assertEqual(result.returncode, 1)
        self.assertIn("ended INTERNAL_ERROR/FAILED", result.stderr)

    def test_the_job_id_from_the_environment_and_a_refused_run_now(self):
        result = self.run_script({"states": [], "run_now_error": "User is not an owner of the job"},
                                 COURSE_SMOKE_JOB_ID="9")
        self.assertEqual(result.returncode, 1)
        self.assertIn("HTTP 403: User is not an owner of the job", result.stderr)
        self.assertEqual(json.loads(self.calls()[0]["data"]), {"job_id": 9})

    def test_a_service_principal_gets_an_oauth_token_first(self):
        result = self.run_script({"token": "oauth-token", "states": [run_state("TERMINATED", "SUCCESS")]}, "5",
                                 DATABRICKS_TOKEN=None, DATABRICKS_CLIENT_ID="sp-id", DATABRICKS_CLIENT_SECRET="sp-s")
        self.assertEqual(result.returncode, 0, result.stderr)
        token_call = self.calls()[0]
        self.assertTrue(token_call["url"].endswith("/oidc/v1/token"))
        self.assertEqual(token_call["data"], "grant_type=client_credentials&scope=all-apis")
        self.assertIn('user = "sp-id:sp-s"', token_call["config"])

    def test_bad_input_exits_2_without_calling_the_api(self):
        cases = [
            ((), {"COURSE_SMOKE_JOB_ID": None, "COURSE_STACK_DIR": "nowhere"}, "no job id"),
            (("abc",), {}, "job id 'abc' is not a number"),
            (("5",), {"DATABRICKS_HOST": None}, "DATABRICKS_HOST is not set"),
            (("5",), {"DATABRICKS_TOKEN": None}, "no credentials"),
        ]
        for args, env, message in cases:
            with self.subTest(message=message):
                result = self.run_script({"states": []}, *args, **env)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn(message, result.stderr)
        self.assertEqual(self.calls(), [])

    def test_a_run_that_does_not_end_times_out(self):
        result = self.run_script({"states": [run_state("RUNNING")]}, "5", COURSE_SMOKE_TIMEOUT_MINUTES="0")
        self.assertEqual(result.returncode, 1)
        self.assertIn("still RUNNING after 0 minutes", result.stderr)


if __name__ == "__main__":
    unittest.main()
