"""Reading a user's input files: regular files only, bounded, UTF-8, nothing echoed.

Every file adoptsim reads on a user's behalf — scenario and ``extends`` files,
org charts, ties files, quickscan answers, experiment files — goes through
this module, so the same rules hold for all of them:

* Only regular files are read. A folder, a device such as ``/dev/zero``, a
  named pipe or a socket is refused before it is opened: a device never ends
  and a pipe blocks until someone writes to it.
* A file is opened non-blocking and read up to its limit plus one byte, so a
  file that grows, or reports a wrong size, cannot exhaust memory.
* Text is UTF-8, with or without a byte-order mark (Excel and some Windows
  editors write one).
* An error names the file and what was expected, never the file's content: a
  path in a shared scenario may point anywhere (a key, a password file), and
  error lines end up in logs, terminals and tickets. Parser messages that
  quote the file (tomllib names duplicate keys) are reworded.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from simulation.errors import InputError

MAX_TOML_BYTES = 4 * 1024**2  # a scenario, answers or experiment file is a few kB
_CHUNK = 16 * 1024**2
MAX_NESTING = 16  # tables and arrays; a scenario needs 4 (section, key, list, pair)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # in a name or a value: none at all
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tab and line ends pass
_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"))


def shown(path: str | Path) -> str:
    """A file name as it may be printed: control characters escaped, very long names cut.

    A name comes from the user or from a scenario file someone shared; escape
    sequences in it must not reach the terminal, and a 5,000-character name
    must not fill the screen.
    """
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], str(path))
    if len(text) > 200:
        return f"{text[:80]}...{text[-40:]} ({len(text):,} characters)"
    return text


def control_in_name(text: str) -> str | None:
    """The first control character (tab and line breaks included) as ``U+XXXX``, or None.

    Names (departments, people, scenarios) are printed in terminals, plots and
    HTML; a NUL or an escape sequence in one is a broken file, not a name.
    """
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def control_in_text(text: str) -> int | None:
    """Where the first control character other than tab and line ends is, or None."""
    found = _TEXT_CONTROL.search(text)
    return found.start() if found else None


def _a(what: str) -> str:
    return f"{'an' if what[:1] in 'aeiou' else 'a'} {what}"


def _size(n: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def _os_error(exc: OSError | ValueError, path: str | Path, what: str,
              error: type[InputError]) -> InputError:
    """One line for a file that cannot be opened, by cause."""
    name = shown(path)
    if isinstance(exc, ValueError):  # os.stat's "embedded null byte"
        return error(f"{name}: a file name cannot contain a NUL character")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return error(f"{name}: {what} not found")
    if exc.errno == errno.ENAMETOOLONG:
        return error(f"{name}: file name too long for this system; expected {_a(what)}")
    if exc.errno == errno.EISDIR:
        return error(f"{name}: is a directory, expected {_a(what)}")
    return error(f"{name}: cannot read the {what} ({exc.strerror or exc})")


def read_bytes(path: str | Path, what: str, limit: int,
               error: type[InputError] = InputError) -> bytes:
    """Read a regular file of at most ``limit`` bytes.

    Args:
        path: the file.
        what: what the file should be, for messages ("scenario file", "org chart").
        limit: the largest size accepted, in bytes.
        error: the :class:`InputError` subclass to raise.

    Raises:
        InputError: (``error``) for a missing file, a folder, anything that is
            not a regular file, a file that cannot be read or is too large.
    """
    stat_regular(path, what, limit, error)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except (OSError, ValueError) as exc:
        raise _os_error(exc, path, what, error) from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        _check_regular(st, path, what, limit, error)  # replaced since the stat?
        try:
            parts = [fh.read(st.st_size + 1)]  # the whole file in one read, as a rule
            size = len(parts[0])
            while parts[-1] and size <= limit:  # it grew: read on in chunks, up to the limit
                parts.append(fh.read(min(_CHUNK, limit + 1 - size)))
                size += len(parts[-1])
        except OSError as exc:
            raise _os_error(exc, path, what, error) from None
    data = parts[0] if len(parts) == 1 else b"".join(parts)
    if len(data) > limit:
        raise error(f"{shown(path)}: larger than {_size(limit)}, too large for {_a(what)}")
    return data


def stat_regular(path: str | Path, what: str, limit: int,
                 error: type[InputError] = InputError) -> os.stat_result:
    """The status of a regular file of at most ``limit`` bytes, without opening it.

    Raises:
        InputError: (``error``) as :func:`read_bytes`.
    """
    try:
        st = os.stat(path)
    except (OSError, ValueError) as exc:
        raise _os_error(exc, path, what, error) from None
    _check_regular(st, path, what, limit, error)
    return st


def _check_regular(st: os.stat_result, path: str | Path, what: str, limit: int,
                   error: type[InputError]) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{shown(path)}: is a directory, expected {_a(what)}")
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "a special file")
        raise error(f"{shown(path)}: is not a regular file ({kind}); expected {_a(what)}")
    if st.st_size > limit:
        raise error(f"{shown(path)}: {_size(st.st_size)} is too large for {_a(what)} "
                    f"(at most {_size(limit)})")


def read_text(path: str | Path, what: str, limit: int,
              error: type[InputError] = InputError) -> str:
    """Read a regular file as UTF-8 text; a leading byte-order mark is dropped.

    Raises:
        InputError: as :func:`read_bytes`, or for text that is not UTF-8
            (naming the line).
    """
    return decode_text(read_bytes(path, what, limit, error), path, error)


def decode_text(raw: bytes, path: str | Path, error: type[InputError] = InputError) -> str:
    """UTF-8 text of a file's bytes (a leading byte-order mark dropped), or one line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(f"{shown(path)}: line {line}: not UTF-8 text (byte 0x{raw[exc.start]:02x});"
                    " save the file as UTF-8") from None


