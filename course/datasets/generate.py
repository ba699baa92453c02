#!/usr/bin/env python3
"""Generate the course's sample data into course/datasets/data/.

Standard library only and fully deterministic: every dataset draws from its own random.Random seeded with a fixed
string, so the output is byte-identical on every run and changing one dataset never shifts another.

    python3 course/datasets/generate.py            # rewrite course/datasets/data/
    python3 course/datasets/generate.py --check    # exit 1 if the committed data differs from what this script writes

Everything is fake: names are drawn from short lists, every email is @example.com.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

SEED = "databricks-course-2025"
DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_TOTAL_BYTES = 2 * 1024 * 1024

CUSTOMER_COUNT = 500
PRODUCT_COUNT = 60
ORDER_COUNT = 3000
EVENT_COUNT = 5000
RATES_PAGE_SIZE = 50
ORDERS_START = dt.datetime(2025, 1, 1)
ORDERS_END = dt.datetime(2025, 6, 30, 23, 59, 59)
SENSOR_DAYS = [dt.date(2025, 3, d) for d in range(1, 6)]

# Faults the lessons teach with; the tests in course/tests/test_datasets.py assert each one and its count.
# Lesson 11: a late batch of orders with duplicates (exact copies, and re-sent orders with a later timestamp) and
# invalid rows, one per rule of the silver validation.
LATE_ORDERS_EXACT_DUPLICATES = 12
LATE_ORDERS_RESENT = 6
LATE_ORDERS_INVALID = [
    # (field, value, the reason lesson 11's validation gives)
    ("order_id", "A-1001", "order_id is not a whole number"),
    ("order_id", "", "order_id is not a whole number"),
    ("order_ts", "2025-02-30 10:00:00", "order_ts is not yyyy-MM-dd HH:mm:ss"),
    ("order_ts", "yesterday", "order_ts is not yyyy-MM-dd HH:mm:ss"),
    ("status", "LOST", "unknown status"),
    ("customer_id", "12x", "customer_id is not a whole number"),
    ("channel", "fax", "unknown channel"),
    ("currency", "XXX", "unknown currency"),
]
# Lesson 12: the rate API publishes on TARGET business days only (no weekends, no TARGET holidays), as the ECB does;
# the series starts on the last business day before the first order, so carrying rates forward covers every order day.
RATES_START = dt.date(2024, 12, 31)
RATE_HOLIDAYS = [dt.date(2025, 1, 1), dt.date(2025, 4, 18), dt.date(2025, 4, 21), dt.date(2025, 5, 1)]
# Lessons 05 and 12: pages of the simulated API that fail before they succeed (HTTP status per failed attempt).
API_TRANSIENT_FAILURES = {2: [503], 4: [429, 503]}
# Lesson 07: files that arrive after the first Auto Loader run: a late file for a day already loaded (sensor S-009
# was offline) with one malformed temperature, and a file whose schema gained a column.
LATE_SENSOR = "S-009"
LATE_SENSOR_DAY = dt.date(2025, 3, 3)
LATE_SENSOR_BAD_VALUE = "n/a"
DRIFT_SENSOR_DAY = dt.date(2025, 3, 6)
DRIFT_COLUMN = "battery_pct"
# Lesson 06: the database deletes rows too; its change log records every insert, update and delete.
DATABASE_UPDATES = 24
DATABASE_INSERTS = 2
DATABASE_DELETES = 3

FIRST_NAMES = [
    "Aino", "Ana", "Ben", "Camille", "Chen", "Dana", "Eero", "Elena", "Emma", "Fatima", "Felix", "Hana", "Ivan",
    "Jonas", "Julia", "Kai", "Laura", "Leo", "Lina", "Lucas", "Maja", "Marco", "Maria", "Mateo", "Mia", "Noah",
    "Nora", "Oliver", "Omar", "Priya", "Rafael", "Sara", "Sofia", "Tomas", "Yara", "Zoe",
]
LAST_NAMES = [
    "Andersson", "Bauer", "Costa", "Dubois", "Fischer", "Garcia", "Haddad", "Jansen", "Kowalski", "Laine", "Li",
    "Martin", "Meyer", "Moreau", "Nguyen", "Novak", "Okafor", "Patel", "Rossi", "Schmidt", "Silva", "Smith",
    "Suzuki", "Virtanen", "Weber", "Williams",
]
# country -> (cities, weight); the currency an order is paid in follows the customer's country.
COUNTRIES = {
    "FI": (["Helsinki", "Espoo", "Tampere", "Turku"], 14),
    "SE": (["Stockholm", "Gothenburg", "Malmo"], 8),
    "DE": (["Berlin", "Munich", "Hamburg", "Cologne"], 16),
    "FR": (["Paris", "Lyon", "Marseille"], 12),
    "NL": (["Amsterdam", "Rotterdam", "Utrecht"], 8),
    "ES": (["Madrid", "Barcelona", "Valencia"], 8),
    "GB": (["London", "Manchester", "Edinburgh", "Bristol"], 16),
    "US": (["New York", "Austin", "Seattle", "Chicago"], 18),
}
CURRENCY_BY_COUNTRY = {"GB": "GBP", "US": "USD"}

CATEGORIES = {
    "Electronics": (["Wireless", "Compact", "Smart", "Portable", "Noise-Cancelling"],
                    ["Headphones", "Speaker", "Charger", "Keyboard", "Webcam", "Monitor"], (1999, 34999)),
    "Home": (["Ceramic", "Oak", "Linen", "Cast-Iron", "Minimal"],
             ["Mug", "Lamp", "Cushion", "Skillet", "Shelf", "Throw"], (899, 12999)),
    "Outdoor": (["Trail", "Alpine", "Waterproof", "Ultralight", "Insulated"],
                ["Backpack", "Tent", "Jacket", "Bottle", "Headlamp", "Sleeping Bag"], (1499, 29999)),
    "Books": (["Practical", "Modern", "Essential", "Illustrated", "Pocket"],
              ["Spark Guide", "SQL Handbook", "Cookbook", "Atlas", "Field Guide", "Novel"], (999, 5999)),
    "Toys": (["Wooden", "Magnetic", "Giant", "Classic", "Solar"],
             ["Puzzle", "Building Set", "Train", "Robot Kit", "Board Game", "Kite"], (799, 8999)),
    "Beauty": (["Organic", "Hydrating", "Gentle", "Daily", "Travel"],
               ["Face Cream", "Shampoo", "Soap Set", "Lip Balm", "Serum", "Sunscreen"], (499, 6999)),
}
ORDER_STATUSES = [("DELIVERED", 62), ("SHIPPED", 14), ("PLACED", 10), ("CANCELLED", 8), ("RETURNED", 6)]
CHANNELS = [("web", 55), ("mobile", 35), ("store", 10)]
DISCOUNTS = ["0.00"] * 10 + ["0.05", "0.05", "0.10", "0.10", "0.15", "0.20", "0.25", "0.30"]
DEVICES = [("desktop", ["Windows", "macOS", "Linux"], 40), ("mobile", ["iOS", "Android"], 50), ("tablet", ["iPadOS", "Android"], 10)]
SENSORS = [f"S-{n:03d}" for n in range(1, 9)]
WAREHOUSES = ["HEL-1", "BER-1", "LON-1"]
SUPPLIERS = [
    ("Nordic Goods Oy", "FI"), ("Baltic Trade AB", "SE"), ("Rhein Supply GmbH", "DE"), ("Atelier Lumiere SARL", "FR"),
    ("Delta Wholesale BV", "NL"), ("Iberia Outdoor SL", "ES"), ("Thames Distribution Ltd", "GB"),
    ("Lakeside Imports Inc", "US"), ("Aurora Components Oy", "FI"), ("Alpine Gear GmbH", "DE"),
    ("Harbor Books Ltd", "GB"), ("Pacific Crafts Inc", "US"),
]


def rng_for(name: str) -> random.Random:
    return random.Random(f"{SEED}:{name}")


def weighted(rng: random.Random, pairs):
    values = [p[0] for p in pairs]
    weights = [p[-1] for p in pairs]
    return rng.choices(values, weights=weights, k=1)[0]


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def ts(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def csv_text(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def customers():
    rng = rng_for("customers")
    countries = list(COUNTRIES.items())
    rows = []
    used_emails = set()
    for customer_id in range(1, CUSTOMER_COUNT + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        country, (cities, _) = rng.choices(countries, weights=[c[1][1] for c in countries], k=1)[0]
        email = f"{first}.{last}".lower()
        if email in used_emails:
            email = f"{email}{customer_id}"
        used_emails.add(email)
        signup = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        rows.append([customer_id, first, last, f"{email}@example.com", country, rng.choice(cities), signup.isoformat()])
    return rows


def products():
    rng = rng_for("products")
    rows = []
    names = set()
    categories = list(CATEGORIES.items())
    for product_id in range(1, PRODUCT_COUNT + 1):
        category, (adjectives, nouns, (low, high)) = categories[(product_id - 1) % len(categories)]
        name = f"{rng.choice(adjectives)} {rng.choice(nouns)}"
        while name in names:
            name = f"{rng.choice(adjectives)} {rng.choice(nouns)}"
        names.add(name)
        cents = rng.randrange(low, high) // 100 * 100 + 99  # prices end in .99
        sku = f"SKU-{category[:3].upper()}-{product_id:04d}"
        rows.append([product_id, sku, name, category, money(cents), "false" if rng.random() < 0.1 else "true"])
    return rows


def orders(customer_rows):
    rng = rng_for("orders")
    span = int((ORDERS_END - ORDERS_START).total_seconds())
    stamps = sorted(ORDERS_START + dt.timedelta(seconds=rng.randrange(span + 1)) for _ in range(ORDER_COUNT))
    country_by_customer = {row[0]: row[4] for row in customer_rows}
    rows = []
    for order_id, stamp in enumerate(stamps, start=1):
        customer_id = rng.randint(1, CUSTOMER_COUNT)
        currency = CURRENCY_BY_COUNTRY.get(country_by_customer[customer_id], "EUR")
        rows.append([order_id, customer_id, ts(stamp), weighted(rng, ORDER_STATUSES), weighted(rng, CHANNELS), currency])
    return rows


def order_items(order_rows, product_rows):
    rng = rng_for("order_items")
    active = [p for p in product_rows if p[5] == "true"]
    rows = []
    for order in order_rows:
        lines = rng.choices([1, 2, 3, 4], weights=[30, 30, 22, 18], k=1)[0]
        for line_no, product in enumerate(rng.sample(active, lines), start=1):
            rows.append([order[0], line_no, product[0], rng.choices([1, 2, 3, 5], weights=[70, 20, 7, 3], k=1)[0],
                         product[4], rng.choice(DISCOUNTS)])
    return rows


def clickstream(product_rows):
    rng = rng_for("clickstream")
    start = dt.datetime(2025, 6, 1)
    prices = {p[0]: p[4] for p in product_rows}
    lines = []
    while len(lines) < EVENT_COUNT:
        customer_id = rng.randint(1, CUSTOMER_COUNT) if rng.random() < 0.7 else None
        session_id = f"s-{rng.getrandbits(48):012x}"
        device_type, systems, _ = rng.choices(DEVICES, weights=[d[2] for d in DEVICES], k=1)[0]
        device = {"type": device_type, "os": rng.choice(systems)}
        when = start + dt.timedelta(seconds=rng.randrange(30 * 24 * 3600 - 3600))
        steps = [("page_view", "/", {})]
        for _ in range(rng.randint(1, 6)):
            product_id = rng.randint(1, PRODUCT_COUNT)
            steps.append(("page_view", f"/product/{product_id}", {"product_id": product_id}))
            if rng.random() < 0.35:
                steps.append(("add_to_cart", f"/product/{product_id}", {"product_id": product_id}))
        carted = [s[2]["product_id"] for s in steps if s[0] == "add_to_cart"]
        if carted and rng.random() < 0.6:
            value = sum(int(prices[p].replace(".", "")) for p in carted)
            steps.append(("checkout", "/checkout", {"value": float(money(value))}))
            if rng.random() < 0.8:
                steps.append(("purchase", "/order/confirmation", {"value": float(money(value))}))
        for event_type, page, properties in steps:
            when += dt.timedelta(seconds=rng.randint(3, 240))
            event_id = f"{rng.getrandbits(128):032x}"
            event = {
                "event_id": f"{event_id[:8]}-{event_id[8:12]}-{event_id[12:16]}-{event_id[16:20]}-{event_id[20:]}",
                "customer_id": customer_id,
                "session_id": session_id,
                "event_ts": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "event_type": event_type,
                "page": page,
                "device": device,
                "properties": properties,
            }
            lines.append(json.dumps(event, separators=(",", ":")))
    return "".join(line + "\n" for line in lines[:EVENT_COUNT])


def is_rate_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in RATE_HOLIDAYS


def exchange_rates():
    rng = rng_for("exchange_rates")
    level = {"USD": 1.0350, "GBP": 0.8300}
    rates = []
    day = RATES_START
    while day <= ORDERS_END.date():
        for currency in ("USD", "GBP"):
            # The rate moves every day; only business days are published.
            level[currency] = round(level[currency] * (1 + rng.gauss(0, 0.003)), 4)
            if is_rate_day(day):
                rates.append({"date": day.isoformat(), "currency": currency, "rate": level[currency]})
        day += dt.timedelta(days=1)
    pages = [rates[i:i + RATES_PAGE_SIZE] for i in range(0, len(rates), RATES_PAGE_SIZE)]
    return {
        f"page_{n}.json": json.dumps({"page": n, "total_pages": len(pages), "base": "EUR", "rates": page}, indent=2) + "\n"
        for n, page in enumerate(pages, start=1)
    }


def api_faults() -> str:
    """The simulated API's transient failures, which the captured-page clients of lessons 05 and 12 replay."""
    return json.dumps({
        "description": "Transient failures of the simulated exchange-rate API: for each page, the HTTP status of each "
                       "failed attempt before the page is served. 429 responses carry Retry-After: 1.",
        "pages": {str(page): statuses for page, statuses in sorted(API_TRANSIENT_FAILURES.items())},
    }, indent=2) + "\n"


