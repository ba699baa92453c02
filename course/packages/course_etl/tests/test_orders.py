import sys
import unittest
from datetime import datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from course_etl.orders import (  # noqa: E402
    RecordError,
    clean_orders,
    line_revenue,
    parse_order,
    parse_order_item,
)


def order_row(**overrides):
    row = {
        "order_id": "17",
        "customer_id": "224",
        "order_ts": "2025-01-01 00:21:41",
        "status": "SHIPPED",
        "channel": "mobile",
        "currency": "EUR",
    }
    row.update(overrides)
    return row


def item_row(**overrides):
    row = {"order_id": "17", "line_no": "1", "product_id": "26", "quantity": "2", "unit_price": "96.99", "discount_pct": "0.10"}
    row.update(overrides)
    return row


class ParseOrderTests(unittest.TestCase):
    def test_parses_a_valid_row_into_typed_fields(self):
        order = parse_order(order_row())
        self.assertEqual(order.order_id, 17)
        self.assertEqual(order.customer_id, 224)
        self.assertEqual(order.order_ts, datetime(2025, 1, 1, 0, 21, 41))
        self.assertEqual((order.status, order.channel, order.currency), ("SHIPPED", "mobile", "EUR"))

    def test_normalises_case_and_whitespace(self):
        order = parse_order(order_row(status=" delivered ", channel="WEB", currency="usd"))
        self.assertEqual((order.status, order.channel, order.currency), ("DELIVERED", "web", "USD"))

    def test_cancelled_and_returned_orders_do_not_count_as_revenue(self):
        self.assertTrue(parse_order(order_row(status="PLACED")).counts_as_revenue)
        self.assertFalse(parse_order(order_row(status="CANCELLED")).counts_as_revenue)
        self.assertFalse(parse_order(order_row(status="RETURNED")).counts_as_revenue)

    def test_unknown_status_names_the_order_and_the_field(self):
        with self.assertRaises(RecordError) as caught:
            parse_order(order_row(status="LOST"))
        self.assertEqual(caught.exception.field, "status")
        self.assertIn("order 17", str(caught.exception))
        self.assertIn("'LOST'", str(caught.exception))

    def test_missing_customer_is_rejected(self):
        with self.assertRaises(RecordError) as caught:
            parse_order(order_row(customer_id=""))
        self.assertEqual(caught.exception.field, "customer_id")
        self.assertIn("missing", str(caught.exception))

    def test_bad_timestamp_and_bad_id_are_rejected(self):
        with self.assertRaises(RecordError) as caught:
            parse_order(order_row(order_ts="2025-01-01T00:21:41Z"))
        self.assertEqual(caught.exception.field, "order_ts")
        with self.assertRaises(RecordError) as caught:
            parse_order(order_row(order_id="abc"))
        self.assertEqual(caught.exception.field, "order_id")
        with self.assertRaises(RecordError) as caught:
            parse_order(order_row(order_id="0"))
        self.assertIn("at least 1", str(caught.exception))


class OrderItemTests(unittest.TestCase):
    def test_parses_and_computes_revenue(self):
        item = parse_order_item(item_row())
        self.assertEqual(item.unit_price, Decimal("96.99"))
        # 2 * 96.99 * 0.9 = 174.582 -> 174.58
        self.assertEqual(item.revenue, Decimal("174.58"))

    def test_discount_outside_range_is_rejected(self):
        with self.assertRaises(RecordError) as caught:
            parse_order_item(item_row(discount_pct="0.5"))
        self.assertEqual(caught.exception.field, "discount_pct")

    def test_negative_price_and_zero_quantity_are_rejected(self):
        with self.assertRaises(RecordError) as caught:
            parse_order_item(item_row(unit_price="-1.00"))
        self.assertEqual(caught.exception.field, "unit_price")
        with self.assertRaises(RecordError) as caught:
            parse_order_item(item_row(quantity="0"))
        self.assertEqual(caught.exception.field, "quantity")

    def test_not_a_number_is_rejected(self):
        for bad in ("abc", "NaN", "inf"):
            with self.subTest(bad=bad), self.assertRaises(RecordError):
                parse_order_item(item_row(unit_price=bad))


class LineRevenueTests(unittest.TestCase):
    def test_rounds_half_up_to_the_cent(self):
        # 1 * 10.05 * 0.5 = 5.025 -> 5.03 (half-up, like Spark's ROUND on decimals; banker's rounding would give 5.02)
        self.assertEqual(line_revenue(1, Decimal("10.05"), Decimal("0.5")), Decimal("5.03"))

    def test_no_discount_is_quantity_times_price(self):
        self.assertEqual(line_revenue(3, Decimal("12.99"), Decimal("0")), Decimal("38.97"))


class CleanOrdersTests(unittest.TestCase):
    def test_keeps_the_earliest_duplicate_and_accounts_for_every_row(self):
        rows = [
            order_row(order_id="2", order_ts="2025-02-01 10:00:00", status="PLACED"),
            order_row(order_id="1"),
            order_row(order_id="2", order_ts="2025-02-01 09:00:00", status="SHIPPED"),
            order_row(order_id="2", order_ts="2025-02-01 11:00:00", status="DELIVERED"),
            order_row(order_id="3", currency="JPY"),
        ]
        result = clean_orders(rows)
        self.assertEqual([o.order_id for o in result.orders], [1, 2])
        self.assertEqual(result.orders[1].status, "SHIPPED")
        self.assertEqual(result.duplicates, 2)
        self.assertEqual([e.field for e in result.rejected], ["currency"])
        self.assertEqual(len(result.orders) + result.duplicates + len(result.rejected), len(rows))


if __name__ == "__main__":
    unittest.main()
