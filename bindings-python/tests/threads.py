"""A check that a call releases the GIL, shared by the tests of the calls that should."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable


def ticks_during(call: Callable[[], object]) -> int:
    """How many times another Python thread ran while ``call()`` ran.

    With a 5 s switch interval the calling thread is never made to hand over the GIL: the
    counting thread can only run during the call if the call released it. The counter yields at
    once each time (``sleep(0)``), so it never holds the caller up.
    """
    ticks = 0
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(5.0)
    counter = threading.Thread(target=count)
    counter.start()
    try:
        time.sleep(0.01)
        before = ticks
        call()
        return ticks - before
    finally:
        done.set()
        counter.join()
        sys.setswitchinterval(interval)
