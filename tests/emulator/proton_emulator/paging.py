"""Pagination for list operations the emulator implements itself (opaque base64 tokens)."""

import base64
import binascii

from .protocol import ApiError


def page(items, token, max_results, default_size=100):
    """Return (items of this page, next token or None); a token that is not ours is a ValidationException."""
    start = _decode(token)
    if start > len(items):
        raise ApiError("ValidationException", "Invalid pagination token")
    size = max_results or default_size
    end = start + size
    return items[start:end], (_encode(end) if end < len(items) else None)


def _encode(offset):
    return base64.b64encode(str(offset).encode()).decode()


def _decode(token):
    if token is None:
        return 0
    try:
        offset = int(base64.b64decode(token, validate=True).decode())
    except (binascii.Error, ValueError):
        offset = -1
    if offset < 0:
        raise ApiError("ValidationException", "Invalid pagination token")
    return offset
