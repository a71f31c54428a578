"""Tasks shared between this process and workers forked from it (processes.Worker).

With more than one core and enough work to be worth it, tasks run in this process and in
workers, which read the tasks (a function and its arguments, which may hold the whole
catalogue) from the memory they were forked with: only a task's number goes to a worker,
and its result comes back. This process takes the next task itself whenever each worker
has its share waiting; the results of its own tasks are never sent anywhere.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import threading
from collections.abc import Callable
from typing import NamedTuple

from generator.common.processes import Channel, Worker, can_fork


class Task(NamedTuple):
    function: Callable
    args: tuple


class Then(NamedTuple):
    """What to do with the results of the first tasks as soon as they are all done: how
    many, and a function given their results in order."""

    count: int
    function: Callable[[list], object]


class Done(NamedTuple):
    """A worker's message: a task's number and its result."""

    task: int
    result: object


# Tasks each forked worker has waiting for it, so that it never waits for this process.
QUEUED_PER_WORKER = 2


def run_tasks(tasks: list[Task], workers: int, collect_garbage: bool = True, then: Then | None = None) -> list:
    """Each task's result, in order. With `workers` above 1, the tasks are taken in order by
    this process and `workers - 1` forked ones, whichever is free: a thread here keeps
    QUEUED_PER_WORKER tasks waiting for each worker, and this process takes the next task
    itself meanwhile. It holds the catalogue anyway and the results of its own tasks need
    not be sent, while a worker's memory grows as it touches (and so copies) what it shares
    with this process.

    When a task fails, the tasks not yet started are cancelled and those running are let
    finish (a worker stopped halfway could leave a temporary file behind once this process
    has removed them), then the error is raised here. When this process is stopped (Ctrl-C),
    the workers are ended at once.

    What exists before the tasks start is left out of the cycle collector's passes while
    they run (in a worker, those passes would touch, and so copy, every page of memory it
    shares with this process). The tasks collect their own garbage, even when this process
    has paused its collector; `collect_garbage=False` pauses it for them too: tasks that
    return many objects and no reference cycles (the loaded models) would otherwise have
    every object made so far walked again and again.

    `then` puts together what the first tasks made: this process calls its function with
    their results in order as soon as they are all done, between two of its own tasks (so
    the workers go on meanwhile), or after the last task; its result comes last in the
    list returned."""
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
                if then is not None and len(results) == then.count:
                    early.append(then.function(list(results)))
                results.append(function(*args))
            if then is not None:
                results.append(early[0] if early else then.function(results[:then.count]))
            return results
        return _Shared(tasks, then).run(min(workers, len(tasks)) - 1, collect_garbage)
    finally:
        if collecting:
            gc.enable()
        else:
            gc.disable()
        gc.unfreeze()


def _serve(channel: Channel, tasks: list[Task], cancelled) -> None:
    """A worker: run each task whose number comes and send back its result, until None
    comes; once `cancelled` is set, say "skipped" instead of starting a task. A task that
    fails ends the worker, its error sent to this process."""
    while (i := channel.receive("task")) is not None:
        if cancelled.value:
            channel.send("skipped", i)
            continue
        function, args = tasks[i]
        channel.send("done", Done(i, function(*args)))


class _Shared:
    """One run of `run_tasks` on several processes."""

    def __init__(self, tasks: list[Task], then: Then | None):
        self.tasks, self.then = tasks, then
        self.results: list = [None] * len(tasks)
        self.done = [False] * len(tasks)
        self.lock = threading.Lock()
        self.next = 0
        self.stopped = False
        self.error: BaseException | None = None  # a worker's, or a worker that ended
        # Read by the workers before each task: shared memory, fork's, with no lock to hold.
        self.cancelled = multiprocessing.get_context("fork").RawValue("b", 0)
        self.workers: list[Worker] = []
        self.early: list = []  # then's result, once made

    def claim(self) -> int | None:
        with self.lock:
            if self.stopped or self.next >= len(self.tasks):
                return None
            self.next += 1
            return self.next - 1

    def stop(self, error: BaseException | None = None) -> None:
        """Start no more tasks, here or in a worker; remember the first worker's error."""
        with self.lock:
            self.stopped = True
            if error is not None:
                self.cancelled.value = 1
                if self.error is None:
                    self.error = error

    def first_done(self) -> list | None:
        """The first tasks' results if they are all done, else None."""
        with self.lock:
            if not all(self.done[:self.then.count]):
                return None
            return self.results[:self.then.count]

    def run(self, helpers: int, collect_garbage: bool) -> list:
        try:
            for _ in range(helpers):
                self.workers.append(Worker(_serve, self.tasks, self.cancelled, collect=collect_garbage))
            waiting: dict[Worker, int] = {}
            for worker in self.workers:  # here, before any other thread runs: forked already
                waiting[worker] = 0
                while waiting[worker] < QUEUED_PER_WORKER and (i := self.claim()) is not None:
                    self.give(worker, i)
                    waiting[worker] += 1
            feeder = threading.Thread(target=self.feed, args=(waiting,), name="foilog-feeder", daemon=True)
            feeder.start()
            try:
                self.take()
            except BaseException as err:
                self.stop(err)
                if not isinstance(err, Exception):
                    self.end()
                raise
            finally:
                self.stop()
                feeder.join()
            if self.error is not None:
                raise self.error
            if self.then is not None:
                self.results.append(self.early[0] if self.early else self.then.function(self.results[:self.then.count]))
            return self.results
        except BaseException as err:
            if not isinstance(err, Exception):  # stopped: no task of a worker is waited for
                self.end()
            raise
        finally:
            for worker in self.workers:
                worker.join()

    def take(self) -> None:
        """This process's share: the next task whenever there is one left."""
        while True:
            if self.then is not None and not self.early and (done := self.first_done()) is not None:
                self.early.append(self.then.function(done))
            if (i := self.claim()) is None:
                return
            function, args = self.tasks[i]
            result = function(*args)
            with self.lock:
                self.results[i], self.done[i] = result, True

    def feed(self, waiting: dict[Worker, int]) -> None:
        """Read the workers' results and give each a task for every one it is done with; tell
        each to end once it has none waiting and none is left."""
        by_connection = {worker.channel.connection: worker for worker in waiting}
        try:
            for worker, count in list(waiting.items()):
                if not count:
                    self.dismiss(worker, by_connection)
            while by_connection:
                for connection in multiprocessing.connection.wait(list(by_connection)):
                    worker = by_connection[connection]
                    try:
                        message = worker.receive()
                    except BaseException as err:  # its task failed, or it ended
                        self.stop(err)
                        del by_connection[connection]
                        continue
                    if message.kind == "done":
                        done = message.value
                        with self.lock:
                            self.results[done.task], self.done[done.task] = done.result, True
                    waiting[worker] -= 1
                    if (i := self.claim()) is not None:
                        self.give(worker, i)
                        waiting[worker] += 1
                    elif not waiting[worker]:
                        self.dismiss(worker, by_connection)
        except BaseException as err:  # noqa: BLE001 - raised by the thread running the run
            self.stop(err)
            for worker in list(by_connection.values()):
                self.dismiss(worker, by_connection)

    @staticmethod
    def give(worker: Worker, task: int | None) -> None:
        try:
            worker.send("task", task)
        except OSError:  # it has ended: the end of its channel says so (or it was told to end)
            pass

    def dismiss(self, worker: Worker, by_connection: dict) -> None:
        self.give(worker, None)
        by_connection.pop(worker.channel.connection, None)

    def end(self) -> None:
        for worker in self.workers:
            worker.end()
