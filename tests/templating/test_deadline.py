"""The watchdog stops a stretch that overruns its limit, however many finished within theirs before it."""

from __future__ import annotations

import time

import pytest

from handouts.templating.deadline import Overtime, time_limit


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_short_limit_after_long_ones_still_stops_the_block() -> None:
    # The watchdog is not woken for a deadline later than the one it sleeps until: here it sleeps
    # towards the first long deadline (already left) when the short one arrives, and must wake for it.
    for _ in range(3):
        with time_limit(30.0):
            pass
    with pytest.raises(Overtime), time_limit(0.2):
        _spin(20.0)


def test_a_block_that_ends_in_time_is_not_interrupted_later() -> None:
    with time_limit(0.2):
        pass
    _spin(0.5)  # an Overtime from the finished block would arrive here
