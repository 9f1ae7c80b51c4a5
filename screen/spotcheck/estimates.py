"""Rates estimated from a sample, with Wilson score intervals.

The Wilson interval behaves where the normal approximation fails (rates near 0 or 1, small
samples), which is exactly the spot-check case: "0 leaks in 200 records" still gives an upper
bound, not a zero-width interval.

>>> lower, upper = wilson_interval(0, 200)
>>> (lower, round(upper, 4))
(0.0, 0.0188)
>>> [round(bound, 4) for bound in wilson_interval(10, 100)]
[0.0552, 0.1744]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054  # two-sided 95 %


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for ``successes`` out of ``trials``."""
    if trials <= 0:
        return 0.0, 1.0
    if not 0 <= successes <= trials:
        raise ValueError("successes must be between 0 and trials")
    proportion = successes / trials
    denominator = 1 + z * z / trials
    centre = (proportion + z * z / (2 * trials)) / denominator
    half_width = z * math.sqrt(proportion * (1 - proportion) / trials + z * z / (4 * trials * trials)) / denominator
    lower = 0.0 if successes == 0 else max(0.0, centre - half_width)  # exact at the edges,
    upper = 1.0 if successes == trials else min(1.0, centre + half_width)  # not 1e-18 off
    return lower, upper


@dataclass(frozen=True)
class Estimate:
    finding: str
    count: int
    sampled: int
    population: int

    @property
    def rate(self) -> float:
        return self.count / self.sampled if self.sampled else 0.0

    @property
    def ci95(self) -> tuple[float, float]:
        return wilson_interval(self.count, self.sampled)

    @property
    def estimated_in_population(self) -> tuple[int, int, int]:
        """Point estimate and 95 % bounds of how many records in the population have the finding."""
        lower, upper = self.ci95
        return (
            round(self.rate * self.population),
            math.floor(lower * self.population),
            math.ceil(upper * self.population),
        )

    def as_dict(self) -> dict:
        lower, upper = self.ci95
        point, low_count, high_count = self.estimated_in_population
        return {
            "count": self.count,
            "rate": round(self.rate, 6),
            "ci95": [round(lower, 6), round(upper, 6)],
            "estimated_records": {"point": point, "ci95": [low_count, high_count]},
        }
