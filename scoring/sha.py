"""SHA-256 for content digests, without loading OpenSSL.

``import hashlib`` loads OpenSSL's library, a few milliseconds of every ``debitorka score``; a
digest of a rulebook or a scenario needs only CPython's built-in implementation, which gives the
same digests. Other Pythons get hashlib's own.
"""

try:
    from _sha2 import sha256  # CPython 3.12+
except ImportError:
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:
        from hashlib import sha256

__all__ = ["sha256"]