# tomllib's messages that quote the file, reworded; all others quote nothing.
_TOML_REWORDED = (
    ("Found invalid character", "a character that is not allowed here"),
    ("Illegal character", "a control character that is not allowed in a string"),
    ("Cannot declare", "a table is declared twice"),
    ("Cannot mutate immutable namespace", "a key changes a table or array defined earlier"),
    ("Cannot redefine namespace", "a key changes a table or array defined earlier"),
    ("Duplicate inline table key", "a key repeats in an inline table"),
)
_TOML_WHERE = re.compile(r"^(?P<msg>.*) \((?P<where>at line \d+, column \d+|at end of document)\)$",
                         re.DOTALL)


def toml_message(exc: tomllib.TOMLDecodeError) -> str:
    """The message and position of a TOML syntax error, without text quoted from the file."""
    match = _TOML_WHERE.match(str(exc))
    msg, where = (match["msg"], match["where"]) if match else (str(exc), "")
    for prefix, plain in _TOML_REWORDED:
        if msg.startswith(prefix):
            msg = plain
            break
    else:
        if "'" in msg.replace("'='", "").replace("']'", "").replace("']]'", "") \
                .replace("'\\'", "").replace("'''", "").replace("'\"'", ""):
            msg = "invalid TOML"  # a message this module does not know: quote nothing
    return f"{msg} ({where})" if where else msg


def nesting(data: Any) -> int:
    """How deep tables and arrays nest in ``data`` (a scalar is 0), without recursion."""
    deepest, todo = 0, [(data, 0)]
    while todo:
        node, depth = todo.pop()
        children = node.values() if isinstance(node, dict) else node \
            if isinstance(node, list | tuple) else None
        if children is None:
            deepest = max(deepest, depth)
            continue
        deepest = max(deepest, depth + 1)
        if depth + 1 <= MAX_NESTING:
            todo.extend((child, depth + 1) for child in children)
    return deepest


def read_toml(path: str | Path, what: str, error: type[InputError] = InputError,
              limit: int = MAX_TOML_BYTES) -> dict[str, Any]:
    """Read a TOML file by the rules above.

    Raises:
        InputError: (``error``) as :func:`read_text`, for a TOML syntax error
            (position, no quoted text), or for tables nested deeper than
            :data:`MAX_NESTING`.
    """
    return parse_toml(read_text(path, what, limit, error), path, what, error)


def parse_toml(text: str, path: str | Path, what: str,
               error: type[InputError] = InputError) -> dict[str, Any]:
    """Parse TOML text read from ``path`` (see :func:`read_toml`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{shown(path)}: TOML syntax error: {toml_message(exc)}") from None
    except RecursionError:
        raise error(f"{shown(path)}: TOML syntax error: arrays or tables nested too deeply "
                    f"(at most {MAX_NESTING} levels)") from None
    except ValueError:  # a number with more digits than Python converts
        raise error(f"{shown(path)}: TOML syntax error: a number with too many digits") from None
    if nesting(data) > MAX_NESTING:
        raise error(f"{shown(path)}: tables or arrays nested more than {MAX_NESTING} levels "
                    f"deep; {_a(what)} needs a few")
    return data
