"""The parts of scripts/emulator-parity.py that a live run depends on, checked without a workspace."""
import importlib.util
import json
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
spec = importlib.util.spec_from_file_location("parity", ROOT / "scripts" / "emulator-parity.py")
parity = importlib.util.module_from_spec(spec)
spec.loader.exec_module(parity)
SEED = json.loads((ROOT / "tests/emulator/fixtures/rules.seed.json").read_text())


def stack(case):
    return json.loads((ROOT / "tests/emulator/rules/stacks" / case / "main.tf.json").read_text())


class Parity(unittest.TestCase):
    def test_every_case_names_a_stack_and_a_seed_and_a_known_outcome(self):
        for case in parity.load_cases(None, None):
            self.assertTrue((parity.STACKS / case["case"] / "main.tf.json").exists(), case)
            self.assertTrue((parity.EMULATOR / "fixtures" / f"{case['seed']}.seed.json").exists(), case)
            self.assertIn(case["expect"], {"settles", "drifts", "fails"})
            self.assertTrue(case["expect"] != "fails" or case.get("message"), f"{case['case']}: a failure names its message")

    def test_a_live_run_renames_every_object_it_makes_and_the_seed_objects_it_uses(self):
        prefix = "cdkinfra_parity_abc123"
        case = stack("grants_workspace_local_group")
        seed = parity.used_seed(SEED, case)
        renamed = json.dumps(parity.rename(case, parity.renamer(prefix, seed), prefix))
        self.assertEqual([g["display_name"] for g in seed["groups"]], ["local_team"])
        self.assertIn('"cdkinfra_parity_abc123_local_team"', renamed)
        self.assertIn('"cdkinfra_parity_abc123_catalog"', renamed)
        self.assertNotIn('"rules_catalog"', renamed)
        self.assertNotIn('"local_team"', renamed)

    def test_paths_and_emails_are_renamed_too(self):
        prefix = "p1"
        names = parity.renamer(prefix, {"users": [{"user_name": "alice@example.com"}], "experiments": ["/Shared/existing-experiment"]})
        self.assertEqual(parity.rename("/rules_folder", names, prefix), "/p1_folder")
        self.assertEqual(parity.rename("alice@example.com", names, prefix), "p1.alice@example.com")
        self.assertEqual(parity.rename("/Shared/existing-experiment", names, prefix), "/Shared/p1-existing-experiment")
        self.assertEqual(parity.rename("nobody@example.com", names, prefix), "p1.nobody@example.com")
        self.assertEqual(parity.rename("Mixed.Case@Example.com", names, prefix), "p1.Mixed.Case@Example.com")
        self.assertEqual(parity.rename("/Shared/course", names, prefix), "/Shared/p1-course")
        self.assertEqual(parity.rename("${databricks_directory.d.path}", names, prefix), "${databricks_directory.d.path}")
        self.assertEqual(parity.rename("CAN_MANAGE", names, prefix), "CAN_MANAGE")

    def test_cases_on_system_folders_never_run_live(self):
        live = {c["case"]: c.get("live") for c in parity.load_cases(None, None)}
        self.assertTrue(live["shared_folder"])
        self.assertTrue(live["workspace_root"])

    def test_an_account_group_cannot_be_made_with_workspace_rights_so_the_case_is_not_run(self):
        case = stack("grants_account_principals")
        seed = parity.used_seed(SEED, case)
        _, missing = parity.setup_stack(seed, parity.renamer("p", seed))
        self.assertEqual(missing, ["account group data_engineers"])

    def test_outcomes_are_read_from_the_exit_status_and_the_first_error(self):
        self.assertEqual(parity.classify(0, ""), ("settles", ""))
        self.assertEqual(parity.classify(3, "plan"), ("drifts", ""))
        self.assertEqual(parity.classify(1, "x\nError: cannot create grants: Could not find principal\n\nError: other"),
                         ("fails", "cannot create grants: Could not find principal"))


if __name__ == "__main__":
    unittest.main()
