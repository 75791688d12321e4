"""Sharded embedding and partitioned dedup on a Ray cluster, by running `spb-analyze` as Ray tasks.

Every step is a task that calls the release `spb-analyze` binary on whichever node Ray picks:

  1. embed   `spb-analyze embed INPUT --shard I/N`       one task per shard (skipped for .npy or shard input)
     audit   `spb-analyze audit INPUT --embeddings ...`  with --audit: one task, the audit from those shards (<out>/audit)
  2. plan    `spb-analyze dedup SHARDS --stage plan`     one task: partitions, <out>/work/
  3. join    `spb-analyze dedup --stage join --task J`   one task per join task of the plan
  4. merge   `spb-analyze dedup --stage merge`           one task: keep.txt, drops.csv, dedup-report.json

The contract is shared storage: INPUT, --out and the binary are paths every node sees (made
absolute here). The outputs are those of the single-machine commands (`spb-analyze embed` shards
in <out>/embeddings, then `spb-analyze dedup`), byte for byte for keep.txt and drops.csv.

A task whose process fails (exit 1, a signal) or whose Ray worker dies is retried by Ray
(`--retries`); every step is idempotent (a finished shard or join task is not redone). Bad
input (exit 64 or 65) is not retried: the driver prints the binary's message and exits with its
code. <out>/ray-run.json records each task's attempts and seconds.

  python cluster/spb_ray.py personas.jsonl --out /shared/run1 --address auto --shards 16
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import ray

EXIT_USAGE, EXIT_DATA = 64, 65


class TaskFailed(Exception):
    """The binary failed in a way a retry may fix (exit 1 or a signal)."""


class BadInput(Exception):
    """The binary rejected its input or arguments (exit 64 or 65); retrying cannot help."""

    def __init__(self, code, message):
        super().__init__(code, message)  # both in args, so the exception pickles back across workers
        self.code = code
        self.message = message


def run_step(binary, arguments, label, attempts_dir, kill_once):
    """Runs one step; records the attempt; kills its own worker once when `kill_once` names it (tests)."""
    attempts = Path(attempts_dir)
    attempts.mkdir(parents=True, exist_ok=True)
    (attempts / f"{label}.{os.getpid()}.{time.time_ns()}").touch()
    marker = attempts / f"{label}.killed"
    if kill_once == label and not marker.exists():
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    start = time.monotonic()
    process = subprocess.run([binary, *arguments], capture_output=True, text=True)
    seconds = time.monotonic() - start
    if process.returncode in (EXIT_USAGE, EXIT_DATA):
        raise BadInput(process.returncode, f"{label}: {process.stderr.strip()}")
    if process.returncode != 0:
        raise TaskFailed(f"{label}: exit {process.returncode}: {process.stderr.strip()[-2000:]}")
    return {"label": label, "seconds": seconds, "stdout": process.stdout.strip()}


@ray.remote(max_retries=3, retry_exceptions=[TaskFailed])
def step_task(binary, arguments, label, attempts_dir, kill_once):
    return run_step(binary, arguments, label, attempts_dir, kill_once)


def is_embedded(path):
    """Whether `path` is already vectors: a .npy file or a folder of embed shards."""
    if path.is_file():
        return path.suffix.lower() == ".npy"
    return path.is_dir() and any(p.name.startswith("embeddings-") and p.suffix == ".json" for p in path.iterdir())


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", help="anything spb-analyze embed reads, a .npy matrix, or a folder of embed shards")
    parser.add_argument("--out", required=True, help="output folder on shared storage")
    parser.add_argument("--binary", default=os.environ.get("SPB_ANALYZE", str(Path(__file__).resolve().parent.parent / ".build/release/spb-analyze")),
                        help="spb-analyze on every node (default: $SPB_ANALYZE, else .build/release/spb-analyze of this checkout)")
    parser.add_argument("--address", default=None, help="Ray cluster to join ('auto' for the one this node belongs to); default: start a local one")
    parser.add_argument("--num-cpus", type=int, default=None, help="CPUs of the local cluster started without --address (default: all)")
    parser.add_argument("--cpus-per-task", type=int, default=1,
                        help="CPUs each embed or join task asks Ray for and passes to --threads (default 1); the plan and the merge get a whole node")
    parser.add_argument("--shards", type=int, default=None, help="embed shards (default: 2 per cluster CPU)")
    parser.add_argument("--tasks", type=int, default=None, help="join tasks (default: 4 per cluster CPU)")
    parser.add_argument("--threshold", default=None, help="dedup threshold (default: spb-analyze's)")
    parser.add_argument("--retries", type=int, default=3, help="Ray retries per task after a failure or a lost worker (default 3)")
    parser.add_argument("--text-field", help="passed to embed: read JSONL objects and embed this field")
    parser.add_argument("--column", help="passed to embed: read this CSV column")
    parser.add_argument("--skip-invalid", action="store_true", help="passed to embed: skip malformed records")
    parser.add_argument("--audit", action="store_true",
                        help="after embedding, audit INPUT from the shards (spb-analyze audit --embeddings) into <out>/audit; needs a dataset INPUT")
    parser.add_argument("--dedup-option", action="append", default=[], metavar="OPTION",
                        help="passed to the plan, e.g. --dedup-option=--partitions=40 (repeatable)")
    parser.add_argument("--kill-once", default=None, help=argparse.SUPPRESS)  # tests: 'join-2' kills that task's first attempt
    return parser.parse_args(argv)


def main(argv):
    options = parse_arguments(argv)
    source = Path(options.input).resolve()
    out = Path(options.out).resolve()
    binary = str(Path(options.binary).resolve())
    if not os.access(binary, os.X_OK):
        print(f"error: {binary} is not an executable spb-analyze (build it with: swift build -c release)", file=sys.stderr)
        return EXIT_USAGE
    if not source.exists():
        print(f"error: {source}: no such file or directory", file=sys.stderr)
        return EXIT_DATA
    if options.audit and is_embedded(source):
        print(f"error: --audit needs the dataset, not its vectors ({source}); give the records file", file=sys.stderr)
        return EXIT_USAGE
    out.mkdir(parents=True, exist_ok=True)
    attempts_dir = out / "ray-attempts"
    for old in attempts_dir.glob("*") if attempts_dir.exists() else []:
        old.unlink()

    started = time.monotonic()
    if options.address:
        ray.init(address=options.address, logging_level="ERROR", log_to_driver=False)
    else:
        ray.init(num_cpus=options.num_cpus, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    cpus = int(ray.cluster_resources().get("CPU", 1))
    per_task = max(1, min(options.cpus_per_task, cpus))
    # The plan and the merge run alone in their stage: they get a whole node (the largest).
    node_cpus = max([int(node["Resources"].get("CPU", 0)) for node in ray.nodes() if node.get("Alive")] + [1])
    task = step_task.options(num_cpus=per_task, max_retries=options.retries)
    solo_task = step_task.options(num_cpus=node_cpus, max_retries=options.retries)
    threads = ["--threads", str(per_task)]
    stages, results = {}, []

    def run(stage, steps, runner=task):
        """Runs (label, arguments) steps as tasks; fails the run on bad input or exhausted retries."""
        begin = time.monotonic()
        refs = [runner.remote(binary, arguments, label, str(attempts_dir), options.kill_once) for label, arguments in steps]
        try:
            results.extend(ray.get(refs))
        finally:
            stages[stage] = time.monotonic() - begin

    try:
        dedup_input = source
        if not is_embedded(source):
            shards = options.shards or 2 * cpus
            read_options = []
            if options.text_field:
                read_options += ["--text-field", options.text_field]
            if options.column:
                read_options += ["--column", options.column]
            if options.skip_invalid:
                read_options.append("--skip-invalid")
            dedup_input = out / "embeddings"
            run("embed", [(f"embed-{i}", ["embed", str(source), "--out", str(dedup_input), "--shard", f"{i}/{shards}", *read_options, *threads])
                          for i in range(1, shards + 1)])
            if options.audit:
                run("audit", [("audit", ["audit", str(source), "--embeddings", str(dedup_input), "--out", str(out / "audit"), *read_options])],
                    solo_task)
        plan = ["dedup", str(dedup_input), "--out", str(out), "--stage", "plan", "--tasks", str(options.tasks or 4 * cpus),
                "--threads", str(node_cpus)]
        if options.threshold:
            plan += ["--threshold", options.threshold]
        run("plan", [("plan", plan + options.dedup_option)], solo_task)
        join_count = len(json.loads((out / "work" / "plan.json").read_text())["tasks"])
        run("join", [(f"join-{j}", ["dedup", "--out", str(out), "--stage", "join", "--task", str(j), *threads]) for j in range(join_count)])
        run("merge", [("merge", ["dedup", "--out", str(out), "--stage", "merge", "--threads", str(node_cpus)])], solo_task)
    except BadInput as error:
        print(f"error: {error.message}", file=sys.stderr)
        return error.code
    except ray.exceptions.RayTaskError as error:
        cause = error.as_instanceof_cause() if hasattr(error, "as_instanceof_cause") else error
        if isinstance(cause, BadInput):
            print(f"error: {cause.message}", file=sys.stderr)
            return cause.code
        print(f"error: a task failed after {options.retries} retries: {cause}", file=sys.stderr)
        return 1
    except ray.exceptions.RayError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        ray.shutdown()

    attempts = {}
    for entry in attempts_dir.iterdir():
        if not entry.name.endswith(".killed"):
            label = entry.name.split(".")[0]
            attempts[label] = attempts.get(label, 0) + 1
    report = {
        "cluster_cpus": cpus, "cpus_per_task": per_task, "binary": binary, "input": str(source), "out": str(out),
        "stage_seconds": stages, "total_seconds": time.monotonic() - started,
        "tasks": [{"label": r["label"], "seconds": r["seconds"], "attempts": attempts.get(r["label"], 1)} for r in results],
        "retried": sorted(label for label, count in attempts.items() if count > 1),
    }
    (out / "ray-run.json").write_text(json.dumps(report, indent=2) + "\n")
    print(results[-1]["stdout"])
    print(f"ray: {len(results)} tasks on {cpus} CPUs in {report['total_seconds']:.1f} s"
          + (f"; retried: {', '.join(report['retried'])}" if report["retried"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