def sensor_readings():
    rng = rng_for("sensors")
    files = {}
    for day in SENSOR_DAYS:
        rows = []
        for hour in range(24):
            for sensor in SENSORS:
                base = 19.0 + SENSORS.index(sensor) * 0.7 + 2.5 * (1 if 9 <= hour <= 17 else 0)
                rows.append([sensor, ts(dt.datetime.combine(day, dt.time(hour))),
                             f"{base + rng.uniform(-1.5, 1.5):.1f}", f"{rng.uniform(30, 65):.1f}"])
        files[f"readings_{day.isoformat()}.csv"] = csv_text(["sensor_id", "reading_ts", "temperature_c", "humidity_pct"], rows)
    return files


def late_sensor_files():
    """Files that arrive after the first load: late readings with one malformed value, and a drifted schema."""
    rng = rng_for("sensors_late")
    late = []
    for hour in range(24):
        late.append([LATE_SENSOR, ts(dt.datetime.combine(LATE_SENSOR_DAY, dt.time(hour))),
                     f"{24.6 + rng.uniform(-1.5, 1.5):.1f}", f"{rng.uniform(30, 65):.1f}"])
    late[13][2] = LATE_SENSOR_BAD_VALUE  # a sensor glitch: text where a number belongs
    drift = []
    for hour in range(24):
        for sensor in SENSORS:
            base = 19.0 + SENSORS.index(sensor) * 0.7 + 2.5 * (1 if 9 <= hour <= 17 else 0)
            drift.append([sensor, ts(dt.datetime.combine(DRIFT_SENSOR_DAY, dt.time(hour))),
                          f"{base + rng.uniform(-1.5, 1.5):.1f}", f"{rng.uniform(30, 65):.1f}",
                          f"{100 - hour * 1.5 - rng.uniform(0, 2):.1f}"])
    header = ["sensor_id", "reading_ts", "temperature_c", "humidity_pct"]
    return {
        f"readings_{LATE_SENSOR_DAY.isoformat()}_late.csv": csv_text(header, late),
        f"readings_{DRIFT_SENSOR_DAY.isoformat()}.csv": csv_text(header + [DRIFT_COLUMN], drift),
    }


