"""Redaction on Apache Spark: the same redactor as the local path, run per partition on Arrow batches.

``pip install 'leadscreen[spark]'`` brings pyspark; nothing here imports it until a Spark function
is called, so ``import screen`` and the local redaction path run without it. Importing a module of
this package without the extra is a :class:`~screen.errors.UsageError` that says how to install it.
"""

from screen import lazy_exports
from screen.redact.spark.session import require_spark_extra

require_spark_extra()  # before any module of the engine imports pyarrow, pandas or pyspark

_EXPORTS = {
    "redact_dataframe": "frames",
    "scan_dataframe": "frames",
    "spark_session": "session",
    "run_spark_redaction": "files",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
