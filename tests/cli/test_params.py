"""Option values are converted without pydantic (see cli/params.py), exactly as typer's own
pydantic conversion would: same values, same words in the usage error, same exit code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer._adapters import try_build_adapter
from typer.models import OptionInfo

from meetup_tracker.cli.params import converter
from tests.conftest import Run


def typer_way(annotation: Any, info: OptionInfo, value: str) -> tuple[str, Any]:
    from pydantic import ValidationError
    from typer._display import get_error_msg

    adapter = try_build_adapter(annotation, info)
    assert adapter is not None
    try:
        return "ok", adapter.validate_python(value)
    except ValidationError as exc:
        return "error", get_error_msg(exc)


def our_way(annotation: Any, info: OptionInfo, value: str) -> tuple[str, Any]:
    convert = converter(annotation, info)
    assert convert is not None
    try:
        return "ok", convert(value)
    except typer.BadParameter as exc:
        return "error", exc.message


def same(a: tuple[str, Any], b: tuple[str, Any]) -> bool:
    if a[0] != b[0]:
        return False
    if a[0] == "ok" and isinstance(a[1], float) and a[1] != a[1]:
        return bool(b[1] != b[1])  # both nan
    return a == b


def spaced(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(["", " "]), values, st.sampled_from(["", " "])).map("".join)


# What people type for a number, and what they mistype: digits, signs, points, exponents,
# thousands separators, words, other scripts' digits, bits of all of those.
NUMBERISH = spaced(
    st.one_of(
        st.integers().map(str),
        st.floats().map(repr),
        st.floats(allow_nan=False).map(lambda x: f"{x:,.3f}"),
        st.from_regex(r"[+-]?[0-9]{1,6}(\.[0-9]{0,3})?([eE][+-]?[0-9]{1,3})?", fullmatch=True),
        st.from_regex(r"[0-9]{1,3}(_[0-9]{3})+", fullmatch=True),
        st.sampled_from(["inf", "-Infinity", "nan", "ten", "½", "٣", "１２", "0x10", "1e", "."]),
        st.text(alphabet="0123456789+-_. eEinfatyINFATY٣１x,", max_size=8),
    )
)
INFOS = [OptionInfo(), OptionInfo(min=0), OptionInfo(min=1, max=500)]


@settings(max_examples=400, deadline=None)
@given(value=NUMBERISH, info=st.sampled_from(INFOS))
def test_whole_numbers_convert_as_typer_would(value: str, info: OptionInfo) -> None:
    assert same(our_way(int, info, value), typer_way(int, info, value)), value


@settings(max_examples=400, deadline=None)
@given(value=NUMBERISH)
def test_decimals_convert_as_typer_would(value: str) -> None:
    info = OptionInfo()
    assert same(our_way(float, info, value), typer_way(float, info, value)), value


@pytest.mark.parametrize("value", ["1", "0", "yes", " No ", "off", "T", "maybe", "", "2"])
def test_flags_convert_as_typer_would(value: str) -> None:
    info = OptionInfo()
    assert our_way(bool, info, value) == typer_way(bool, info, value)


def test_lists_and_optionals_convert_each_value() -> None:
    info = OptionInfo()
    assert converter(list[int], info)(["1", " 2 "]) == [1, 2]  # type: ignore[misc]
    assert converter(int | None, info)("3") == 3  # type: ignore[misc]
    assert converter(Path | None, info)("x.db") == Path("x.db")  # type: ignore[misc]
    assert converter(dict[str, int], info) is None  # anything else keeps typer's way


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["contact", "list", "--limit", "-1"], "Input should be greater than or equal to 0"),
        (["contact", "list", "--limit", "ten"], "Input should be a valid integer"),
        (["stale", "--days", "1.5"], "Input should be a valid integer"),
        (["contact", "add", "X", "--lat", "north", "--lon", "2"], "Input should be a valid number"),
    ],
)
def test_a_bad_value_is_a_usage_error(run: Run, args: list[str], words: str) -> None:
    result = run(*args, expect=2)
    option = next(a for a in reversed(args) if a.startswith("--") and a != "--lon")
    assert f"Invalid value for '{option}'" in result.stderr
    assert words in result.stderr


def test_good_values_reach_the_command(run: Run) -> None:
    run("contact", "add", "Ana", "--lat", " 52.5", "--lon", "13.4")
    run("contact", "add", "Ben", "--lat", "-33.9", "--lon", "151.2")
    listed = run("contact", "list", "--limit", "1.0").stdout
    assert "Ana" in listed
    assert "Ben" not in listed
    assert "Ben" in run("near", "-33.9, 151.2", "--within", "10").stdout
