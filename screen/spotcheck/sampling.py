"""Reproducible samples from one or more files, without reading whole files into memory.

Several files form one population, in the order given. The sample is drawn by index: one
streaming pass counts the records of each file, ``random.Random(seed).sample`` picks indexes
from the whole population (Python documents this generator as reproducible for a given seed,
on every platform), and a second streaming pass keeps only the picked records. Memory is
proportional to the sample, not the files.

>>> len(set(pick_indexes(population=10, size=3, seed=7)))
3
>>> pick_indexes(population=10, size=3, seed=7) == pick_indexes(population=10, size=3, seed=7)
True
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from screen.errors import UsageError
from screen.files.encoding import file_encoding

Progress = Callable[[str], None]  # told each stage, in a sentence


def pick_indexes(population: int, size: int, seed: int) -> list[int]:
    """Sorted indexes of a simple random sample without replacement (all if size >= population)."""
    if size >= population:
        return list(range(population))
    return sorted(random.Random(seed).sample(range(population), size))


class Source(Protocol):
    path: Path

    def count(self) -> int: ...

    def read(self, indexes: Sequence[int]) -> Iterator[tuple[int, str, object]]:
        """``(index, record id, record)`` for each wanted index, in order."""


@dataclass
class JsonlSource:
    """One record per non-blank line."""

    path: Path
    encoding: str = field(init=False)

    def __post_init__(self):
        # judged as every reader judges it, on the whole file: a mix is refused before sampling
        self.encoding = file_encoding(self.path)

    def count(self) -> int:
        records = 0
        with self.path.open("rb") as handle:
            for line in handle:
                if line.strip():
                    records += 1
        return records

    def read(self, indexes: Sequence[int]) -> Iterator[tuple[int, str, bytes]]:
        wanted = iter(indexes)
        target = next(wanted, None)
        record = 0
        with self.path.open("rb") as handle:
            for line_number, line in enumerate(handle, start=1):
                if target is None:
                    return
                if not line.strip():
                    continue
                if record == target:
                    yield record, f"{self.path.name}:{line_number}", line
                    target = next(wanted, None)
                record += 1


@dataclass
class WholeFileSource:
    """A text file or an ASR JSON transcript: the file is one record."""

    path: Path

    def count(self) -> int:
        return 1

    def read(self, indexes: Sequence[int]) -> Iterator[tuple[int, str, bytes]]:
        if 0 in indexes:
            yield 0, self.path.name, self.path.read_bytes()


def sample_sources(
    sources: Sequence[Source], size: int, seed: int, progress: Progress | None = None
) -> tuple[int, list[tuple[Source, str, object]]]:
    """Population size and the sampled ``(source, record id, record)`` in population order."""
    say = progress or (lambda message: None)
    if size < 1:
        raise UsageError("the sample size must be at least 1")
    counts = []
    for number, source in enumerate(sources, start=1):
        say(f"counting records in {source.path.name} ({number} of {len(sources)})")
        counts.append(source.count())
    population = sum(counts)
    if population == 0:
        raise UsageError("the inputs hold no records to sample")
    picked = pick_indexes(population, size, seed)
    say(f"reading {len(picked):,} sampled records of {population:,}")
    sampled = []
    offset = 0
    position = 0
    for source, count in zip(sources, counts):
        local = []
        while position < len(picked) and picked[position] < offset + count:
            local.append(picked[position] - offset)
            position += 1
        if local:
            sampled.extend((source, record_id, record) for _index, record_id, record in source.read(local))
        offset += count
    return population, sampled