def late_orders(order_rows):
    """A late batch of orders: exact duplicates, re-sent orders with a later timestamp, and one invalid row per rule."""
    rng = rng_for("orders_late")
    picked = rng.sample(order_rows, LATE_ORDERS_EXACT_DUPLICATES + LATE_ORDERS_RESENT)
    rows = [list(row) for row in picked[:LATE_ORDERS_EXACT_DUPLICATES]]
    for row in picked[LATE_ORDERS_EXACT_DUPLICATES:]:
        resent = list(row)
        resent[2] = ts(dt.datetime.strptime(row[2], "%Y-%m-%d %H:%M:%S") + dt.timedelta(days=1))
        resent[3] = "SHIPPED" if row[3] != "SHIPPED" else "DELIVERED"
        rows.append(resent)
    columns = ["order_id", "customer_id", "order_ts", "status", "channel", "currency"]
    for n, (field, value, _reason) in enumerate(LATE_ORDERS_INVALID, start=1):
        row = [ORDER_COUNT + n, rng.randint(1, CUSTOMER_COUNT), "2025-06-30 12:00:00", "PLACED", "web", "EUR"]
        row[columns.index(field)] = value
        rows.append(row)
    rng.shuffle(rows)
    return csv_text(columns, rows)


def bad_customer_batch(customer_rows):
    """A small late batch of customer updates with the faults real files have, for the bad-records lesson."""
    rng = rng_for("bad_records")
    rows = []
    for customer_id in sorted(rng.sample(range(1, CUSTOMER_COUNT + 1), 16)):
        row = list(customer_rows[customer_id - 1])
        row[5] = rng.choice(COUNTRIES[row[4]][0])
        rows.append([str(v) for v in row])
    rows[3][0] = "C-0042"                 # not an integer id
    rows[7][6] = "2024/13/45"             # not a date
    rows[10] = rows[10][:4]               # truncated line: three columns missing
    rows[12][4] = "Finland"               # not an ISO-2 code: well-formed, caught by a quality rule, not the parser
    return csv_text(["customer_id", "first_name", "last_name", "email", "country", "city", "signup_date"], rows)


