"""A Twitter/X archive's files, read from its folder or straight out of its zip, in bounded
work: a zip's members are inflated under a cap (MAX_INFLATED_BYTES in all, MAX_RATIO times
their packed size once past RATIO_AFTER_BYTES), and whatever goes wrong reading one of them
is one error naming the file inside the archive. `twitter.py` reads what the files say."""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from meetup_tracker.errors import InvalidInput
from meetup_tracker.formats.records import FormatError

MAX_MEMBER_BYTES = 2 * 1024**3  # a zip member claiming more is not an archive we read
# Bounded work on a zip: what the files we read inflate to, in all (the largest real tweets.js
# are a few hundred megabytes), and how much larger than its compressed size a file may grow
# once past a few megabytes (archive JSON compresses about 10 to 1; a bomb, 1,000 to 1).
MAX_INFLATED_BYTES = 4 * 1024**3
MAX_RATIO = 100
RATIO_AFTER_BYTES = 16 * 1024**2
MAX_OBJECT_CHARS = 10 * 1024**2  # manifest.js and user_details.js are a few kilobytes
# `window.YTD.tweets.part0 = [`, `Grailbird.data.tweets_2014_03 = [`, `var user_details = {`
_PREFIX_RE = re.compile(
    r"^\s*(?:window\.YTD\.[A-Za-z0-9_]+\.part\d+|Grailbird\.data\.[A-Za-z0-9_]+"
    r"|window\.__THAR_CONFIG|var\s+[A-Za-z_]+)\s*=\s*"
)
_TWEETS_RE = re.compile(r"(?:^|/)data/tweets?(?:-part\d+)?\.js$")
_CLASSIC_RE = re.compile(r"(?:^|/)data/js/tweets/\d{4}_\d{2}\.js$")
_CSV_RE = re.compile(r"(?:^|/)tweets\.csv$")


def is_archive(path: Path) -> bool:
    """A folder or zip file that holds a Twitter/X archive's `data/` files (or a zip too
    damaged to tell: the only zip we read is an archive, and it is told it is damaged)."""
    try:
        archive = Archive(path)
        return bool(archive.tweet_files() or archive.csv_file())
    except FormatError:
        return path.is_file() and _zip_magic(path)
    except (OSError, zipfile.BadZipFile):
        return False


