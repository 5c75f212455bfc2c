"""How typer reads and shows our parameters: values converted without pydantic, and help
that names arguments the way people read them.

typer 0.29 converts every value through a pydantic TypeAdapter, built when the parameter is
first processed, and importing pydantic costs about 70 ms: more than a reading command's
whole work. Our parameters are plain (text, whole numbers, decimals, flags, paths, optional, or
lists of those), so each gets a small converter of its own here, with the same limits (`min`, `max`)
and a usage error (exit 2) for a bad value. A parameter of any other kind, or a typer that no
longer has these internals, keeps typer's own conversion.

typer also writes an argument as `{refs}...` with `<list[str]>` in help, and an option's
limits as `[x>=0]`; the two small subclasses at the end write `REF...` and leave the limits
to the option's own help text.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

Convert = Callable[[Any], Any]


# What pydantic's lax mode accepts from a command line, and its words when it does not. A
# decimal is read by Python's float(), which pydantic matches for everything people type but
# one quirk each way: pydantic refuses underscores with spaces around (" 1_0") and accepts an
# underscore beside the point ("1_.5"), which float() refuses.
_INT = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?")
_NOT_A = {
    int: "Input should be a valid integer, unable to parse string as an integer",
    float: "Input should be a valid number, unable to parse string as a number",
}


def _read_number(kind: type[Any], value: str) -> Any:
    text = value.strip()
    if kind is int:
        if not _INT.fullmatch(text):
            raise ValueError(text)
        return int(text.partition(".")[0])
    if not text.isascii() or ("_" in text and text != value):
        raise ValueError(text)
    return float(text)


def _number(kind: type[Any], info: Any) -> Convert:
    def convert(value: Any) -> Any:
        try:
            number = _read_number(kind, str(value))
        except ValueError:
            raise typer.BadParameter(_NOT_A[kind]) from None
        low, high = getattr(info, "min", None), getattr(info, "max", None)
        if getattr(info, "clamp", False):
            if low is not None and number < low:
                return kind(low)
            return kind(high) if high is not None and number > high else number
        if low is not None and number < low:
            raise typer.BadParameter(f"Input should be greater than or equal to {low}")
        if high is not None and number > high:
            raise typer.BadParameter(f"Input should be less than or equal to {high}")
        return number

    return convert


_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"", "0", "off", "f", "false", "n", "no"}


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise typer.BadParameter("Input should be a valid boolean, unable to interpret input")


def _leaf(annotation: Any, info: Any) -> Convert | None:
    if getattr(info, "parser", None) is not None:
        return None
    if annotation is str:
        return str
    if annotation is bool:
        return _flag
    if annotation in (int, float):
        return _number(annotation, info)
    if annotation is Path:
        from typer._param_types import coerce_cli_path

        # typer's own checks (exists, readable, file or folder), without its pydantic step
        return lambda value: Path(os.fsdecode(coerce_cli_path(value, info, path_type=None)))
    return None


def converter(annotation: Any, info: Any) -> Convert | None:
    """A converter for a plain annotation (optional, or a list of plain values); None for
    any other."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) != 1:
            return None
        return converter(options[0], info)
    if origin in (list, tuple):
        args = typing.get_args(annotation)
        if len(args) != 1 and not (origin is tuple and len(args) == 2 and args[1] is ...):
            return None
        item = _leaf(args[0], info)
        return None if item is None else (lambda values: [item(v) for v in values])
    return _leaf(annotation, info)


@functools.cache
def _plain_class() -> type[Any] | None:
    try:
        from typer._coercion import RuntimeParam
    except ImportError:  # a typer without this layer: its own conversion stays
        return None

    @dataclasses.dataclass(frozen=True)
    class Plain(RuntimeParam):
        convert: Convert = str

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.convert(value)
            except typer.BadParameter as exc:
                exc.ctx, exc.param = ctx, param
                raise

    return Plain


@functools.cache
def _readable_classes() -> dict[type[Any], type[Any]]:
    try:
        from typer.core import TyperArgument, TyperOption
    except ImportError:  # pragma: no cover - a typer without these classes
        return {}

    class Argument(TyperArgument):
        """An argument shown by its metavar (`REF...`, `[PLACE]...`), with no type label."""

        def _shown_name(self) -> str:
            name = self.metavar or (self.name or "").upper()
            many = self.nargs != 1 and " " not in name  # `[FORMAT] FILE` says it all
            return name + "..." if many and not name.endswith("...") else name

        def _usage_display_name(self) -> str:
            name = self._shown_name()
            return name if self.required or name.startswith("[") else f"[{name}]"

        def _rich_display_name(self) -> str:
            return self._shown_name()

        def display_type_rich(self, ctx: Any) -> str | None:
            return None

    class Option(TyperOption):
        """An option whose limits its help text states in words, not as `[x>=0]`."""

        def _get_number_range_help_str(self) -> str | None:
            return None

    return {TyperArgument: Argument, TyperOption: Option}


def plain_params(command: Any, ctx: Any, recurse: bool = True) -> None:
    """Give every plain parameter of a command (and, with `recurse`, of its subcommands) our
    own converter. `ctx` is the context the command runs under (or its parent's), for the
    names of the --help option that typer adds to each command."""
    plain = _plain_class()
    if plain is None:
        return
    commands = [command]
    while commands:
        current = commands.pop()
        if recurse:
            commands.extend(getattr(current, "commands", {}).values())
        params = [*current.params]
        if ctx is not None:  # None from a caller outside a run: --help keeps typer's way
            params.append(current.get_help_option(ctx))
        readable = _readable_classes()
        for param in params:
            if type(param) in readable:
                param.__class__ = readable[type(param)]
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is None or getattr(param, "_runtime_param", ...) is not None:
                continue
            convert = converter(descriptor.annotation, descriptor.parameter_info)
            if convert is None:
                continue
            param._runtime_param = plain(
                parameter_info=descriptor.parameter_info,
                annotation=descriptor.annotation,
                convert=convert,
            )