def sql_literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def insert(table, columns, row) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(sql_literal(v) for v in row)});\n"


def operations_database(product_rows):
    """SQL scripts of a small operational (OLTP) database: the initial load and a later batch of changes."""
    rng = rng_for("database")
    supplier_cols = ["supplier_id", "name", "country", "updated_at"]
    inventory_cols = ["product_id", "warehouse", "supplier_id", "quantity_on_hand", "reorder_level", "updated_at"]
    base = dt.datetime(2025, 6, 1)
    out = [
        "-- Operational database of the course's retail company (SQLite dialect). Generated by course/datasets/generate.py.\n",
        "CREATE TABLE suppliers (\n  supplier_id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL,\n  country TEXT NOT NULL,\n"
        "  updated_at TEXT NOT NULL\n);\n",
        "CREATE TABLE inventory (\n  product_id INTEGER NOT NULL,\n  warehouse TEXT NOT NULL,\n"
        "  supplier_id INTEGER NOT NULL REFERENCES suppliers (supplier_id),\n  quantity_on_hand INTEGER NOT NULL,\n"
        "  reorder_level INTEGER NOT NULL,\n  updated_at TEXT NOT NULL,\n  PRIMARY KEY (product_id, warehouse)\n);\n",
        "-- The change log a CDC tool keeps: one row per insert (I), update (U) and delete (D) of inventory, in order.\n",
        "CREATE TABLE inventory_changes (\n  change_id INTEGER PRIMARY KEY,\n  op TEXT NOT NULL CHECK (op IN ('I', 'U', 'D')),\n"
        "  product_id INTEGER NOT NULL,\n  warehouse TEXT NOT NULL,\n  quantity_on_hand INTEGER,\n"
        "  changed_at TEXT NOT NULL\n);\n",
    ]
    for supplier_id, (name, country) in enumerate(SUPPLIERS, start=1):
        out.append(insert("suppliers", supplier_cols, [supplier_id, name, country, ts(base)]))
    stock = {}
    for product in product_rows:
        supplier_id = (product[0] - 1) % len(SUPPLIERS) + 1
        for warehouse in WAREHOUSES:
            quantity = rng.randint(0, 400)
            stamp = base + dt.timedelta(minutes=rng.randrange(14 * 24 * 60))
            stock[(product[0], warehouse)] = supplier_id
            out.append(insert("inventory", inventory_cols,
                              [product[0], warehouse, supplier_id, quantity, rng.choice([20, 50, 100]), ts(stamp)]))
    changes = ["-- Changes made in the operational database after the first load (SQLite dialect). Each change is also\n"
               "-- written to inventory_changes, as a CDC tool would. Deleted rows leave no trace in inventory itself.\n"]
    later = dt.datetime(2025, 6, 20)
    log_cols = ["op", "product_id", "warehouse", "quantity_on_hand", "changed_at"]
    touched = sorted(rng.sample(sorted(stock), DATABASE_UPDATES + DATABASE_DELETES))
    deleted = set(rng.sample(touched, DATABASE_DELETES))
    for key in touched:
        stamp = ts(later + dt.timedelta(minutes=rng.randrange(5 * 24 * 60)))
        where = f"WHERE product_id = {key[0]} AND warehouse = '{key[1]}'"
        if key in deleted:
            changes.append(f"DELETE FROM inventory {where};\n")
            changes.append(insert("inventory_changes", log_cols, ["D", key[0], key[1], None, stamp]))
        else:
            quantity = rng.randint(0, 400)
            changes.append(f"UPDATE inventory SET quantity_on_hand = {quantity}, updated_at = '{stamp}' {where};\n")
            changes.append(insert("inventory_changes", log_cols, ["U", key[0], key[1], quantity, stamp]))
    for product_id, quantity, level in [(1, 120, 50), (2, 75, 20)][:DATABASE_INSERTS]:
        stamp = ts(later + dt.timedelta(days=6))
        changes.append(insert("inventory", inventory_cols, [product_id, "STO-1", product_id, quantity, level, stamp]))
        changes.append(insert("inventory_changes", log_cols, ["I", product_id, "STO-1", quantity, stamp]))
    return "".join(out), "".join(changes)


