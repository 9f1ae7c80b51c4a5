"""Prometheus text exposition for ``GET /metrics``, written by hand (the format is a few lines).

Counts decisions by decision and reason, and a histogram of how long a check took inside the
service (from the request reaching the handler to the answer being ready). Each server process
counts its own; Prometheus adds them up.

>>> metrics = Metrics()
>>> metrics.observe(("dnc_listed",), 0.0004)
>>> 'leadscreen_decisions_total{decision="deny",reason="dnc_listed"} 1' in metrics.render()
True
"""

from __future__ import annotations

import bisect
import threading
from collections import Counter

# Seconds. Dense below 5 ms, where the service is meant to live.
LATENCY_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)


class Metrics:
    def __init__(self):
        self._lock = threading.Lock()
        self.decisions: Counter[tuple[str, str]] = Counter()
        self._bucket_counts = [0] * (len(LATENCY_BUCKETS) + 1)
        self._latency_sum = 0.0
        self._latency_count = 0
        self.errors: Counter[str] = Counter()

    def observe(self, reasons: tuple[str, ...], seconds: float | None = None) -> None:
        """Count one decision (no reasons: allow); ``seconds`` adds a latency sample."""
        with self._lock:
            if reasons:
                for reason in reasons:
                    self.decisions[("deny", reason)] += 1
            else:
                self.decisions[("allow", "")] += 1
            if seconds is not None:
                self._bucket_counts[bisect.bisect_left(LATENCY_BUCKETS, seconds)] += 1
                self._latency_sum += seconds
                self._latency_count += 1

    def error(self, kind: str) -> None:
        with self._lock:
            self.errors[kind] += 1

    def render(self, gauges: dict[str, tuple[str, float]] | None = None) -> str:
        """The exposition text; ``gauges`` maps a metric name to (help, value)."""
        with self._lock:
            lines = [
                "# HELP leadscreen_decisions_total Pre-dial decisions, by decision and reason (a denial counts once per reason).",
                "# TYPE leadscreen_decisions_total counter",
            ]
            for (decision, reason), count in sorted(self.decisions.items()):
                lines.append(f'leadscreen_decisions_total{{decision="{decision}",reason="{reason}"}} {count}')
            lines += [
                "# HELP leadscreen_check_duration_seconds Time to answer one check inside the service.",
                "# TYPE leadscreen_check_duration_seconds histogram",
            ]
            cumulative = 0
            for bound, count in zip(LATENCY_BUCKETS, self._bucket_counts):
                cumulative += count
                lines.append(f'leadscreen_check_duration_seconds_bucket{{le="{bound}"}} {cumulative}')
            lines.append(f'leadscreen_check_duration_seconds_bucket{{le="+Inf"}} {self._latency_count}')
            lines.append(f"leadscreen_check_duration_seconds_sum {self._latency_sum:.6f}")
            lines.append(f"leadscreen_check_duration_seconds_count {self._latency_count}")
            lines += [
                "# HELP leadscreen_errors_total Requests that failed inside the service, by kind.",
                "# TYPE leadscreen_errors_total counter",
            ]
            for kind, count in sorted(self.errors.items()):
                lines.append(f'leadscreen_errors_total{{kind="{kind}"}} {count}')
        for name, (help_text, value) in (gauges or {}).items():
            kind = "counter" if name.endswith("_total") else "gauge"
            lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}", f"{name} {value}"]
        return "\n".join(lines) + "\n"
