"""Parsing, cleaning and revenue rules for retail orders, in plain Python (no Spark).

The course data (``retail/orders.csv`` and ``retail/order_items.csv``) arrives as text. These functions turn one CSV row
(a mapping of column name to string, as ``csv.DictReader`` yields) into a typed, validated record, and say which orders
count as revenue and how much an order line is worth. ``course_etl.spark_job`` applies the same rules to DataFrames.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Iterable, Mapping

ORDER_STATUSES = ("PLACED", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED")
"""Every status an order can have."""

REVENUE_STATUSES = ("PLACED", "SHIPPED", "DELIVERED")
"""Statuses whose lines count as revenue: cancelled and returned orders do not."""

CHANNELS = ("web", "mobile", "store")
CURRENCIES = ("EUR", "USD", "GBP")
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
"""``order_ts`` format in the source files (UTC, no zone suffix)."""

MAX_DISCOUNT = Decimal("0.3")
CENT = Decimal("0.01")


class RecordError(ValueError):
    """A source row that breaks a rule; the message names the record and the field."""

    def __init__(self, record: str, field: str, problem: str) -> None:
        super().__init__(f"{record}: field '{field}' {problem}")
        self.record = record
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class Order:
    order_id: int
    customer_id: int
    order_ts: datetime
    status: str
    channel: str
    currency: str

    @property
    def counts_as_revenue(self) -> bool:
        return self.status in REVENUE_STATUSES


@dataclass(frozen=True)
class OrderItem:
    order_id: int
    line_no: int
    product_id: int
    quantity: int
    unit_price: Decimal
    discount_pct: Decimal

    @property
    def revenue(self) -> Decimal:
        return line_revenue(self.quantity, self.unit_price, self.discount_pct)


def _text(row: Mapping[str, str | None], record: str, field: str) -> str:
    value = row.get(field)
    if value is None or value.strip() == "":
        raise RecordError(record, field, "is missing")
    return value.strip()


def _int(row: Mapping[str, str | None], record: str, field: str, minimum: int = 1) -> int:
    text = _text(row, record, field)
    try:
        value = int(text)
    except ValueError:
        raise RecordError(record, field, f"is not a whole number: {text!r}") from None
    if value < minimum:
        raise RecordError(record, field, f"must be at least {minimum}, got {value}")
    return value


def _decimal(row: Mapping[str, str | None], record: str, field: str) -> Decimal:
    text = _text(row, record, field)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RecordError(record, field, f"is not a number: {text!r}") from None
    if not value.is_finite():
        raise RecordError(record, field, f"is not a number: {text!r}")
    return value


def _choice(row: Mapping[str, str | None], record: str, field: str, allowed: tuple[str, ...], upper: bool) -> str:
    text = _text(row, record, field)
    value = text.upper() if upper else text.lower()
    if value not in allowed:
        raise RecordError(record, field, f"must be one of {', '.join(allowed)}, got {text!r}")
    return value


def parse_order(row: Mapping[str, str | None]) -> Order:
    """One ``orders.csv`` row as an :class:`Order`. Trims text and normalises the case of status, channel and currency.

    Raises :class:`RecordError` naming the order and the field when a value is missing or invalid.
    """
    record = f"order {row.get('order_id')!r}"
    order_id = _int(row, record, "order_id")
    record = f"order {order_id}"
    ts_text = _text(row, record, "order_ts")
    try:
        order_ts = datetime.strptime(ts_text, TIMESTAMP_FORMAT)
    except ValueError:
        raise RecordError(record, "order_ts", f"must look like 2025-01-31 23:59:59, got {ts_text!r}") from None
    return Order(
        order_id=order_id,
        customer_id=_int(row, record, "customer_id"),
        order_ts=order_ts,
        status=_choice(row, record, "status", ORDER_STATUSES, upper=True),
        channel=_choice(row, record, "channel", CHANNELS, upper=False),
        currency=_choice(row, record, "currency", CURRENCIES, upper=True),
    )


def parse_order_item(row: Mapping[str, str | None]) -> OrderItem:
    """One ``order_items.csv`` row as an :class:`OrderItem`; raises :class:`RecordError` on a bad value."""
    record = f"order item {row.get('order_id')!r}/{row.get('line_no')!r}"
    unit_price = _decimal(row, record, "unit_price")
    if unit_price < 0:
        raise RecordError(record, "unit_price", f"must not be negative, got {unit_price}")
    discount = _decimal(row, record, "discount_pct")
    if not Decimal(0) <= discount <= MAX_DISCOUNT:
        raise RecordError(record, "discount_pct", f"must be between 0 and {MAX_DISCOUNT}, got {discount}")
    return OrderItem(
        order_id=_int(row, record, "order_id"),
        line_no=_int(row, record, "line_no"),
        product_id=_int(row, record, "product_id"),
        quantity=_int(row, record, "quantity"),
        unit_price=unit_price,
        discount_pct=discount,
    )


def line_revenue(quantity: int, unit_price: Decimal, discount_pct: Decimal) -> Decimal:
    """Revenue of one order line: ``quantity * unit_price * (1 - discount_pct)``, rounded half-up to the cent.

    Spark's ``ROUND`` on decimals also rounds half-up, so ``spark_job.LINE_REVENUE_SQL`` gives the same cents.
    """
    return (Decimal(quantity) * unit_price * (Decimal(1) - discount_pct)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CleanResult:
    orders: list[Order]
    rejected: list[RecordError]
    duplicates: int


def clean_orders(rows: Iterable[Mapping[str, str | None]]) -> CleanResult:
    """Parse every row and keep one order per order_id: the earliest ``order_ts`` (the first one read on a tie).

    Nothing is dropped silently: every input row is either in ``orders``, in ``rejected`` or counted in ``duplicates``.
    The result is sorted by order_id. ``spark_job.clean_orders_df`` applies the same rules to a DataFrame.
    """
    kept: dict[int, Order] = {}
    rejected: list[RecordError] = []
    duplicates = 0
    for row in rows:
        try:
            order = parse_order(row)
        except RecordError as error:
            rejected.append(error)
            continue
        earlier = kept.get(order.order_id)
        if earlier is not None:
            duplicates += 1
            if order.order_ts >= earlier.order_ts:
                continue
        kept[order.order_id] = order
    return CleanResult(orders=[kept[k] for k in sorted(kept)], rejected=rejected, duplicates=duplicates)
