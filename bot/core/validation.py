"""Reading data from YAML into the schema (:mod:`bot.core.models`), with every mismatch told in a
curator's words.

msgspec stops at the first mismatch, words it in JSON's terms ("Expected `array`, got `int`") and leaves
a dict's keys out of its error path, while a curator should see every mistake of a file at once, each
where it is written. So when a conversion fails, the data is walked along the type, and msgspec is asked
about each part alone: the mismatches come with their locations (keys and indexes from the top, as the
loader's line map takes them), in the order of the fields.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from typing import Annotated, Any, Literal, NamedTuple, TypeVar, Union, get_args, get_origin

import msgspec

from bot.core.yaml_errors import text_read_as_field

T = TypeVar("T")


class Mismatch(NamedTuple):
    """A place where the data does not fit the schema, and what is wrong there."""

    loc: tuple[Any, ...]
    message: str


class Invalid(Exception):
    """The data does not fit the schema; ``mismatches`` says everywhere it does not."""

    def __init__(self, mismatches: list[Mismatch]) -> None:
        super().__init__("; ".join(mismatch.message for mismatch in mismatches))
        self.mismatches = mismatches


def convert(data: Any, type_: type[T]) -> T:
    """``data`` as ``type_``, every text stripped first (so a text of only spaces is empty, and the texts
    are stored without the spaces around them); raises :class:`Invalid` with every mismatch."""
    data = _stripped(data)
    try:
        return msgspec.convert(data, type_)
    except msgspec.ValidationError:
        raise Invalid(list(_mismatches(data, type_, ()))) from None


def _stripped(data: Any) -> Any:
    if isinstance(data, str):
        return data.strip()
    if isinstance(data, list):
        return [_stripped(item) for item in data]
    if isinstance(data, dict):
        return {_stripped(key): _stripped(value) for key, value in data.items()}
    return data


def _mismatches(value: Any, type_: Any, loc: tuple[Any, ...]) -> Iterator[Mismatch]:
    """Where ``value`` does not fit ``type_``: in its parts, or else (none of them is wrong) as a whole."""
    try:
        msgspec.convert(value, type_)
        return
    except msgspec.ValidationError as exc:
        error = str(exc)
    bare = get_args(type_)[0] if get_origin(type_) is Annotated else type_
    if get_origin(bare) in (Union, types.UnionType):  # `X | None`, and not None, which would fit
        (bare,) = (member for member in get_args(bare) if member is not types.NoneType)
        yield from _mismatches(value, bare, loc)
        return
    in_parts = list(_parts(value, bare, loc))
    yield from in_parts or [Mismatch(loc, _describe(error, value, bare))]


def _parts(value: Any, type_: Any, loc: tuple[Any, ...]) -> Iterator[Mismatch]:
    """The mismatches in the fields of a struct, the items of a list or the keys and values of a dict."""
    if isinstance(type_, type) and issubclass(type_, msgspec.Struct) and isinstance(value, dict):
        fields = msgspec.structs.fields(type_)
        for field in fields:
            if field.encode_name in value:
                yield from _mismatches(value[field.encode_name], field.type, (*loc, field.encode_name))
            elif field.required:
                yield Mismatch((*loc, field.encode_name), "missing field")
        known = {field.encode_name for field in fields}
        yield from (Mismatch((*loc, key), "unknown field") for key in value if key not in known)
    elif get_origin(type_) is list and isinstance(value, list):
        (item_type,) = get_args(type_)
        for index, item in enumerate(value):
            yield from _mismatches(item, item_type, (*loc, index))
    elif get_origin(type_) is dict and isinstance(value, dict):
        key_type, value_type = get_args(type_)
        for key, item in value.items():
            yield from _mismatches(key, key_type, (*loc, key, "[key]"))
            yield from _mismatches(item, value_type, (*loc, key))


_KINDS = {
    "str": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
    "array": "a list", "object": "a mapping (name: value)",
}  # fmt: skip


def _describe(error: str, value: Any, type_: Any) -> str:
    """msgspec's ``error`` about ``value``, which should be a ``type_``, in a curator's words."""
    if value is None or error.endswith(" of length >= 1"):  # `de:` with nothing after it is empty too
        return "must not be empty"
    if match := re.fullmatch(r"Expected `str` of length <= (\d+)", error):
        return f"must be at most {match[1]} characters"
    if match := re.fullmatch(r"Expected `str` matching regex '(.*)'", error):
        return _id_rule(match[1])
    if get_origin(type_) is Literal:
        *others, last = (repr(choice) for choice in get_args(type_))
        return f"must be {', '.join(others)} or {last}"
    if type_ is str and isinstance(value, bool | int | float):
        return (
            f"expected text but YAML read {value!r}; put the text in quotes "
            "(YAML reads yes/no/on/off as true/false and bare numbers as numbers)"
        )
    if type_ is str and (read_as_field := text_read_as_field(value)):
        return read_as_field
    if match := re.fullmatch(r"Expected `(\w+)`, got `(\w+)`", error):
        expected, got = match.groups()
        read = repr(value) if isinstance(value, bool | int | float) else _KINDS.get(got, got)
        return f"expected {_KINDS.get(expected, expected)}, but YAML read {read}"
    return error


_ID_PATTERN = re.compile(r"\^\[([^\]]+)\]\{1,(\d+)\}\$")
_ID_CHARACTERS = {"a-z0-9_": "a-z, 0-9 and _", "a-z_": "a-z and _"}


def _id_rule(pattern: str) -> str:
    """The rule of an id pattern of the models (``^[a-z0-9_]{1,40}$``) in words."""
    match = _ID_PATTERN.fullmatch(pattern)
    if match is None or match.group(1) not in _ID_CHARACTERS:
        return f"must match {pattern}"
    return f"ids may only use {_ID_CHARACTERS[match.group(1)]} (at most {match.group(2)} characters)"
