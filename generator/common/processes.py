"""Work on every core, through one primitive: a Worker, a process forked from this one that
runs a function given a Channel, over which the two send each other pickled messages.

Everything the generator forks is a Worker: the tasks shared between this process and
workers (common/pool.py), a call made in a process of its own (`call_apart`), and a big
log's generation cut by question set (generate/split.py). A worker reads what this process held
in memory when it was forked (its target's arguments included) instead of receiving a
copy. An error raised in a worker goes back to this process and is raised there again. A
worker may have a process group of its own (`call_apart`'s has), so that a Ctrl-C reaches
this process alone, which then ends the group: the worker and whatever it forked.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import queue
import signal
import threading
from contextlib import contextmanager
from collections.abc import Callable
from typing import NamedTuple

# Below this many pages (or response files, when reading) the work is done in this
# process: starting workers would cost more than it saves.
PARALLEL_FROM = 400


def can_fork() -> bool:
    """Whether this system starts processes by forking (what every use of several cores here
    relies on: the workers read what this process has in memory)."""
    return "fork" in multiprocessing.get_all_start_methods()


def workers_wanted() -> int:
    """How many processes render: FOILOG_JOBS if set, else the cores this process may use."""
    wanted = os.environ.get("FOILOG_JOBS", "").strip()
    if wanted:
        try:
            return max(1, int(wanted))
        except ValueError:
            raise ValueError(f"FOILOG_JOBS must be a whole number, not {wanted!r}") from None
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def collector_paused():
    """Python's cycle collector paused meanwhile (and on again after, if it was on). With a
    whole catalogue in memory, each of its full passes walks millions of objects; what a
    generation makes and drops has no reference cycles to find."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class Message(NamedTuple):
    """What goes through a Channel: its kind, and what it carries."""

    kind: str
    value: object


# The kind of message saying that the other end failed: its value is the error.
ERROR = "error"


