"""leadscreen: screening, redaction, consent ledger and pre-dial checks for Chinese call centers.

The library comes first; :mod:`screen.cli.main` is a thin click layer over it.
"""

__version__ = "0.1.0"
