"""Spot-check samples are fair and their population bounds are exact, checked independently of
the sampler: every index (the last included) is reachable, inclusion is uniform over many seeds
(chi-square), and the estimated counts are Wilson's bounds times the population, rounded outwards,
computed here by hand."""

from __future__ import annotations

import math

import pytest

from screen.spotcheck.estimates import Estimate, wilson_interval
from screen.spotcheck.sampling import pick_indexes


@pytest.mark.parametrize("population, size", [(10, 3), (7, 1), (50, 49), (2, 1)])
def test_every_index_is_reachable_the_first_and_the_last(population, size):
    seen: set[int] = set()
    for seed in range(400):
        picked = pick_indexes(population, size, seed)
        assert len(picked) == size == len(set(picked)) and picked == sorted(picked)
        assert all(0 <= index < population for index in picked)
        seen.update(picked)
    assert seen == set(range(population))


def test_inclusion_is_uniform_over_seeds():
    population, size, seeds = 20, 5, 4000
    counts = [0] * population
    for seed in range(seeds):
        for index in pick_indexes(population, size, seed):
            counts[index] += 1
    expected = seeds * size / population
    chi_square = sum((count - expected) ** 2 / expected for count in counts)
    # 19 degrees of freedom: P(chi2 > 43.8) = 0.001; a sampler that skips or favours an index
    # (the last one, say) lands far above it (skipping one index alone adds about 1,000)
    assert chi_square < 43.8, counts


def test_a_sample_as_large_as_the_population_is_all_of_it():
    assert pick_indexes(5, 5, 1) == pick_indexes(5, 9, 2) == [0, 1, 2, 3, 4]


def _wilson_by_hand(successes: int, trials: int) -> tuple[float, float]:
    z = 1.959963984540054
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return centre - half, centre + half


@pytest.mark.parametrize(
    "count, sampled, population, expected",
    [
        # hand-computed: Wilson bounds times the population, lower floored, upper ceiled
        (10, 100, 1000, {"point": 100, "ci95": [55, 175]}),  # 55.2 .. 174.4
        (3, 50, 1234, {"point": 74, "ci95": [25, 201]}),  # 25.4 .. 200.1 (rounded inwards: 26 .. 200)
        (0, 200, 5000, {"point": 0, "ci95": [0, 95]}),  # 0 .. 94.2
        (20, 20, 163, {"point": 163, "ci95": [136, 163]}),  # 136.7 .. 163 (inwards: 137 .. 163)
    ],
)
def test_estimated_records_are_the_bounds_rounded_outwards(count, sampled, population, expected):
    low, high = _wilson_by_hand(count, sampled)
    if count == 0:
        low = 0.0
    if count == sampled:
        high = 1.0
    assert [math.floor(low * population), math.ceil(high * population)] == expected["ci95"]
    assert wilson_interval(count, sampled)[0] == pytest.approx(low, abs=1e-12)
    assert Estimate("leak", count, sampled, population).as_dict()["estimated_records"] == expected
