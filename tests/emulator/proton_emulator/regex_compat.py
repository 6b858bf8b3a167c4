"""Compile the Java-flavoured regular expressions of botocore's models with Python's `re`.

AWS checks `pattern` traits with Java regexes. Two differences matter for the patterns botocore ships:
`\\w`, `\\d` and `\\b` are ASCII-only in Java (hence `re.ASCII`), and Java knows Unicode property
classes such as `\\p{L}`, which `re` does not: those are expanded into explicit code point ranges.
"""

import functools
import re
import sys
import unicodedata

_PROPERTY = re.compile(r"p\{(\w{1,2})\}")


@functools.lru_cache(maxsize=None)
def compile_pattern(pattern):
    """Return a compiled Python regex equivalent to the Java regex `pattern` (use it with fullmatch)."""
    return re.compile(_translate(pattern), re.ASCII)


def _translate(pattern):
    out = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            prop = _PROPERTY.match(pattern, i + 1)
            if prop:
                ranges = _category_ranges(prop.group(1))
                out.append(ranges if in_class else "[" + ranges + "]")
                i = prop.end()
                continue
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            # A "]" right after "[" or "[^" is a literal, not the end of the class.
            if pattern.startswith("^]", i + 1) or pattern.startswith("]", i + 1):
                end = pattern.index("]", i + 1) + 1
                out.append(pattern[i + 1:end])
                i = end
                continue
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=None)
def _category_ranges(category):
    """Character-class body (no brackets) for a Unicode general category such as "L" or "Lu"."""
    spans = _all_ranges().get(category)
    if not spans:
        raise ValueError("unknown Unicode property \\p{%s}" % category)
    return "".join(_escape(first) if first == last else _escape(first) + "-" + _escape(last)
                   for first, last in spans)


@functools.lru_cache(maxsize=None)
def _all_ranges():
    """Map every major ("L") and minor ("Lu") Unicode category to its code point ranges, in one pass."""
    ranges = {}

    def add(category, first, last):
        spans = ranges.setdefault(category, [])
        if spans and spans[-1][1] == first - 1:
            spans[-1][1] = last
        else:
            spans.append([first, last])

    run_start, run_category = 0, unicodedata.category(chr(0))
    for code in range(1, sys.maxunicode + 2):
        category = unicodedata.category(chr(code)) if code <= sys.maxunicode else None
        if category != run_category:
            add(run_category, run_start, code - 1)
            add(run_category[0], run_start, code - 1)
            run_start, run_category = code, category
    return ranges


def _escape(code):
    return "\\U%08x" % code
