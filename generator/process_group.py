"""A forked helper process in a process group of its own, ended with everything it forked."""

from __future__ import annotations

import os
import signal


def own_group(pid: int) -> None:
    """Put a forked process (0: this one), and so what it forks, in a process group of its
    own, so that this process alone hears a Ctrl-C and ends it cleanly with `end_group`.
    Called by both processes, as whichever runs first must do it."""
    try:
        os.setpgid(pid, pid)
    except (OSError, AttributeError):  # done already by the other process, or not POSIX
        pass


def end_group(process) -> None:
    """End a process put in a group of its own, and whatever it forked, and wait for it."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except (OSError, AttributeError):
        process.terminate()
    process.join()
