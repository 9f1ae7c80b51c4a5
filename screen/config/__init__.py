"""The policy file and the key for phone digests."""

from screen import lazy_exports

_EXPORTS = {
    "Policy": "policy",
    "Campaign": "policy",
    "load_policy": "policy",
    "parse_policy": "policy",
    "load_key": "keys",
    "phone_digest": "keys",
    "Digester": "keys",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
