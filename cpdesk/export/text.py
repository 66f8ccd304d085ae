"""Text that every export format can hold.

XML 1.0 (Word, Excel, HTML as XHTML parsers read it, and the PDF's text layer through Qt)
cannot hold most control characters, lone surrogates or U+FFFE/U+FFFF; a label read from a
spreadsheet can contain any of them (``_x000B_`` in a cell is a vertical tab). Each such
character is replaced by U+FFFD "�", so the reader sees that something was there, and the
file opens. Tab, line feed and carriage return are kept (they are legal and mean something).
"""
from __future__ import annotations

import dataclasses
import re

REPLACEMENT = "\ufffd"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Fields of a table that are not text to write (the data behind it, the suppression record).
_SKIP = {"spec", "facts", "suppressed", "charts"}


def xml_safe(text):
    """``text`` with every character XML cannot hold replaced by "�"; other values unchanged."""
    if isinstance(text, str) and _NOT_XML.search(text):
        return _NOT_XML.sub(REPLACEMENT, text)
    return text


def safe_copy(obj):
    """A copy of a table (dataclasses, lists, dicts of text) with every string made :func:`xml_safe`.

    Objects with nothing to replace are returned as they are, so a clean table costs one walk.
    """
    if isinstance(obj, str):
        return xml_safe(obj)
    if isinstance(obj, list):
        out = [safe_copy(v) for v in obj]
        return obj if all(a is b for a, b in zip(out, obj)) else out
    if isinstance(obj, tuple):
        out = tuple(safe_copy(v) for v in obj)
        return obj if all(a is b for a, b in zip(out, obj)) else out
    if isinstance(obj, dict):
        out = {safe_copy(k): safe_copy(v) for k, v in obj.items()}
        same = all(a is b for a, b in zip(out, obj)) and all(out[k] is obj[k] for k in obj if k in out)
        return obj if same and len(out) == len(obj) else out
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in dataclasses.fields(obj):
            if f.name in _SKIP or not f.init:
                continue
            value = getattr(obj, f.name)
            new = safe_copy(value)
            if new is not value:
                changes[f.name] = new
        return dataclasses.replace(obj, **changes) if changes else obj
    return obj
