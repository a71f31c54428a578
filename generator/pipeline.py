"""Render every page and download, on every core, and put them in the docs folder.

The work is cut into tasks (a run of pages, the downloads of a run of question sets, the
feed). With more than one core and a site big enough to be worth it, the tasks run in
this process and in worker processes forked from it, so the workers read the catalogue
already in memory instead of receiving a copy; this process takes the next task whenever
each worker has its share waiting. Each task writes what changed into a temporary file
beside its target and says so; the pages and downloads that did not change are left
alone. What is made from several tasks' work (the whole-log downloads) is made in this
process as soon as those tasks are done, between two of its own.

Only when every task has succeeded are the temporary files moved into place and the files
no longer part of the site removed. A failure anywhere removes the temporary files and
leaves the docs folder as it was.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from collections.abc import Callable
from pathlib import Path

from .process_group import end_group, own_group
from .write import KEEP, TMP_PREFIX, TMP_SUFFIX, WriteReport, temporary_file, write_bytes

# A task's result: each file it made, and the temporary file holding its new text, or
# None when the file on disk already has that text.
Staged = list[tuple[str, str | None]]

# Below this many pages (or response files, when reading) the work is done in this
# process: starting workers would cost more than it saves.
PARALLEL_FROM = 400
# Pages rendered by one task, by their cost (render.page_cost): about 200 response pages.
# Tasks this short leave one process little to do alone once the other has none left.
PAGE_COST_PER_TASK = 200
# Rows of the downloads made by one task.
DOWNLOAD_ROWS_PER_TASK = 20_000


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


def stage_text(docs_dir: Path, rel: str, text: str) -> str | None:
    """Write `text` for the file `rel` into a temporary file beside it, unless the file
    already holds exactly that text; the temporary file's path, or None."""
    data = text.encode("utf-8")
    target = os.path.join(docs_dir, rel)
    if _on_disk is None or _on_disk[0] != str(docs_dir) or rel in _on_disk[1]:
        try:
            if os.stat(target).st_size == len(data):
                with open(target, "rb") as fh:
                    if fh.read() == data:
                        return None
        except FileNotFoundError:
            pass
    folder = os.path.dirname(target)
    if folder not in _folders_made:
        try:
            os.mkdir(folder)  # its parent is usually there already
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        _folders_made.add(folder)
    try:
        fd, tmp = temporary_file(folder)
    except FileNotFoundError:  # removed since this process made it
        os.makedirs(folder, exist_ok=True)
        fd, tmp = temporary_file(folder)
    try:
        write_bytes(fd, data)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


# Folders this process has made or found for the files it stages.
_folders_made: set[str] = set()

# The docs folder being generated and the files it held when the generation began (see
# `remove_temporary_files`): a file not among them is not compared with what is on disk.
# Forked workers inherit it.
_on_disk: tuple[str, set[str]] | None = None


@dataclass
class Found:
    """What the docs folder held before a generation (its temporary files removed): each
    file and folder by its path from the folder, with forward slashes. `commit` removes
    those files that are not made again, and the folders left empty, without listing the
    folder a second time."""

    files: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)


def remove_temporary_files(docs_dir: Path) -> Found:
    """Every temporary file a generation left in the docs folder (after a failure or a
    crash) removed; what else the folder holds, which `stage_text` is told too (_on_disk)."""
    global _on_disk
    _on_disk = None
    found = Found()
    if docs_dir.is_dir():
        top = str(docs_dir)
        for root, _, files in os.walk(top):
            base = root[len(top) + 1:].replace(os.sep, "/")
            if base:
                found.folders.append(base)
                base += "/"
            for name in files:
                if name.startswith(TMP_PREFIX) and name.endswith(TMP_SUFFIX):
                    Path(root, name).unlink(missing_ok=True)
                else:
                    found.files.append(base + name)
    _on_disk = (str(docs_dir), set(found.files))
    return found


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


def commit(docs_dir: Path, results: list[Staged], before: Found) -> WriteReport:
    """Move every staged file into place and remove the files no longer made (`before`
    lists what the folder held when the generation began), then the folders that held
    only those."""
    report = WriteReport()
    made: set[str] = set()
    for staged in results:
        for rel, tmp in staged:
            made.add(rel)
            if tmp is None:
                report.unchanged += 1
            else:
                os.replace(tmp, docs_dir / rel)
                report.written.append(rel)
    top = str(docs_dir)
    for rel in before.files:
        if rel not in made and rel not in KEEP:
            os.unlink(os.path.join(top, rel))
            report.removed.append(rel)
    if before.folders:
        holding: set[str] = set()  # folders with a file made in them, at any depth
        for rel in made:
            folder = rel.rpartition("/")[0]
            while folder and folder not in holding:
                holding.add(folder)
                folder = folder.rpartition("/")[0]
        for folder in sorted(before.folders, key=lambda f: f.count("/"), reverse=True):  # inner ones first
            if folder not in holding:
                try:
                    os.rmdir(os.path.join(top, folder))
                except OSError:  # it holds something else (a link to a folder, say)
                    pass
    report.files = sorted(made)
    report.written.sort()
    report.removed.sort(key=lambda rel: rel.split("/"), reverse=True)
    return report


def write_all(docs_dir: Path, tasks: list[tuple[Callable, tuple]], workers: int,
              finish: Callable[[list], list[Staged]] | None = None, then: Then | None = None) -> WriteReport:
    """Run the tasks and put what they made in place; on any failure, nothing changes.

    `then` stages files put together from what the first tasks made (such as a whole file
    from pieces several tasks made), as soon as those are done (see `run_tasks`).
    `finish`, when given, runs in this process once every task is done: it turns the
    results (then's last) into what they staged."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    before = remove_temporary_files(docs_dir)
    try:
        results = run_tasks(tasks, workers, then=then)
        if finish is not None:
            results = finish(results)
    except BaseException:
        remove_temporary_files(docs_dir)
        raise
    return commit(docs_dir, results, before)


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
