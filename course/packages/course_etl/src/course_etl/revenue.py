"""Daily revenue and currency normalisation, in plain Python (no Spark).

Exchange rates come from the course's captured API pages (``api/exchange_rates/page_N.json``):
``{"page": 1, "total_pages": N, "base": "EUR", "rates": [{"date": "2025-01-01", "currency": "USD", "rate": 1.0345}]}``.
A rate says how many units of ``currency`` one EUR buys, so an amount in that currency is ``amount / rate`` EUR.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Mapping, Sequence

from course_etl.orders import CENT, Order, OrderItem, RecordError

BASE_CURRENCY = "EUR"

Rates = Mapping[tuple[date, str], Decimal]


def parse_rate_pages(pages: Sequence[Mapping[str, object]]) -> dict[tuple[date, str], Decimal]:
    """Merge the API pages into ``{(day, currency): rate}``.

    Checks that the pages are exactly 1..total_pages, all in base EUR, and that no (day, currency) has two different rates.
    """
    if not pages:
        raise RecordError("exchange rate pages", "page", "none given")
    total = pages[0].get("total_pages")
    numbers = sorted(int(p.get("page", 0)) for p in pages)  # type: ignore[call-overload]
    if not isinstance(total, int) or numbers != list(range(1, total + 1)):
        raise RecordError("exchange rate pages", "page", f"expected pages 1..{total}, got {numbers}")
    rates: dict[tuple[date, str], Decimal] = {}
    for page in pages:
        record = f"exchange rate page {page.get('page')}"
        if page.get("base") != BASE_CURRENCY:
            raise RecordError(record, "base", f"must be {BASE_CURRENCY}, got {page.get('base')!r}")
        entries = page.get("rates")
        if not isinstance(entries, list):
            raise RecordError(record, "rates", "must be a list")
        for index, entry in enumerate(entries):
            where = f"{record}, rates[{index}]"
            try:
                day = date.fromisoformat(str(entry["date"]))
                currency = str(entry["currency"]).upper()
                rate = Decimal(str(entry["rate"]))
            except (KeyError, ValueError, ArithmeticError) as error:
                raise RecordError(where, "date/currency/rate", f"is malformed ({error})") from None
            if rate <= 0:
                raise RecordError(where, "rate", f"must be positive, got {rate}")
            key = (day, currency)
            if key in rates and rates[key] != rate:
                raise RecordError(where, "rate", f"conflicts with an earlier rate {rates[key]} for {day} {currency}")
            rates[key] = rate
    return rates


def rate_on(rates: Rates, day: date, currency: str) -> Decimal:
    """The rate for ``currency`` on ``day``, or the latest earlier one (markets close on some days).

    EUR is always 1. Raises :class:`RecordError` when no rate on or before ``day`` exists.
    """
    if currency == BASE_CURRENCY:
        return Decimal(1)
    earlier = [d for (d, c) in rates if c == currency and d <= day]
    if not earlier:
        raise RecordError(f"exchange rate {currency}", "date", f"has no rate on or before {day.isoformat()}")
    return rates[(max(earlier), currency)]


def to_eur(amount: Decimal, currency: str, day: date, rates: Rates) -> Decimal:
    """``amount`` in ``currency`` converted to EUR with the rate of ``day``, rounded half-up to the cent."""
    return (amount / rate_on(rates, day, currency)).quantize(CENT, rounding=ROUND_HALF_UP)


def daily_revenue(orders: Iterable[Order], items: Iterable[OrderItem]) -> dict[tuple[date, str], Decimal]:
    """Revenue per (order day, currency) over orders that count as revenue. Lines of unknown orders are ignored."""
    by_id = {o.order_id: o for o in orders if o.counts_as_revenue}
    totals: dict[tuple[date, str], Decimal] = defaultdict(lambda: Decimal("0.00"))
    for item in items:
        order = by_id.get(item.order_id)
        if order is not None:
            totals[(order.order_ts.date(), order.currency)] += item.revenue
    return dict(sorted(totals.items()))


def daily_revenue_eur(revenue: Mapping[tuple[date, str], Decimal], rates: Rates) -> dict[date, Decimal]:
    """Collapse :func:`daily_revenue` into EUR per day (each currency converted, then summed)."""
    totals: dict[date, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for (day, currency), amount in revenue.items():
        totals[day] += to_eur(amount, currency, day, rates)
    return dict(sorted(totals.items()))
