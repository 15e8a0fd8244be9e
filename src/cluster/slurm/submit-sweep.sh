#!/bin/bash
# Submits a sweep to Slurm: builds the project once, then a job array of TASKS tasks, each running
# its shard of the sweep (sweep-task.sh), and the gather (sweep-gather.sh) as a job that starts
# only when every task has succeeded; a failed task cancels it. Prints the two job ids. With
# --wait, waits for the gather: exits 0 once the sweep is gathered, 1 when it was not.
#
#   src/cluster/slurm/submit-sweep.sh [--wait] TASKS -Dexp=ID -Dsweep.KEY=A,B,... -Dout=SHARED [-D...]
#
# -Dout must be a folder every node sees (NFS or another network file system with POSIX locks).
# Resubmitting the same command with -Dresume=true keeps the points done and continues the others
# from their checkpoints. The tasks' and the gather's output go to slurm-<job>.out in the checkout,
# or in SWEEP_LOGS. Each task asks for 2 CPUs and 3 GB (SWEEP_CPUS, SWEEP_MEMORY to change; a task of
# mlp-djl on CIFAR-10 peaked at 1.7 GB resident, one of mlp-deep-adam at 2.0 GB).
set -euo pipefail
cd "$(dirname "$0")/../../.."
wait=()
if [ "${1:-}" = --wait ]; then wait=(yes); shift; fi
tasks="${1:?usage: submit-sweep.sh [--wait] TASKS -Dexp=ID -Dsweep.KEY=A,B,... -Dout=SHARED [-D...]}"
shift
# Built once here, with the exec plugin fetched, before any task starts.
mvn -B -q compile exec:java -Dexp=list > /dev/null
here=src/cluster/slurm
logs="${SWEEP_LOGS:-.}"
array=$(sbatch --parsable --job-name=sweep --array=0-$((tasks - 1)) --cpus-per-task="${SWEEP_CPUS:-2}" \
    --mem="${SWEEP_MEMORY:-3G}" --output="$logs/slurm-%A_%a.out" "$here/sweep-task.sh" "$@")
echo "array $array: $tasks tasks"
gather=$(sbatch --parsable --job-name=sweep-gather --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --output="$logs/slurm-%j.out" "$here/sweep-gather.sh" "$@")
echo "gather $gather"
[ ${#wait[@]} = 0 ] && exit 0

# sbatch --wait would exit 0 for a gather cancelled because a task failed: read the job's state.
state() { scontrol show job "$1" -o 2> /dev/null | grep -o 'JobState=[A-Z_]*' | sort -u | tr '\n' ' '; }
while state "$gather" | grep -qE 'PENDING|RUNNING|CONFIGURING|COMPLETING'; do sleep 2; done
if [ "$(state "$gather")" != "JobState=COMPLETED " ]; then
    echo "the sweep was not gathered (gather $gather: $(state "$gather")); array $array: $(state "$array")" \
        "($logs/slurm-${array}_*.out)" >&2
    exit 1
fi
