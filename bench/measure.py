"""Run one command and report its wall time, CPU time and peak memory as JSON.

    python -m bench.measure COMMAND [ARG...]

Each stage of the benchmark runs through this wrapper in a process of its own, so the
memory it reports belongs to that stage alone. Two figures:

- `peak_mb`: the peak resident memory of the largest single process the command ran
  (the kernel's own figure, exact);
- `tree_peak_mb`: the largest total, over the command's processes together, of their
  proportional set size (PSS: memory shared between processes, such as a forked worker's
  pages it has not changed, counted once in all), sampled once a second from /proc. This
  is the figure to compare with a memory budget when the command runs worker processes;
  for a single process it is close to `peak_mb` (a short peak between samples can be
  missed, which is why both are given).

Reading a process's PSS walks its page tables under the lock its own memory mappings
need, so sampling stalls the process measured: five samples a second made the
generator at 10,000 responses (two processes of about 450 MB) take 22.4 s instead of
16.7 s, with the same CPU time. Once a second it costs about 3 per cent.

The command's own output goes to stderr; the last line of stdout is the JSON.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

SAMPLE_SECONDS = 1.0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pss_kib(root: int) -> int:
    """PSS of a process and all its descendants, in KiB."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_kib(pid)
        todo += _children(pid)
    return total


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=sys.stderr, stderr=sys.stderr)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_SECONDS):
            peak[0] = max(peak[0], tree_pss_kib(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    returncode = process.wait()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "returncode": returncode,
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,  # Linux reports KiB
        "tree_peak_mb": peak[0] / 1024,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
