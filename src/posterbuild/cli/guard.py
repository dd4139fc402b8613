"""Run a command so that it never ends in a traceback: every failure is one line and exit 2.

User errors (:class:`PosterError`) and file-system failures (``OSError``) are the user's to fix;
anything else is a bug in posterbuild and says so in one line (``POSTERBUILD_DEBUG=1`` shows
the traceback). SIGTERM is turned into an exception, so every ``finally`` block runs and no
temporary file is left behind. Whatever reaches the terminal has its control characters escaped.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from typing import Callable

from posterbuild.core.errors import PosterError, os_error_message
from posterbuild.core.escape import terminal_text

__all__ = ["Terminated", "run_guarded", "safe_streams", "say", "error"]


class Terminated(KeyboardInterrupt):
    """The process received SIGTERM; unwinds like Ctrl-C (``watch`` stops cleanly)."""


def _on_sigterm(signum, frame) -> None:  # noqa: ARG001
    raise Terminated()


def safe_streams() -> None:
    """stdout and stderr that cannot fail on a character the locale lacks (``LC_ALL=C``)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass


class _Escaping:
    """A text stream that writes control characters as escapes (data never drives the
    terminal: no ANSI colours, cursor moves or bidi tricks from a poster's text)."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_text(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def say(text: str, *, file=None, end: str = "\n") -> None:
    """Print ``text`` with control characters from the data escaped."""
    print(terminal_text(text), file=file or sys.stdout, end=end, flush=True)


def error(text: str) -> None:
    say(f"posterbuild: error: {text}", file=sys.stderr)


def _internal(exc: BaseException) -> int:
    """A bug: one line, and the way to see more."""
    if os.environ.get("POSTERBUILD_DEBUG") == "1":
        traceback.print_exception(exc)
    message = str(exc).splitlines()[0][:300] if str(exc) else ""
    say(f"posterbuild: internal error: {type(exc).__name__}: {message} (this is a bug in "
        "posterbuild; please report it with the command you ran; POSTERBUILD_DEBUG=1 shows "
        "the traceback)", file=sys.stderr)
    return 2


def run_guarded(command: Callable[[], int]) -> int:
    """Run ``command``; return its exit status, or 2 (130/143 when interrupted)."""
    safe_streams()
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (s if isinstance(s, _Escaping) else _Escaping(s) for s in streams)
    previous = None
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError):  # not the main thread: leave signals alone
        pass
    try:
        return command()
    except PosterError as exc:
        error(str(exc))
        return 2
    except Terminated:
        say("posterbuild: terminated", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        say("posterbuild: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into a program that stopped reading (e.g. head)
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # the final flush must not fail again
        except (OSError, ValueError, AttributeError):
            pass
        return 0
    except OSError as exc:
        error(os_error_message(exc))
        return 2
    except RuntimeError as exc:
        if "Symlink loop" not in str(exc):  # pathlib's resolve() on a loop of links
            return _internal(exc)
        where = str(exc).partition("from ")[2] or "a path"
        error(f"{where}: too many levels of symbolic links (a symlink loop?)")
        return 2
    except RecursionError:
        error("the input is nested too deeply to process")
        return 2
    except MemoryError:
        error("out of memory; the input or the requested output is too large")
        return 2
    except Exception as exc:  # noqa: BLE001
        return _internal(exc)
    finally:
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            pass
        sys.stdout, sys.stderr = streams
        if previous is not None:
            try:
                signal.signal(signal.SIGTERM, previous)
            except (ValueError, OSError):
                pass