def build() -> dict[str, str]:
    """Every file of the data folder: relative path -> text."""
    customer_rows = customers()
    product_rows = products()
    order_rows = orders(customer_rows)
    files = {
        "retail/customers.csv": csv_text(
            ["customer_id", "first_name", "last_name", "email", "country", "city", "signup_date"], customer_rows),
        "retail/products.csv": csv_text(["product_id", "sku", "name", "category", "unit_price", "active"], product_rows),
        "retail/orders.csv": csv_text(["order_id", "customer_id", "order_ts", "status", "channel", "currency"], order_rows),
        "retail/order_items.csv": csv_text(
            ["order_id", "line_no", "product_id", "quantity", "unit_price", "discount_pct"],
            order_items(order_rows, product_rows)),
        "retail/bad_records/customers_batch_2025-07-01.csv": bad_customer_batch(customer_rows),
        "retail/incoming/orders_2025-07-01.csv": late_orders(order_rows),
        "events/clickstream.jsonl": clickstream(product_rows),
    }
    files.update({f"api/exchange_rates/{name}": text for name, text in exchange_rates().items()})
    files["api/exchange_rates_faults.json"] = api_faults()
    files.update({f"landing/sensors/{name}": text for name, text in sensor_readings().items()})
    files.update({f"landing/sensors_late/{name}": text for name, text in late_sensor_files().items()})
    initial, changes = operations_database(product_rows)
    files["database/retail_ops.sql"] = initial
    files["database/retail_ops_changes.sql"] = changes
    return files


