"""How dear is memory the process has not used before? Allocate and keep N MB of 16 KB strings.

    python3 benchmarks/third/tools/fresh_memory.py [MB, default 4000]

Prints the time of each 500 MB. On the 2-core VMs of the twelfth session: 0.43 s per 500 MB up
to about 1.5 GB, then 1.8 to 2.5 s per 500 MB (less when run again at once). Where that holds,
a build's peak memory costs time beyond what its work does, and a 10,000-article build pays
it for every gigabyte of peak a 1,000-article build never reaches.
"""

from __future__ import annotations

import gc
import sys
import time


def main() -> None:
    total_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    size = 16_000
    per_report = 500_000_000 // size
    gc.disable()  # as the generator builds: only the allocation is timed
    kept = []
    base = "x" * size
    started = last = time.perf_counter()
    for i in range(total_mb * 1_000_000 // size):
        kept.append(base + "é")  # a fresh 16 KB string each time
        if (i + 1) % per_report == 0:
            now = time.perf_counter()
            print(f"{(i + 1) * size / 1e6:,.0f} MB: {now - last:.2f} s for the last 500 MB", flush=True)
            last = now
    print(f"total {time.perf_counter() - started:.2f} s for {total_mb:,} MB")


if __name__ == "__main__":
    main()
