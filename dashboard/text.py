"""Words for people: counts, lists and one way to write a date, the same on every page.

Dates read "5 Jun 2026" (no zero padding) or, in long form, "Friday 5 June 2026".
"""

from __future__ import annotations

from datetime import date

from dashboard.records import EVENT_KIND_LABELS

_NOUNS = {"other": ("other event", "other events")}


def day_text(value: date, weekday: bool = False, year: bool = True, long: bool = False) -> str:
    """'5 Jun 2026' or 'Friday 5 June': no zero padding, the same on every platform."""
    text = f"{value.day} {value:%B}" if long else f"{value.day} {value:%b}"
    if weekday:
        text = f"{value:%A} {text}" if long else f"{value:%a} {text}"
    return f"{text} {value:%Y}" if year else text


def plural(count: int, noun: str, many: str | None = None) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {many or noun + 's'}"


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def count_words(kind: str, label: str, count: int) -> str:
    """'3 therapy sessions' for known kinds; 'boundary kept (3)' for kinds added later."""
    if kind in EVENT_KIND_LABELS:
        one, many = _NOUNS.get(kind, (label.lower(), label.lower() + "s"))
        return f"{count} {one if count == 1 else many}"
    return f"{label[:1].lower()}{label[1:]} ({count})"
