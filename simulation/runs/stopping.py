"""Stopping on a signal: Ctrl-C and SIGTERM unwind, and no process outlives a command.

Python turns SIGINT (Ctrl-C) into ``KeyboardInterrupt``, so ``finally``
blocks run: a staged result folder is removed, a sweep flushes the runs
that finished. SIGTERM (``kill``, ``timeout``, a batch scheduler) ends the
process at once by default, with no ``finally``: a hidden temporary folder
stays, and a process pool's workers and multiprocessing's resource tracker
keep running with parent 1. :func:`signals_stop` makes SIGTERM unwind the
same way, and :func:`stop_pool` ends a pool's workers instead of waiting
for the runs in flight.
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_seen: dict[str, int | bool] = {"signum": 0, "told": False}


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, ``timeout``) received: stop like Ctrl-C, exit 128 + 15."""

    signum = signal.SIGTERM


@contextmanager
def signals_stop() -> Iterator[None]:
    """Turn SIGTERM into :class:`Terminated` while the block runs (main thread only).

    By default SIGTERM ends the parent at once, so no ``finally`` runs: the
    pool's worker processes and multiprocessing's resource tracker are left
    running with parent 1. Raised as an exception instead, it unwinds like
    Ctrl-C: finished runs are flushed and :func:`stop_pool` ends the workers.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    fired = []

    def raise_terminated(signum: int, frame: object) -> None:
        if not fired:  # once: a second SIGTERM must not break the clean-up of the first
            fired.append(signum)
            raise Terminated

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stop_pool(pool: cf.ProcessPoolExecutor, abort: bool) -> None:
    """Shut a process pool down; on ``abort`` end its workers first, without waiting.

    Waiting for the runs in flight after Ctrl-C or SIGTERM could take
    minutes; they are not recorded anyway (a resume runs them again). Once
    the workers are gone the resource tracker sees its last user leave and
    exits too, so nothing outlives the command.
    """
    if abort:
        for proc in list((pool._processes or {}).values()):
            if proc.is_alive():
                proc.terminate()
        for proc in list((pool._processes or {}).values()):
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def watch_interrupts() -> None:
    """Remember a Ctrl-C, so one that lands outside a command is still reported.

    Typer turns a ``KeyboardInterrupt`` raised while it parses the command
    line into a silent exit 130; the CLI asks :func:`untold_interrupt` after.
    """
    if threading.current_thread() is not threading.main_thread():
        return

    def on_sigint(signum: int, frame: Any) -> None:
        _seen["signum"] = signum
        signal.default_int_handler(signum, frame)

    signal.signal(signal.SIGINT, on_sigint)


def tell(message: str) -> None:
    """Print the one line that explains an interrupt (and remember it was said)."""
    _seen["told"] = True
    print(message, file=sys.stderr, flush=True)


def untold_interrupt() -> int:
    """The signal of an interrupt nobody has explained yet, else 0."""
    return 0 if _seen["told"] else int(_seen["signum"])


def nothing_written[F: Callable[..., Any]](command: F) -> F:
    """Wrap a command that writes atomically: on Ctrl-C or SIGTERM say so and exit 130/143.

    Typer turns ``KeyboardInterrupt`` into a silent exit 130, so the user
    cannot tell whether anything was written. The command's staged folder
    (``simulation.outputs.staged``) is already gone when this runs.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with signals_stop():
                return command(*args, **kwargs)
        except KeyboardInterrupt as exc:
            tell("error: interrupted; nothing written")
            raise SystemExit(128 + int(getattr(exc, "signum", signal.SIGINT))) from None

    return wrapper  # type: ignore[return-value]
