import sys
import unittest
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from course_etl.orders import RecordError, parse_order, parse_order_item  # noqa: E402
from course_etl.revenue import daily_revenue, daily_revenue_eur, parse_rate_pages, rate_on, to_eur  # noqa: E402


def page(number, total, rates, base="EUR"):
    return {"page": number, "total_pages": total, "base": base, "rates": rates}


PAGES = [
    page(1, 2, [{"date": "2025-01-01", "currency": "USD", "rate": 1.0337}, {"date": "2025-01-01", "currency": "GBP", "rate": 0.8265}]),
    page(2, 2, [{"date": "2025-01-03", "currency": "USD", "rate": 1.05}]),
]


class RatePagesTests(unittest.TestCase):
    def test_merges_pages_into_day_and_currency_keys(self):
        rates = parse_rate_pages(PAGES)
        self.assertEqual(rates[(date(2025, 1, 1), "USD")], Decimal("1.0337"))
        self.assertEqual(rates[(date(2025, 1, 3), "USD")], Decimal("1.05"))
        self.assertEqual(len(rates), 3)

    def test_page_order_does_not_matter(self):
        self.assertEqual(parse_rate_pages(list(reversed(PAGES))), parse_rate_pages(PAGES))

    def test_missing_page_is_an_error(self):
        with self.assertRaises(RecordError) as caught:
            parse_rate_pages([PAGES[0]])
        self.assertIn("expected pages 1..2", str(caught.exception))

    def test_wrong_base_currency_is_an_error(self):
        with self.assertRaises(RecordError) as caught:
            parse_rate_pages([page(1, 1, [], base="USD")])
        self.assertEqual(caught.exception.field, "base")

    def test_conflicting_rates_are_an_error(self):
        pages = [page(1, 1, [{"date": "2025-01-01", "currency": "USD", "rate": 1.0}, {"date": "2025-01-01", "currency": "USD", "rate": 1.1}])]
        with self.assertRaises(RecordError) as caught:
            parse_rate_pages(pages)
        self.assertIn("conflicts", str(caught.exception))

    def test_malformed_entry_names_its_position(self):
        with self.assertRaises(RecordError) as caught:
            parse_rate_pages([page(1, 1, [{"date": "2025-13-01", "currency": "USD", "rate": 1.0}])])
        self.assertIn("rates[0]", str(caught.exception))


class ConversionTests(unittest.TestCase):
    def setUp(self):
        self.rates = parse_rate_pages(PAGES)

    def test_eur_is_always_one(self):
        self.assertEqual(rate_on(self.rates, date(2030, 1, 1), "EUR"), Decimal(1))

    def test_a_gap_uses_the_latest_earlier_rate(self):
        self.assertEqual(rate_on(self.rates, date(2025, 1, 2), "USD"), Decimal("1.0337"))
        self.assertEqual(rate_on(self.rates, date(2025, 1, 4), "USD"), Decimal("1.05"))

    def test_no_earlier_rate_is_an_error(self):
        with self.assertRaises(RecordError):
            rate_on(self.rates, date(2024, 12, 31), "USD")

    def test_to_eur_divides_by_the_rate(self):
        # 105.00 USD / 1.05 = 100.00 EUR
        self.assertEqual(to_eur(Decimal("105.00"), "USD", date(2025, 1, 3), self.rates), Decimal("100.00"))


class DailyRevenueTests(unittest.TestCase):
    def test_sums_revenue_orders_per_day_and_currency(self):
        orders = [
            parse_order({"order_id": "1", "customer_id": "1", "order_ts": "2025-01-01 08:00:00", "status": "SHIPPED", "channel": "web", "currency": "USD"}),
            parse_order({"order_id": "2", "customer_id": "2", "order_ts": "2025-01-01 09:00:00", "status": "CANCELLED", "channel": "web", "currency": "USD"}),
            parse_order({"order_id": "3", "customer_id": "3", "order_ts": "2025-01-01 23:59:59", "status": "PLACED", "channel": "store", "currency": "GBP"}),
        ]
        items = [
            parse_order_item({"order_id": o, "line_no": "1", "product_id": "5", "quantity": "1", "unit_price": p, "discount_pct": "0"})
            for o, p in (("1", "105.00"), ("2", "999.00"), ("3", "82.65"), ("42", "1.00"))
        ]
        revenue = daily_revenue(orders, items)
        self.assertEqual(revenue, {(date(2025, 1, 1), "GBP"): Decimal("82.65"), (date(2025, 1, 1), "USD"): Decimal("105.00")})
        in_eur = daily_revenue_eur(revenue, parse_rate_pages(PAGES))
        # 105.00 / 1.0337 = 101.58; 82.65 / 0.8265 = 100.00
        self.assertEqual(in_eur, {date(2025, 1, 1): Decimal("201.58")})


if __name__ == "__main__":
    unittest.main()
