#!/usr/bin/env python3
"""The suite's -Dbench beside the same experiment in PyTorch (or NumPy), plain and tuned
(reference.py), one after the other, round after round, on this machine: the ratios of
docs/speed.md. A ratio below 1 means the suite's step is the faster.

    pip install torch numpy
    python3 src/reference/side_by_side.py --data DIR [--rounds 3] [ID ...]

Each round runs, for each experiment, the suite's benchmark (`mvn -q compile exec:java
-Dexp=ID -Ddata=DIR -Dbench=STEPS`, into a temporary folder), then reference.py plain, then
tuned; the table gives the median round by the ratio to tuned, and every round's ratio to tuned.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
# Timed steps per experiment: a few seconds to half a minute of steps each.
STEPS = {"mlp-numpy": 1000, "mlp-djl": 1000, "mlp-deep-adam": 50, "mlp-deep-adam-wd": 50,
         "mlp-deep-adam-wd-bn": 50, "convnet": 30}


def suite_bench(experiment, data, steps, out):
    """The suite's -Dbench json: ms/step, and forward, backward and update ms."""
    command = ["mvn", "-q", "compile", "exec:java", f"-Dexp={experiment}", f"-Ddata={data}", f"-Dbench={steps}",
               f"-Dout={out}", "-Dtensorboard=false"]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "bench", experiment + ".json"), encoding="utf-8") as report:
        return json.load(report)


def reference(experiment, data, steps, tuned):
    command = [sys.executable, os.path.join(HERE, "reference.py"), experiment, "--data", data, "--steps", str(steps)]
    done = subprocess.run(command + (["--tuned"] if tuned else []), check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def one_round(experiment, data, steps, scratch, number):
    bench = suite_bench(experiment, data, steps, os.path.join(scratch, f"{experiment}-{number}"))
    suite = bench["msPerStep"]
    plain = reference(experiment, data, steps, tuned=False)
    tuned = reference(experiment, data, steps, tuned=True)
    print(f"  round {number}: {experiment} suite {suite:.2f}, plain {plain['ms_per_step']:.2f}, tuned"
          f" {tuned['ms_per_step']:.2f} ms/step", file=sys.stderr, flush=True)
    phases = [bench["forwardMs"], bench["backwardMs"], bench["updateMs"]]
    return {"suite": suite, "suite_phases": phases, "plain": plain, "tuned": tuned}


def median_round(rounds):
    """The round whose ratio to tuned is the median (the lower one of an even count)."""
    return sorted(rounds, key=lambda r: r["suite"] / r["tuned"]["ms_per_step"])[(len(rounds) - 1) // 2]


def row(experiment, steps, rounds):
    median = median_round(rounds)
    plain, tuned = median["plain"]["ms_per_step"], median["tuned"]["ms_per_step"]
    every = ", ".join(f"{r['suite'] / r['tuned']['ms_per_step']:.2f}" for r in rounds)
    against = " (against NumPy)" if experiment == "mlp-numpy" else ""
    return (f"| `{experiment}`{against} | {steps} | {median['suite']:.2f} | {plain:.2f} | {median['suite'] / plain:.2f}"
            f" | {tuned:.2f} | {median['suite'] / tuned:.2f} | {every} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("experiments", nargs="*", default=list(STEPS), help="ids (default: " + ", ".join(STEPS) + ")")
    parser.add_argument("--data", required=True, help="the CIFAR-10 binaries' folder, as -Ddata")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    data = os.path.abspath(os.path.expanduser(args.data))
    results = {e: [] for e in args.experiments}
    with tempfile.TemporaryDirectory(prefix="side-by-side-") as scratch:
        for number in range(1, args.rounds + 1):
            for experiment in args.experiments:
                results[experiment].append(one_round(experiment, data, STEPS.get(experiment, 50), scratch, number))
    first = results[args.experiments[0]][0]
    libraries = sorted({r[v]['library'] for rounds in results.values() for r in rounds for v in ('plain', 'tuned')})
    print(f"CPU: {first['tuned']['cpu']}, {os.cpu_count()} cores; {'; '.join(libraries)}")
    print("| experiment | steps | suite ms/step | plain ms/step | ratio | tuned ms/step | ratio | ratio to tuned,"
          " each round |")
    print("|---|---|---|---|---|---|---|---|")
    for experiment in args.experiments:
        print(row(experiment, STEPS.get(experiment, 50), results[experiment]))
    print("\nThe median round's steps, phase by phase (the rest of a step gathers its batch and reads its loss):\n")
    print("| experiment | suite forward / backward / update ms | tuned forward / backward / update ms |")
    print("|---|---|---|")
    for experiment in args.experiments:
        median = median_round(results[experiment])
        tuned = [median["tuned"][phase + "_ms"] for phase in ("forward", "backward", "update")]
        print(f"| `{experiment}` | {' / '.join(f'{t:.2f}' for t in median['suite_phases'])} |"
              f" {' / '.join(f'{t:.2f}' for t in tuned)} |")


if __name__ == "__main__":
    main()
