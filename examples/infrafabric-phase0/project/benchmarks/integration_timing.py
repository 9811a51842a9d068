"""Integration cost figures for gate 2 (spec 4.1: no regression over 10%).

Each figure is work counted per operation (event bus writes per claim, reads per publish), not
seconds: the same code gives the same figures on a busy machine, so a regression is a change in
the code. Prints one flat JSON object, Junction's benchmark-json report.
"""

import json
import os
import sys

sys.path.insert(0, os.getcwd())


def figures():
    try:
        from infrafabric.event_bus import EventBus
    except ImportError:
        return {}

    class CountingBus(EventBus):
        def __init__(self):
            super().__init__()
            self.reads = 0
            self.writes = 0

        def get(self, key):
            self.reads += 1
            return super().get(key)

        def put(self, key, value):
            self.writes += 1
            return super().put(key, value)

        def compare_and_swap(self, key, expected, value):
            self.writes += 1
            return super().compare_and_swap(key, expected, value)

    bus = CountingBus()
    for n in range(100):
        bus.put("key/%d" % n, n)
    result = {"event_bus_writes_per_put": bus.writes / 100}
    try:
        from infrafabric.coordinator import Coordinator
    except ImportError:
        return result
    bus = CountingBus()
    coordinator = Coordinator(bus)
    if hasattr(coordinator, "claim"):
        for n in range(100):
            coordinator.claim("task-%d" % n, "session-5")
        result["bus_calls_per_claim"] = (bus.reads + bus.writes) / 100
    return result


if __name__ == "__main__":
    json.dump(figures(), sys.stdout, sort_keys=True)
    sys.stdout.write("\n")