class Channel:
    """One end of a pipe between this process and a worker: messages, pickled. With `outbox`,
    a thread of its own sends them, so that the sender goes on working while the other
    end has not yet read what it sent."""

    def __init__(self, connection, outbox: bool = False):
        self.connection = connection
        self._waiting: queue.Queue | None = None
        if outbox:
            self._waiting = queue.Queue()
            self._sender = threading.Thread(target=self._send_waiting, name="foilog-outbox", daemon=True)
            self._sender.start()

    def _send_waiting(self) -> None:
        while (data := self._waiting.get()) is not None:
            try:
                self.connection.send_bytes(data)
            except OSError:  # the other process has gone: it is failing already
                return

    def send(self, kind: str, value: object = None) -> None:
        """Send a message; one that would not pickle becomes an error sent instead."""
        try:
            data = pickle.dumps(Message(kind, value), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as err:
            data = pickle.dumps(Message(ERROR, RuntimeError(f"{type(err).__name__}: {err}")))
        if self._waiting is None:
            self.connection.send_bytes(data)
        else:
            self._waiting.put(data)

    def receive(self, kind: str | None = None, lasting: bool = False):
        """The next message (`kind` given: its value, after checking its kind), raising the
        other end's error if it sent one, and EOFError if it has gone. `lasting`: what
        comes (thousands of models, without a reference cycle) lives as long as the run, so
        it is unpickled with the cycle collector off and then left out of its passes."""
        data = self.connection.recv_bytes()
        if lasting:
            collecting = gc.isenabled()
            gc.disable()
            try:
                message = pickle.loads(data)
            finally:
                if collecting:
                    gc.freeze()
                    gc.enable()
        else:
            message = pickle.loads(data)
        if message.kind == ERROR:
            raise message.value
        if kind is None:
            return message
        if message.kind != kind:
            raise RuntimeError(f"a worker process sent {message.kind!r} where {kind!r} was due")
        return message.value

    def close(self) -> None:
        """Close this end, once what is waiting to be sent has gone."""
        if self._waiting is not None:
            self._waiting.put(None)
            self._sender.join()
        self.connection.close()


class Worker:
    """`target(channel, *args)` in a process forked from this one; `send` and `receive` talk
    to it through the other end of its channel. The worker ends when its target returns;
    if the target raises, the error is sent here (`receive` raises it).

    `group`: the worker gets a process group of its own, so that a Ctrl-C (which the
    terminal sends to every process of its group) reaches this process alone, which then
    ends the whole group (`end`): the worker and every worker it forked, which stay in its
    group. `outbox`: the worker's messages are sent by a thread of its own. `collect`, when
    not None: the worker leaves out of its cycle collector's passes all it inherits (a pass
    would touch, and so copy, every page of memory it shares with this process), and
    collects its own garbage or not. `daemon=False` lets it fork workers."""

    def __init__(self, target: Callable, *args, group: bool = False, outbox: bool = False,
                 collect: bool | None = None, daemon: bool = True):
        context = multiprocessing.get_context("fork")
        here, there = context.Pipe()
        self.group = group
        self.process = context.Process(target=_run, args=(there, here, target, args, group, outbox, collect),
                                       daemon=daemon)
        self.process.start()
        if group:
            _own_group(self.process.pid)
        there.close()
        self.channel = Channel(here)

    def send(self, kind: str, value: object = None) -> None:
        self.channel.send(kind, value)

    def receive(self, kind: str | None = None, lasting: bool = False):
        """The worker's next message (see Channel.receive); RuntimeError if it ended first."""
        try:
            return self.channel.receive(kind, lasting)
        except EOFError:
            self.process.join()
            raise RuntimeError("a worker process ended before it had finished "
                               f"(exit code {self.process.exitcode})") from None

    def ready(self) -> bool:
        """Whether a message from the worker (or the end of its channel) is waiting."""
        return self.channel.connection.poll()

    def join(self) -> None:
        """Wait for the worker to end, and close this end of its channel."""
        self.process.join()
        self.channel.connection.close()

    def end(self) -> None:
        """End the worker (with `group`, whatever it forked too), and wait for it."""
        if self.process.exitcode is None:
            if self.group:
                _end_group(self.process)
            else:
                self.process.terminate()
        self.join()


def _run(connection, parent_end, target: Callable, args: tuple, group: bool, outbox: bool,
         collect: bool | None) -> None:
    if group:
        _own_group(0)
    parent_end.close()
    if collect is not None:
        gc.freeze()
        if collect:
            gc.enable()
        else:
            gc.disable()
    channel = Channel(connection, outbox)
    try:
        target(channel, *args)
    except BaseException as err:  # noqa: BLE001 - every failure goes back to the parent
        try:
            channel.send(ERROR, err)
        except OSError:  # the parent has gone
            pass
    finally:
        channel.close()


def _own_group(pid: int) -> None:
    """Put a forked process (0: this one), and so what it forks, in a process group of its
    own, so that this process alone hears a Ctrl-C and ends it cleanly with `_end_group`.
    Called by both processes, as whichever runs first must do it."""
    try:
        os.setpgid(pid, pid)
    except (OSError, AttributeError):  # done already by the other process, or not POSIX
        pass


def _end_group(process) -> None:
    """End a process put in a group of its own, and whatever it forked, and wait for it."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except (OSError, AttributeError):
        process.terminate()
    process.join()


def _call(channel: Channel, function: Callable, args: tuple) -> None:
    channel.send("result", function(*args))


def call_apart(function: Callable, *args):
    """`function(*args)` in a forked process of its own, returning its result or raising
    its error here. Whatever the call held in memory goes back to the system when that
    process ends, instead of staying in this process's heap. Runs here without fork."""
    if not can_fork():
        return function(*args)
    worker = Worker(_call, function, args, group=True, daemon=False)  # the call may fork workers of its own
    try:
        value = worker.receive("result")
    except Exception:
        worker.join()
        raise
    except BaseException:  # stopped (SIGINT, SIGTERM): the call, and any workers it forked, too
        worker.end()
        raise
    worker.join()
    return value

