"""Files in and out: the format registry, table readers, atomic writes, the formula guard."""

from screen import lazy_exports

_EXPORTS = {
    "FORMATS": "formats",
    "TABLE_FORMATS": "formats",
    "TEXT_FORMATS": "formats",
    "format_of": "formats",
    "Table": "tables",
    "load_table": "tables",
    "read_table": "tables",
    "atomic_path": "atomic",
    "atomic_write": "atomic",
    "neutralize": "spreadsheet",
    "neutralize_expr": "spreadsheet",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
