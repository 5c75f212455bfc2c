"""Your settings."""

from __future__ import annotations

from meetup_tracker.output import Column, Custom, print_table, show


def settings(values: dict[str, object], *, json_: bool) -> None:
    """The user's settings: home, units and the name changes are recorded under."""
    home = values.get("home")
    where = "not set (meetup config set home PLACE)"
    if isinstance(home, dict):
        where = f"{home['name']} ({home['lat']:.4f}, {home['lon']:.4f})"
    rows = [("home", where), ("units", values.get("units")), ("user", values.get("user"))]

    def table() -> None:
        print_table([Column("Setting", style="bold"), Column("Value")], rows, title="Settings")

    show(Custom(lambda: values, table, table), json_=json_)
