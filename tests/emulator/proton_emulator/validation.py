"""Validate a request's members against its botocore input shape, as AWS's front end does.

botocore's client checks only required members, types and minimums; AWS also checks maximums,
patterns and enums and answers a ValidationException such as::

    1 validation error detected: Value '...' at 'pipelineServiceRoleArn' failed to satisfy
    constraint: Member must have length less than or equal to 2048

The walk is generic over shapes (structure, list, map, string, numbers, boolean, timestamp, blob), so
the same code serves Proton, SSO Admin, Identity Store (JSON) and IAM/STS (query, after
`protocol.query_to_params`). Type mismatches are reported apart from constraint violations because
AWS answers them with a different error (SerializationException for JSON protocols).

Choices where AWS's behaviour is not observable through botocore:
- Members the model does not define are ignored (AWS's JSON front ends ignore unknown members).
- Patterns are matched against the whole value (Java's `matches`), translated by regex_compat.
- The value of a member whose shape is `sensitive` is left out of the message.
"""

import base64
import binascii

from .regex_compat import compile_pattern


class Problems:
    """What is wrong with a request: type errors and constraint violations (Coral-style phrases)."""

    def __init__(self):
        self.type_errors = []
        self.constraint_errors = []

    def __bool__(self):
        return bool(self.type_errors or self.constraint_errors)

    def constraint_message(self):
        count = len(self.constraint_errors)
        noun = "error" if count == 1 else "errors"
        return "%d validation %s detected: %s" % (count, noun, "; ".join(self.constraint_errors))


def validate(shape, params):
    """Check `params` (a dict, already decoded from the wire) against the input structure `shape`."""
    problems = Problems()
    if shape is not None:
        _Walker(problems).structure_members(shape, params if params is not None else {}, "")
    return problems


_JSON_TYPES = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "long": (int,),
    "float": (int, float),
    "double": (int, float),
    "timestamp": (int, float, str),
    "blob": (str, bytes),
    "list": (list,),
    "map": (dict,),
    "structure": (dict,),
}

_JAVA_NAMES = {
    "string": "String", "boolean": "Boolean", "integer": "Integer", "long": "Long", "float": "Float",
    "double": "Double", "timestamp": "Date", "blob": "ByteBuffer", "list": "List", "map": "Map",
    "structure": "Structure",
}


class _Walker:
    def __init__(self, problems):
        self.problems = problems

    def structure_members(self, shape, value, path):
        for name, member in shape.members.items():
            member_path = _join(path, name[:1].lower() + name[1:])
            item = value.get(name)
            if item is None:
                if name in shape.required_members:
                    self.problems.constraint_errors.append(
                        "Value null at '%s' failed to satisfy constraint: Member must not be null" % member_path)
                continue
            self.check(member, item, member_path)

    def check(self, shape, value, path):
        if not self._has_type(shape, value, path):
            return
        kind = shape.type_name
        if kind == "structure":
            if not shape.metadata.get("document"):
                self.structure_members(shape, value, path)
            return
        if kind == "list":
            for index, item in enumerate(value, start=1):
                self.check(shape.member, item, "%s.%d.member" % (path, index))
        elif kind == "map":
            for key, item in value.items():
                self.check(shape.key, key, path)
                self.check(shape.value, item, "%s.%s" % (path, key))
        self._constraints(shape, value, path)

    def _has_type(self, shape, value, path):
        kind = shape.type_name
        if shape.metadata.get("document"):
            return True
        expected = _JSON_TYPES.get(kind, (object,))
        ok = isinstance(value, expected) and not (isinstance(value, bool) and kind != "boolean")
        if ok and kind == "blob" and isinstance(value, str):
            ok = _decodes_as_base64(value)
        if not ok:
            self.problems.type_errors.append("%s can not be converted to %s (at '%s')" % (
                _json_kind(value), _JAVA_NAMES.get(kind, kind), path))
        return ok

    def _constraints(self, shape, value, path):
        meta = shape.metadata
        kind = shape.type_name
        fail = self._failure(shape, value, path)
        if kind in ("integer", "long", "float", "double"):
            if "min" in meta and value < meta["min"]:
                fail("Member must have value greater than or equal to %s" % meta["min"])
            if "max" in meta and value > meta["max"]:
                fail("Member must have value less than or equal to %s" % meta["max"])
            return
        if kind in ("string", "list", "map", "blob"):
            length = len(base64.b64decode(value)) if kind == "blob" and isinstance(value, str) else len(value)
            if "min" in meta and length < meta["min"]:
                fail("Member must have length greater than or equal to %s" % meta["min"])
            if "max" in meta and length > meta["max"]:
                fail("Member must have length less than or equal to %s" % meta["max"])
        if kind == "string":
            if shape.enum and value not in shape.enum:
                fail("Member must satisfy enum value set: [%s]" % ", ".join(shape.enum))
            pattern = meta.get("pattern")
            if pattern and not compile_pattern(pattern).fullmatch(value):
                fail("Member must satisfy regular expression pattern: %s" % pattern)

    def _failure(self, shape, value, path):
        if shape.metadata.get("sensitive"):
            prefix = "Value at '%s' failed to satisfy constraint: " % path
        else:
            prefix = "Value '%s' at '%s' failed to satisfy constraint: " % (_render(value), path)
        return lambda reason: self.problems.constraint_errors.append(prefix + reason)


def _join(path, name):
    return path + "." + name if path else name


def _decodes_as_base64(text):
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _json_kind(value):
    if isinstance(value, bool):
        return "TRUE_VALUE" if value else "FALSE_VALUE"
    if isinstance(value, (int, float)):
        return "NUMBER_VALUE"
    if isinstance(value, str):
        return "STRING_VALUE"
    if isinstance(value, list):
        return "START_ARRAY"
    if isinstance(value, dict):
        return "START_OBJECT"
    return type(value).__name__


def _render(value):
    """Render a value the way AWS's Java front end prints it in validation messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_render(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join("%s=%s" % (key, _render(item)) for key, item in value.items()) + "}"
    return str(value)
