"""Cross-session validation (spec 4.1 gate 3): P0.1.1, P0.1.2 and P0.1.3 together.

Written by session 4, the integration owner; it runs on coordination after each merge.
"""

import threading
import unittest

try:
    from infrafabric.event_bus import EventBus
except ImportError:
    EventBus = None
try:
    from infrafabric.coordinator import Coordinator
except ImportError:
    Coordinator = None


def racing_bus(readers):
    """An event bus whose reads wait for each other: concurrent claims surely interleave."""

    class RacingBus(EventBus):
        def __init__(self):
            super().__init__()
            self._barrier = threading.Barrier(readers, timeout=5)

        def get(self, key):
            value = super().get(key)
            try:
                self._barrier.wait()
            except threading.BrokenBarrierError:
                pass
            return value

    return RacingBus()


@unittest.skipIf(EventBus is None, "the event bus (P0.1.1) has not landed")
class FullCoordinatorTest(unittest.TestCase):
    def test_event_bus_revisions_grow(self):
        bus = EventBus()
        first = bus.put("a", 1)
        self.assertLess(first, bus.put("a", 2))
        self.assertEqual(2, bus.get("a"))

    @unittest.skipIf(Coordinator is None or not hasattr(Coordinator, "publish"),
                     "pub/sub (P0.1.3) has not landed")
    def test_publish_reaches_every_subscriber(self):
        coordinator = Coordinator(EventBus())
        got = []
        coordinator.subscribe("tasks", got.append)
        coordinator.subscribe("tasks", got.append)
        self.assertEqual(2, coordinator.publish("tasks", "P0.1.4 claimed"))
        self.assertEqual(["P0.1.4 claimed"] * 2, got)

    @unittest.skipIf(Coordinator is None or not hasattr(Coordinator, "claim"),
                     "CAS (P0.1.2) has not landed")
    def test_concurrent_cas_claim(self):
        coordinator = Coordinator(racing_bus(2))
        winners = []

        def claim(owner):
            if coordinator.claim("P0.1.4", owner):
                winners.append(owner)

        threads = [threading.Thread(target=claim, args=(s,)) for s in ("session-5", "session-7")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(1, len(winners), "both sessions claimed P0.1.4: " + ", ".join(winners))
