"""Loaded by every Python process the tests start (PYTHONPATH): no network connection may open.

meetup-tracker promises that nothing leaves the machine; a command that tried would fail here.
"""

import socket


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise OSError("network access is blocked in meetup-tracker's tests")


socket.socket.connect = _refuse  # type: ignore[method-assign]
socket.socket.connect_ex = _refuse  # type: ignore[method-assign,assignment]
socket.create_connection = _refuse  # type: ignore[assignment]
socket.getaddrinfo = _refuse  # type: ignore[assignment]