def _zip_magic(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(4) == b"PK\x03\x04"
    except OSError:
        return False


class Archive:
    """The archive's files, read from a folder or straight out of the zip."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.inflated = 0  # bytes inflated out of the zip so far
        if path.is_dir():
            self.names = [
                p.relative_to(path).as_posix()
                for p in path.rglob("*")
                if p.suffix in (".js", ".csv") and p.is_file()
            ]
        else:
            try:
                self.zip = zipfile.ZipFile(path)
            except zipfile.BadZipFile as exc:
                if _zip_magic(path):
                    raise FormatError(
                        f"{path} is a damaged zip file (cut short, or broken in transfer)",
                        hint="download the archive again",
                    ) from None
                raise FormatError(f"{path} is not a zip file nor a Twitter archive folder") from exc
            self.names = [i.filename for i in self.zip.infolist() if not i.is_dir()]

    def tweet_files(self) -> list[str]:
        """The files of tweets: the current archive's, else the classic one's by month."""
        found = sorted(n for n in self.names if _TWEETS_RE.search(n))
        return found or sorted(n for n in self.names if _CLASSIC_RE.search(n))

    def csv_file(self) -> str | None:
        """The classic archive's tweets.csv, when there are no monthly files."""
        return next((n for n in sorted(self.names) if _CSV_RE.search(n)), None)

    def named(self, *files: str) -> list[str]:
        return sorted(n for n in self.names if n.rsplit("/", 1)[-1] in files and "data/" in n)

    def open(self, name: str) -> IO[str]:
        if self.zip is not None:
            info = self.zip.getinfo(name)
            if info.file_size > MAX_MEMBER_BYTES:
                raise FormatError(f"{name} in {self.path} is too large to be an archive file")
            bounded = _Bounded(self.zip.open(info), self, name, info.compress_size)
            return io.TextIOWrapper(io.BufferedReader(bounded), encoding="utf-8-sig")
        return (self.path / name).open(encoding="utf-8-sig")

    @contextmanager
    def reading(self, name: str) -> Iterator[IO[str]]:
        """A file of the archive, open; whatever goes wrong reading it (a damaged or cut zip,
        encryption, an unknown compression, text that is not UTF-8, JSON nested past reason
        or shaped like nothing Twitter writes) is one error naming the file inside it."""
        where = f"{name} in {self.path}"
        try:
            with self.open(name) as file:
                yield file
        except (FormatError, InvalidInput):
            raise
        except UnicodeDecodeError as exc:
            raise FormatError(f"{where} is not UTF-8 text (byte {exc.start:,})") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise FormatError(
                f"{self.path} is damaged: {name} cannot be read ({exc})",
                hint="download the archive again",
            ) from None
        except NotImplementedError as exc:
            raise FormatError(
                f"{where} cannot be read: {exc}", hint="unzip it, and give the folder"
            ) from None
        except RecursionError:
            raise FormatError(f"{where} is nested too deeply to be an archive file") from None
        except RuntimeError as exc:
            if "encrypted" in str(exc) or "password" in str(exc):
                raise FormatError(
                    f"{where} is encrypted", hint="unzip it with its password, and give the folder"
                ) from None
            raise
        except ValueError as exc:
            if "digits" in str(exc):  # Python's limit on turning long numbers into ints
                raise FormatError(f"{where} holds a number thousands of digits long") from None
            raise FormatError(
                f"{where} is not shaped like a Twitter/X archive file: {exc}"
            ) from None
        except (TypeError, AttributeError, KeyError, OverflowError) as exc:
            raise FormatError(
                f"{where} is not shaped like a Twitter/X archive file: {exc}"
            ) from None

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


class _Bounded(io.RawIOBase):
    """A zip member's bytes, counted: the archive's inflated total and this member's growth
    over its compressed size stop at their caps (MAX_INFLATED_BYTES, MAX_RATIO)."""

    def __init__(self, raw: IO[bytes], archive: Archive, name: str, compressed: int) -> None:
        self.raw, self.archive, self.name = raw, archive, name
        self.compressed = max(compressed, 1)
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        count = len(data)
        buffer[:count] = data
        self.read_bytes += count
        self.archive.inflated += count
        if self.archive.inflated > MAX_INFLATED_BYTES or (
            self.read_bytes > RATIO_AFTER_BYTES and self.read_bytes > MAX_RATIO * self.compressed
        ):
            raise FormatError(
                f"{self.name} in {self.archive.path} inflates past what an archive holds"
                f" (more than {MAX_RATIO} times its packed size, or {MAX_INFLATED_BYTES // 1024**3}"
                " GiB in all): not read",
            )
        return count

    def close(self) -> None:
        self.raw.close()
        super().close()


def items(file: IO[str], name: str, chunk: int = 1 << 20) -> Iterator[dict[str, Any]]:
    """The objects of a `window.YTD.x.part0 = [...]` (or `Grailbird.data.tweets_2014_03 =
    [...]`) file, one at a time (a large archive's tweets never sit in memory at once)."""
    decoder = json.JSONDecoder()
    buffer = file.read(chunk)
    m = _PREFIX_RE.match(buffer)
    if not m:
        raise FormatError(f"{name} is not an archive data file (no window.YTD... = )")
    position = buffer.find("[", m.end())
    if position < 0:
        raise FormatError(f"{name} is not an archive data file (no array)")
    position += 1
    while True:
        while position < len(buffer) and buffer[position] in " \t\r\n,":
            position += 1
        if position < len(buffer) and buffer[position] == "]":
            return
        try:
            item, end = decoder.raw_decode(buffer, position)
        except json.JSONDecodeError as exc:
            more = file.read(chunk)
            if not more:
                raise FormatError(f"{name} is cut short or broken: {exc.msg}") from exc
            buffer, position = buffer[position:] + more, 0
            continue
        if isinstance(item, dict):
            yield item
        position = end
        if position > chunk:
            buffer, position = buffer[position:], 0


def data_object(archive: Archive, name: str) -> dict[str, Any]:
    """The one object of `window.__THAR_CONFIG = {...}` or `var user_details = {...}`."""
    with archive.reading(name) as file:
        text = file.read(MAX_OBJECT_CHARS + 1)
    m = _PREFIX_RE.match(text)
    if not m or len(text) > MAX_OBJECT_CHARS:
        raise FormatError(f"{name} is not an archive data file")
    try:
        found = json.loads(text[m.end() :].strip().rstrip(";"))
    except json.JSONDecodeError as exc:
        raise FormatError(f"{name} is cut short or broken: {exc.msg}") from exc
    return found if isinstance(found, dict) else {}