def write(files: dict[str, str], target: Path) -> None:
    for relative, text in sorted(files.items()):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def committed_files(target: Path) -> dict[str, bytes]:
    if not target.is_dir():
        return {}
    return {p.relative_to(target).as_posix(): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed data instead of writing")
    args = parser.parse_args(argv)
    files = build()
    expected = {name: text.encode("utf-8") for name, text in files.items()}
    total = sum(len(b) for b in expected.values())
    if total > MAX_TOTAL_BYTES:
        print(f"generate.py: the data would be {total} bytes, over the {MAX_TOTAL_BYTES} byte budget", file=sys.stderr)
        return 1
    rel = os.path.relpath(DATA_DIR)
    if args.check:
        actual = committed_files(DATA_DIR)
        problems = [f"{rel}/{n}: missing" for n in sorted(expected.keys() - actual.keys())]
        problems += [f"{rel}/{n}: not produced by generate.py (remove it)" for n in sorted(actual.keys() - expected.keys())]
        problems += [f"{rel}/{n}: differs from what generate.py writes"
                     for n in sorted(expected.keys() & actual.keys()) if expected[n] != actual[n]]
        if problems:
            print("\n".join(problems), file=sys.stderr)
            print("run `python3 course/datasets/generate.py` and commit the result", file=sys.stderr)
            return 1
        print(f"course datasets: {len(expected)} files, {total} bytes, identical to generate.py's output")
        return 0
    # Write into a scratch folder and swap it in, so a failure never leaves a half-written data folder.
    scratch = Path(tempfile.mkdtemp(prefix=".data-", dir=DATA_DIR.parent))
    try:
        write(files, scratch)
        if DATA_DIR.exists():
            shutil.rmtree(DATA_DIR)
        scratch.rename(DATA_DIR)
    finally:
        if scratch.exists():
            shutil.rmtree(scratch)
    print(f"wrote {len(files)} files, {total} bytes into {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
