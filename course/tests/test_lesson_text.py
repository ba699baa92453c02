"""What the lessons say agrees with the course: the data, the deployment, and the other lessons."""

import json
import re
import unittest
from pathlib import Path

COURSE = Path(__file__).resolve().parents[1]
NOTEBOOKS = COURSE / "notebooks"
SOLUTIONS = COURSE / "solutions"
DATA = COURSE / "datasets" / "data"


def every_notebook():
    return sorted(NOTEBOOKS.rglob("*.py")) + sorted(SOLUTIONS.rglob("*.py"))


def code_lines(path):
    return [ln for ln in path.read_text(encoding="utf-8").split("\n") if not ln.startswith("# MAGIC %md")
            and not (ln.startswith("# MAGIC") and not ln.startswith("# MAGIC %sql"))]


class LessonTextTest(unittest.TestCase):
    def test_the_datasets_readme_shows_the_real_page_count(self):
        pages = sorted((DATA / "api" / "exchange_rates").glob("page_*.json"))
        readme = (COURSE / "datasets" / "README.md").read_text(encoding="utf-8")
        shown = re.findall(r'"total_pages": (\d+)', readme)
        self.assertTrue(shown)
        self.assertEqual({int(n) for n in shown}, {json.loads(pages[0].read_text())["total_pages"]})
        self.assertEqual(len(pages), 6)

    def test_discount_pct_has_the_courses_type_everywhere(self):
        found = 0
        for path in every_notebook():
            text = path.read_text(encoding="utf-8")
            for declared in re.findall(r'discount_pct"?,? (?:DecimalType\((\d+), ?(\d+)\)|DECIMAL\((\d+),(\d+)\))', text):
                precision = [d for d in declared if d]
                found += 1
                with self.subTest(notebook=path.name):
                    self.assertEqual(precision, ["5", "4"], "discount_pct is DECIMAL(5,4) in the course")
        self.assertGreaterEqual(found, 8, "the declarations are found at all")

    def test_lesson_04_shows_every_read_mode_its_objectives_name(self):
        lesson = NOTEBOOKS / "week2" / "04_file_ingestion.py"
        objectives = next(ln for ln in lesson.read_text().split("\n") if "handle bad records" in ln)
        named = set(re.findall(r"`(PERMISSIVE|FAILFAST|DROPMALFORMED)`", objectives))
        shown = set(re.findall(r'option\("mode", "(\w+)"\)', "\n".join(code_lines(lesson))))
        self.assertEqual(named, {"PERMISSIVE", "FAILFAST", "DROPMALFORMED"})
        self.assertLessEqual(named, shown)

    def test_no_lesson_tells_an_admin_to_create_the_secret_scope(self):
        # The course stack creates it (courseSecretScope); a scope made by hand fails the next deploy.
        for path in every_notebook():
            with self.subTest(notebook=str(path.relative_to(COURSE))):
                self.assertNotIn("create-scope", path.read_text(encoding="utf-8"))
        lesson = (NOTEBOOKS / "week2" / "05_api_ingest.py").read_text(encoding="utf-8")
        self.assertIn("databricks secrets put-secret course-apis", lesson)
        self.assertIn("Deploying the course creates the secret scope", lesson)

    def test_the_runtime_requirement_is_stated_once_in_the_setup(self):
        setup = NOTEBOOKS / "setup" / "course_setup.py"
        self.assertIn('RUNTIME_REQUIREMENT = "Databricks Runtime 17.3 LTS or newer, or serverless compute"',
                      setup.read_text(encoding="utf-8"))
        for path in every_notebook():
            if path != setup:
                with self.subTest(notebook=str(path.relative_to(COURSE))):
                    self.assertIsNone(re.search(r"\d+\.\d+ LTS or newer", path.read_text(encoding="utf-8")))

    def test_the_progress_notebook_says_classmates_can_read_progress(self):
        text = (NOTEBOOKS / "instructor" / "progress.py").read_text(encoding="utf-8")
        self.assertNotIn("sees only the schemas they may read", text)
        self.assertIn("Progress is not private", text)
        self.assertIn("studentsReadPeerSchemas", text)


if __name__ == "__main__":
    unittest.main()
