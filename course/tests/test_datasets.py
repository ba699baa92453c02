"""The committed sample data has the faults the lessons teach with, in the numbers their checks rely on.

Each test reads the files under course/datasets/data (which `generate.py --check` keeps equal to the generator's
output) and checks one fault the way the lesson meets it.
"""

import csv
import datetime as dt
import importlib.util
import io
import json
import re
import sqlite3
import sys
import unittest
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

COURSE = Path(__file__).resolve().parents[1]
DATA = COURSE / "datasets" / "data"
NOTEBOOKS = COURSE / "notebooks"
CENT = Decimal("0.01")


def load_generator():
    spec = importlib.util.spec_from_file_location("course_generate", COURSE / "datasets" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = load_generator()


def read_csv(relative):
    with open(DATA / relative, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def rates():
    found = []
    for page in sorted((DATA / "api" / "exchange_rates").glob("page_*.json")):
        found += json.loads(page.read_text(encoding="utf-8"))["rates"]
    return found


class LateOrdersTest(unittest.TestCase):
    """Lesson 11: the quarantine and the deduplication catch something."""

    def setUp(self):
        self.orders = {row["order_id"]: row for row in read_csv("retail/orders.csv")}
        self.late = read_csv("retail/incoming/orders_2025-07-01.csv")

    def invalid_reason(self, row):
        """Lesson 11's silver validation, in the order of its `when` chain."""
        if not re.fullmatch(r"-?\d+", row["order_id"].strip()):
            return "order_id is not a whole number"
        if not re.fullmatch(r"-?\d+", row["customer_id"].strip()):
            return "customer_id is not a whole number"
        try:
            dt.datetime.strptime(row["order_ts"].strip(), "%Y-%m-%d %H:%M:%S")
        except ValueError:
            return "order_ts is not yyyy-MM-dd HH:mm:ss"
        if row["status"].strip().upper() not in {"PLACED", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED"}:
            return "unknown status"
        if row["channel"].strip().lower() not in {"web", "mobile", "store"}:
            return "unknown channel"
        if row["currency"].strip().upper() not in {"EUR", "USD", "GBP"}:
            return "unknown currency"
        return None

    def test_exact_duplicates_of_loaded_orders(self):
        exact = [r for r in self.late if r["order_id"] in self.orders and r == self.orders[r["order_id"]]]
        self.assertEqual(len(exact), 12)
        self.assertEqual(len(exact), generate.LATE_ORDERS_EXACT_DUPLICATES)

    def test_resent_orders_come_later_so_the_earliest_wins(self):
        resent = [r for r in self.late if r["order_id"] in self.orders and r != self.orders[r["order_id"]]]
        self.assertEqual(len(resent), 6)
        for row in resent:
            self.assertGreater(row["order_ts"], self.orders[row["order_id"]]["order_ts"], row)
            self.assertIsNone(self.invalid_reason(row), row)

    def test_one_invalid_row_per_rule(self):
        reasons = sorted(self.invalid_reason(r) for r in self.late if self.invalid_reason(r))
        self.assertEqual(reasons, sorted(reason for _f, _v, reason in generate.LATE_ORDERS_INVALID))
        self.assertEqual(len(reasons), 8)
        self.assertEqual(len({r for r in reasons}), 6, "every rule of the validation is broken at least once")

    def test_the_counts_lesson_11_checks(self):
        lesson = (NOTEBOOKS / "week4" / "11_file_to_aggregation.py").read_text(encoding="utf-8")
        self.assertTrue("LATE_INVALID_ORDERS = 8" in lesson, "lesson 11 checks the 8 quarantined rows")
        self.assertTrue("LATE_DUPLICATE_ORDERS = 18" in lesson, "lesson 11 checks the 18 dropped duplicates")
        self.assertTrue("retail/incoming/orders_2025-07-01.csv" in lesson, "lesson 11 reads the late batch")
        valid = [r for r in self.late if not self.invalid_reason(r)]
        self.assertEqual(len(valid), 18)
        self.assertTrue(all(r["order_id"] in self.orders for r in valid), "valid late rows are all duplicates")


class RateGapsTest(unittest.TestCase):
    """Lesson 12: the gap-fill fills weekends and holidays."""

    def test_no_rates_on_weekends_or_holidays(self):
        days = {dt.date.fromisoformat(r["date"]) for r in rates()}
        self.assertFalse([d for d in days if d.weekday() >= 5])
        self.assertFalse(days & set(generate.RATE_HOLIDAYS))
        for holiday in ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-01"]:
            self.assertNotIn(dt.date.fromisoformat(holiday), days)

    def test_every_order_day_has_an_earlier_rate_to_carry_forward(self):
        orders = read_csv("retail/orders.csv")
        first_order = min(dt.date.fromisoformat(r["order_ts"][:10]) for r in orders)
        last_order = max(dt.date.fromisoformat(r["order_ts"][:10]) for r in orders)
        for currency in ("USD", "GBP"):
            days = sorted(dt.date.fromisoformat(r["date"]) for r in rates() if r["currency"] == currency)
            self.assertLess(days[0], first_order, "the first order day (a holiday) needs an earlier rate")
            self.assertEqual(len(days), len(set(days)), "one rate per day")
            calendar = [first_order + dt.timedelta(days=n) for n in range((last_order - first_order).days + 1)]
            filled = [d for d in calendar if d not in set(days)]
            # 181 order days, of which 52 weekend days and 4 holidays have no published rate.
            self.assertEqual((len(calendar), len(filled)), (181, 56))

    def test_pages_are_consistent(self):
        pages = sorted((DATA / "api" / "exchange_rates").glob("page_*.json"))
        bodies = [json.loads(p.read_text(encoding="utf-8")) for p in pages]
        self.assertEqual([b["page"] for b in bodies], list(range(1, len(pages) + 1)))
        self.assertTrue(all(b["total_pages"] == len(pages) for b in bodies))
        self.assertEqual(len(rates()), 2 * 126)


class TransientApiFailuresTest(unittest.TestCase):
    """Lessons 05 and 12: the retry code runs, and succeeds within the attempts it allows."""

    def test_failing_pages_exist_and_recover_within_each_lessons_attempts(self):
        faults = json.loads((DATA / "api" / "exchange_rates_faults.json").read_text(encoding="utf-8"))["pages"]
        self.assertEqual(faults, {"2": [503], "4": [429, 503]})
        pages = {p.stem for p in (DATA / "api" / "exchange_rates").glob("page_*.json")}
        for page, statuses in faults.items():
            self.assertIn(f"page_{page}", pages)
            self.assertTrue(set(statuses) <= {429, 500, 502, 503, 504}, "only retryable statuses")
        for lesson, pattern in [("week2/05_api_ingest.py", r"def fetch_with_retries\(.*max_attempts=(\d+)"),
                                ("week4/12_api_to_aggregation.py", r"def with_retries\(.*attempts=(\d+)")]:
            text = (NOTEBOOKS / lesson).read_text(encoding="utf-8")
            self.assertTrue("exchange_rates_faults.json" in text, f"{lesson} replays the failures")
            attempts = int(re.search(pattern, text).group(1))
            self.assertLess(max(len(s) for s in faults.values()), attempts, lesson)


class LateAndDriftingSensorFilesTest(unittest.TestCase):
    """Lesson 07: Auto Loader shows rescued data and schema evolution."""

    def test_late_file_for_a_loaded_day_with_one_malformed_value(self):
        rows = read_csv("landing/sensors_late/readings_2025-03-03_late.csv")
        self.assertEqual(len(rows), 24)
        self.assertEqual({r["sensor_id"] for r in rows}, {"S-009"})
        self.assertTrue((DATA / "landing" / "sensors" / "readings_2025-03-03.csv").is_file(), "the day was loaded")
        bad = [r for r in rows if not re.fullmatch(r"-?\d+(\.\d+)?", r["temperature_c"])]
        self.assertEqual([r["temperature_c"] for r in bad], ["n/a"])

    def test_drifted_file_has_one_new_column(self):
        with open(DATA / "landing" / "sensors" / "readings_2025-03-01.csv", encoding="utf-8") as handle:
            base = next(csv.reader(handle))
        with open(DATA / "landing" / "sensors_late" / "readings_2025-03-06.csv", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            rows = list(reader)
        self.assertEqual(header, base + ["battery_pct"])
        self.assertEqual(len(rows), 192)
        self.assertTrue(all(len(r) == 5 for r in rows))


class DatabaseDeletesTest(unittest.TestCase):
    """Lesson 06: the changes delete rows, and the change log records them."""

    def database(self):
        connection = sqlite3.connect(":memory:")
        connection.executescript((DATA / "database" / "retail_ops.sql").read_text(encoding="utf-8"))
        before = connection.execute("SELECT count(*) FROM inventory").fetchone()[0]
        connection.executescript((DATA / "database" / "retail_ops_changes.sql").read_text(encoding="utf-8"))
        return connection, before

    def test_the_changes_insert_update_and_delete_and_log_each(self):
        connection, before = self.database()
        log = dict(connection.execute("SELECT op, count(*) FROM inventory_changes GROUP BY op").fetchall())
        self.assertEqual(log, {"I": 2, "U": 24, "D": 3})
        after = connection.execute("SELECT count(*) FROM inventory").fetchone()[0]
        self.assertEqual((before, after), (180, 179))

    def test_deleted_rows_are_gone_and_only_the_log_knows(self):
        connection, _ = self.database()
        deleted = connection.execute("SELECT product_id, warehouse, changed_at FROM inventory_changes "
                                     "WHERE op = 'D'").fetchall()
        watermark = "2025-06-14 23:59:59"
        for product_id, warehouse, changed_at in deleted:
            self.assertGreater(changed_at, watermark)
            still = connection.execute("SELECT count(*) FROM inventory WHERE product_id = ? AND warehouse = ?",
                                       (product_id, warehouse)).fetchone()[0]
            self.assertEqual(still, 0)
        self.assertEqual(len(deleted), 3)
        lesson = (NOTEBOOKS / "week2" / "06_database_ingest.py").read_text(encoding="utf-8")
        self.assertTrue("op = 'D'" in lesson, "lesson 06 applies the deletes of the change log")
        self.assertTrue("table_changes" in lesson, "lesson 06 shows the Change Data Feed")


class EffectiveRateTest(unittest.TestCase):
    """Lesson 12's exercise check: a month's effective rate (local per EUR) lies within that month's daily rates, and
    an inverted one (EUR per local) lies outside them, for USD and GBP in every month of the data."""

    SLACK = Decimal("0.0005")  # the check's allowance for rounding

    def daily_rates(self):
        """The lesson's w4_silver_fx_daily: every day from the first rate, the latest published rate carried forward."""
        published = {(dt.date.fromisoformat(r["date"]), r["currency"]): Decimal(str(r["rate"])) for r in rates()}
        last_order = max(dt.date.fromisoformat(r["order_ts"][:10]) for r in read_csv("retail/orders.csv"))
        daily = {}
        for currency in ("USD", "GBP"):
            day, latest = min(d for d, c in published if c == currency), None
            while day <= last_order:
                latest = published.get((day, currency), latest)
                daily[(day, currency)] = latest
                day += dt.timedelta(days=1)
        return daily

    def monthly(self):
        daily = self.daily_rates()
        local = {}
        for item in read_csv("retail/order_items.csv"):
            amount = (Decimal(item["quantity"]) * Decimal(item["unit_price"]) * (1 - Decimal(item["discount_pct"])))
            local[item["order_id"]] = local.get(item["order_id"], 0) + amount.quantize(CENT, ROUND_HALF_UP)
        sums = {}
        for order in read_csv("retail/orders.csv"):
            if order["currency"] == "EUR" or order["status"] not in ("PLACED", "SHIPPED", "DELIVERED") \
                    or order["order_id"] not in local:
                continue
            day = dt.date.fromisoformat(order["order_ts"][:10])
            eur = (local[order["order_id"]] / daily[(day, order["currency"])]).quantize(CENT, ROUND_HALF_UP)
            key = (day.strftime("%Y-%m"), order["currency"])
            total_local, total_eur = sums.get(key, (0, 0))
            sums[key] = (total_local + local[order["order_id"]], total_eur + eur)
        bounds = {}
        for (day, currency), rate in daily.items():
            key = (day.strftime("%Y-%m"), currency)
            low, high = bounds.get(key, (rate, rate))
            bounds[key] = (min(low, rate), max(high, rate))
        return sums, bounds

    def test_right_rates_pass_and_inverted_rates_fail_in_every_month(self):
        sums, bounds = self.monthly()
        self.assertEqual({c for _, c in sums}, {"USD", "GBP"})
        self.assertGreaterEqual(len(sums), 12, "six months of two currencies")
        for (month, currency), (local, eur) in sorted(sums.items()):
            low, high = bounds[(month, currency)]
            right = (local / eur).quantize(Decimal("0.0001"), ROUND_HALF_UP)
            inverted = (eur / local).quantize(Decimal("0.0001"), ROUND_HALF_UP)
            with self.subTest(month=month, currency=currency):
                self.assertTrue(low - self.SLACK <= right <= high + self.SLACK, (right, low, high))
                self.assertFalse(low - self.SLACK <= inverted <= high + self.SLACK, (inverted, low, high))

    def test_the_lesson_checks_every_foreign_currency_against_the_months_rates(self):
        lesson = (NOTEBOOKS / "week4" / "12_api_to_aggregation.py").read_text(encoding="utf-8")
        self.assertIn('currencies == ["GBP", "USD"]', lesson)
        self.assertIn("effective_rate < lowest - 0.0005", lesson)
        self.assertIn("effective_rate > highest + 0.0005", lesson)


class ReadmeCountsTest(unittest.TestCase):
    def test_the_readme_row_counts_match_the_data(self):
        readme = (COURSE / "datasets" / "README.md").read_text(encoding="utf-8")
        rows = re.findall(r"^\| `([^`]+\.(?:csv|jsonl))` \| ([\d,]+) \|", readme, re.MULTILINE)
        self.assertGreaterEqual(len(rows), 6, rows)
        for relative, count in rows:
            path = DATA / relative
            lines = path.read_text(encoding="utf-8").splitlines()
            data_rows = len(lines) - (0 if relative.endswith(".jsonl") else 1)
            self.assertEqual(data_rows, int(count.replace(",", "")), relative)


if __name__ == "__main__":
    unittest.main()
