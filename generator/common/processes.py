"""Work on every core: tasks shared between this process and workers forked from it, and
a call made in a forked process of its own.

With more than one core and enough work to be worth it, tasks run in this process and in
worker processes forked from it, so the workers read what this process has in memory
instead of receiving a copy; this process takes the next task whenever each worker has
its share waiting.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from collections.abc import Callable

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



# The tasks of the run in progress. Worker processes are forked after it is set, so they
# find each task (a function and its arguments, which may hold the whole catalogue) here
# and only a task's number travels to them.
_TASKS: list[tuple[Callable, tuple]] = []


def _run_task(index: int):
    function, args = _TASKS[index]
    return function(*args)


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


# Tasks each forked worker has waiting for it, so that it never waits for this process.
QUEUED_PER_WORKER = 2


# What to do with the results of the first tasks as soon as they are all done: (how many,
# a function given their results in order).
Then = tuple[int, Callable[[list], object]]


def run_tasks(tasks: list[tuple[Callable, tuple]], workers: int, collect_garbage: bool = True,
              then: Then | None = None) -> list:
    """Each task's result, in order. With `workers` above 1, the tasks are taken in order by
    this process and `workers - 1` forked ones, whichever is free: a thread here keeps
    QUEUED_PER_WORKER tasks waiting for each worker, and this process takes the next task
    itself meanwhile. It holds the catalogue anyway and the results of its own tasks need
    not be sent, while a worker's memory grows as it touches (and so copies) what it shares
    with this process.

    When a task fails, the tasks not yet started are cancelled and those running are let
    finish (a worker is never killed, which could leave a lock it holds taken), then the
    error is raised here.

    What exists before the tasks start is left out of the cycle collector's passes while
    they run (in a worker, those passes would touch, and so copy, every page of memory it
    shares with this process). The tasks collect their own garbage, even when this process
    has paused its collector; `collect_garbage=False` pauses it for them too: tasks that
    return many objects and no reference cycles (the loaded models) would otherwise have
    every object made so far walked again and again.

    `then`, (n, function), puts together what the first n tasks made: this process calls
    `function` with their results in order as soon as they are all done, between two of
    its own tasks (so the workers go on meanwhile), or after the last task; its result
    comes last in the list returned."""
    global _TASKS
    collecting = gc.isenabled()
    gc.freeze()
    if collect_garbage:
        gc.enable()
    else:
        gc.disable()
    try:
        if workers <= 1 or len(tasks) <= 1 or not can_fork():
            results: list = []
            early: list = []
            for function, args in tasks:
                if then is not None and len(results) == then[0]:
                    early.append(then[1](list(results)))
                results.append(function(*args))
            if then is not None:
                results.append(early[0] if early else then[1](results[:then[0]]))
            return results
        _TASKS = tasks
        return _shared(tasks, min(workers, len(tasks)) - 1, collect_garbage, then)
    finally:
        _TASKS = []
        if collecting:
            gc.enable()
        else:
            gc.disable()
        gc.unfreeze()


def _shared(tasks: list[tuple[Callable, tuple]], helpers: int, collect_garbage: bool, then: Then | None) -> list:
    executor = ProcessPoolExecutor(helpers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=gc.enable if collect_garbage else None)
    results: list = [None] * len(tasks)
    futures: dict[int, Future] = {}
    lock = threading.Lock()
    turn = {"next": 0, "stop": False}
    mine: set[int] = set()  # the tasks this process has done
    early: list = []  # then's result, once made

    def first_done() -> list | None:
        """The first tasks' results if they are all done (a failed one raises), else None."""
        count = then[0]
        if turn["next"] < count:
            return None
        if any(i not in mine and (i not in futures or not futures[i].done()) for i in range(count)):
            return None
        return [results[i] if i in mine else futures[i].result() for i in range(count)]

    def claim() -> int | None:
        with lock:
            if turn["stop"] or turn["next"] >= len(tasks):
                return None
            turn["next"] += 1
            return turn["next"] - 1

    def top_up() -> bool:
        """Tasks for the workers until each has its share waiting; False when none is left."""
        while sum(1 for f in list(futures.values()) if not f.done()) < helpers * QUEUED_PER_WORKER:
            i = claim()
            if i is None:
                return False
            futures[i] = executor.submit(_run_task, i)
        return True

    def feed() -> None:
        while True:
            outstanding = [f for f in list(futures.values()) if not f.done()]
            if outstanding:
                wait(outstanding, return_when=FIRST_COMPLETED)
            if any(f.done() and not f.cancelled() and f.exception() is not None for f in list(futures.values())):
                with lock:
                    turn["stop"] = True  # a worker's task failed: start no more
                return
            if not top_up():
                return

    try:
        top_up()  # here, before any other thread runs: the workers are forked now
        feeder = threading.Thread(target=feed, name="foilog-feeder", daemon=True)
        feeder.start()
        try:
            while True:
                if then is not None and not early and (done := first_done()) is not None:
                    early.append(then[1](done))
                if (i := claim()) is None:
                    break
                function, args = tasks[i]
                results[i] = function(*args)
                mine.add(i)
        finally:
            with lock:
                turn["stop"] = True
            feeder.join()
        for i, future in futures.items():
            results[i] = future.result()
        if then is not None:
            results.append(early[0] if early else then[1](results[:then[0]]))
        return results
    finally:
        executor.shutdown(wait=True, cancel_futures=True)



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


def _send_result(connection, function: Callable, args: tuple) -> None:
    own_group(0)
    try:
        result = ("ok", function(*args))
    except BaseException as err:  # noqa: BLE001 - every failure goes back to the parent
        result = ("error", err)
    try:
        connection.send(result)
    except Exception as err:  # the result or the error would not pickle
        connection.send(("error", RuntimeError(f"{type(err).__name__}: {err}")))
    connection.close()


def call_apart(function: Callable, *args):
    """`function(*args)` in a forked process of its own, returning its result or raising
    its error here. Whatever the call held in memory goes back to the system when that
    process ends, instead of staying in this process's heap. Runs here without fork."""
    if not can_fork():
        return function(*args)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_send_result, args=(send, function, args), daemon=False)
    process.start()
    own_group(process.pid)
    send.close()
    try:
        status, value = receive.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"the generator's process ended without a result (exit code {process.exitcode})") from None
    except BaseException:  # stopped (SIGINT, SIGTERM): the call, and any workers it forked, too
        end_group(process)
        raise
    finally:
        receive.close()
    process.join()
    if status == "error":
        raise value
    return value
