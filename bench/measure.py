"""Run one command and report its wall time, CPU time and peak memory as JSON.

    python -m bench.measure COMMAND [ARG...]

Each stage of the benchmark runs through this wrapper in a process of its own, so the
peak resident memory it reports (the largest of the command's processes) belongs to that
stage alone. The command's own output goes to stderr; the last line of stdout is the JSON.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=sys.stderr, stderr=sys.stderr)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "returncode": done.returncode,
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,  # Linux reports KiB
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
