"""What each page shows, assembled from the store: the only pure code that reads it.

A view reads each table it needs once, filtered in SQL by household, loved one and date
range, and returns a frozen dataclass that dashboard/ui only draws. Views are cached per
store, household, data version and arguments: every write bumps the household's data
version, so a cached view is never stale, and a key that names the household means no
session can ever receive another household's view. A cached view is shared by every
session that asks for it: treat it as read-only.
"""

from __future__ import annotations

import functools
import sys
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from dashboard.store import HouseholdStore

P = ParamSpec("P")
V = TypeVar("V")
MAX_VIEWS = 128

_lock = threading.Lock()
_views: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def cached(
    build: Callable[Concatenate[HouseholdStore, P], V],
) -> Callable[Concatenate[HouseholdStore, P], V]:
    """Cache a view by (store, household, data version, arguments), newest MAX_VIEWS kept.

    The arguments must be hashable (ids, dates, strings). A view is built outside the
    lock, so a slow build never blocks another family's page.
    """

    @functools.wraps(build)
    def view(household: HouseholdStore, *args: P.args, **kwargs: P.kwargs) -> V:
        key = (
            f"{build.__module__}.{build.__qualname__}",
            household.store.token,
            household.id,
            household.data_version(),
            args,
            tuple(sorted(kwargs.items())),
        )
        try:
            hash(key)
        except TypeError:  # an argument such as a DataFrame: build it fresh
            return build(household, *args, **kwargs)
        with _lock:
            if key in _views:
                _views.move_to_end(key)
                return _views[key]
        value = build(household, *args, **kwargs)
        with _lock:
            _views[key] = value
            while len(_views) > MAX_VIEWS:
                _views.popitem(last=False)
        return value

    return view


def clear() -> None:
    """Forget every cached view (tests start each case with none)."""
    with _lock:
        _views.clear()
    _forget_encoded_charts()


def forget(household_id: uuid.UUID) -> None:
    """Drop a deleted family's views, so none of its data stays in this process's memory."""
    with _lock:
        for key in [k for k in _views if k[2] == household_id]:
            del _views[key]
    _forget_encoded_charts()


def _forget_encoded_charts() -> None:
    """The charts drawn from views are kept encoded for the browser (charts.encoded) while
    their figures are; let those go too. Nothing is encoded unless the charts were loaded."""
    charts = sys.modules.get("dashboard.charts")
    if charts is not None:
        charts.forget_encoded()


def figure_dict(fig: Any) -> dict:
    """A built figure as a plain dict: cheap to keep, and drawn without validating twice."""
    return fig.to_plotly_json()
