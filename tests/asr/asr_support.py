"""The shipped vendor samples, their generator (to build any call in any vendor's shape), and a
walk over every string of a document, nested JSON strings included."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_lists" / "asr"


def _generator():
    spec = importlib.util.spec_from_file_location("make_asr_samples", SAMPLES / "make_asr_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()
VENDORS = tuple(GENERATOR.VENDORS)
PHONE, RESIDENT_ID, NAME = "13812345678", "11010519491231002X", "张伟"
# what a mask keeps (138****5678, 110105********002X) is fine to see; these middles never are
HIDDEN = ("1234", "19491231")


def sample(vendor: str):
    return json.loads((SAMPLES / f"{vendor}.json").read_text(encoding="utf-8"))


def leaves(value, path=""):
    """``(path, value)`` of every scalar, a string holding JSON walked into (path ``…{}``)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, f"{path}[{index}]")
    elif isinstance(value, str) and value[:1] in "{[":
        try:
            inner = json.loads(value)
        except json.JSONDecodeError:
            yield path, value
        else:
            yield from leaves(inner, path + "{}")
    else:
        yield path, value


def strings(document) -> list[str]:
    return [value for _path, value in leaves(document) if isinstance(value, str)]
