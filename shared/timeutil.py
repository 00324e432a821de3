"""Core layer: time helpers. Everything is stored in UTC; business days follow the site's timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Ho_Chi_Minh"


def local_date(at: datetime, tz: str = DEFAULT_TZ) -> date:
    return at.astimezone(ZoneInfo(tz)).date()


def local_midnight_utc(day: date, tz: str = DEFAULT_TZ) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def local_time_utc(day: date, hhmm: str, tz: str = DEFAULT_TZ) -> datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def day_bounds_utc(day: date, tz: str = DEFAULT_TZ) -> tuple[datetime, datetime]:
    return local_midnight_utc(day, tz), local_midnight_utc(day + timedelta(days=1), tz)


def bucket_15(at: datetime) -> datetime:
    """Start of the 15-minute interval containing ``at`` (UTC)."""
    at = at.astimezone(UTC)
    return at.replace(minute=at.minute - at.minute % 15, second=0, microsecond=0)
