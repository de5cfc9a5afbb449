"""Benchmark of the import path (scripts/bench_import): characters per second of reading
alone, of reading + recognising + extracting indicators, and of the whole `duban import
--dry-run --json` command, next to a bare regular-expression pass over the same text.
Each figure is the best of a few rounds of CPU time on one core (time.process_time; on a
shared virtual machine wall time also counts what other guests take), and the CLI is
timed by the CPU time of its process."""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from duban.ingest.document import parse_bytes
from duban.ingest.readers import read_blocks

SEEDS = Path(__file__).resolve().parents[1] / "demo" / "seeds"
GOAL = 1_500_000
BASELINE = re.compile(r"\d+(?:\.\d+)?\s*(?:万|亿)?\s*[个家张人户名元项次%]")


def corpus(min_bytes: int) -> list[tuple[str, bytes]]:
    seeds = [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    files, size, n = [], 0, 0
    while size < min_bytes:
        for name, data in seeds:
            files.append((f"{n:04d}_{name}", data))
            size += len(data)
        n += 1
    return files


def best_of(rounds: int, work) -> float:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    files = corpus(int(args.mb * 1024 * 1024))
    texts = [data.decode("utf-8") for _, data in files]
    chars = sum(len(t) for t in texts)
    nbytes = sum(len(d) for _, d in files)

    def regex_pass():
        for text in texts:
            for _ in BASELINE.finditer(text):
                pass

    def reading():
        for name, data in files:
            read_blocks(name, data)

    found = []

    def whole():
        found.clear()
        for name, data in files:
            found.append(len(parse_bytes(name, data).indicators))

    rows = [
        ("bare regex pass (baseline)", best_of(args.rounds, regex_pass)),
        ("reading alone", best_of(args.rounds, reading)),
        ("reading + extraction", best_of(args.rounds, whole)),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, data in files:
            path = Path(tmp) / name
            path.write_bytes(data)
            paths.append(str(path))
        env = {**os.environ, "DUBAN_VAR_DIR": tmp}
        command = [sys.executable, "-m", "duban", "import", *paths, "--dry-run", "--json"]
        before = os.times()
        run = subprocess.run(command, capture_output=True, env=env, check=True)  # noqa: S603
        after = os.times()
        cpu = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        rows.append(("duban import --dry-run --json", cpu))
        documents = len(json.loads(run.stdout))
    print(
        f"corpus: {len(files)} files ({documents} parsed by the CLI), {nbytes / 1e6:.2f} MB, "
        f"{chars:,} characters; {sum(found):,} indicators; best of {args.rounds} rounds"
    )
    print(f"{'path':34} {'CPU s':>8} {'chars/s':>12} {'vs baseline':>12}")
    baseline = chars / rows[0][1]
    for label, seconds in rows:
        rate = chars / seconds
        print(f"{label:34} {seconds:8.3f} {rate:12,.0f} {rate / baseline:11.2f}x")
    whole_rate = chars / rows[2][1]
    verdict = "meets" if whole_rate >= GOAL else "misses"
    print(f"reading + extraction {verdict} the goal of {GOAL:,} chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
