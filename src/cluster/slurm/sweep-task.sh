#!/bin/bash
# One task of a sweep's job array: the sweep's points whose index is this task's modulo the
# array's size (-Dshard), into the shared -Dout folder. Its arguments are the sweep's -D options,
# the same for every task. The project is built once before the array is submitted
# (submit-sweep.sh): a task only runs the classes, so that no task compiles while another loads them.
set -euo pipefail
: "${SLURM_ARRAY_TASK_ID:?run by sbatch --array (submit-sweep.sh)}"
# libtorch's threads: the CPUs the task was given, not every CPU of a node it shares.
export OMP_NUM_THREADS="${SLURM_CPUS_PER_TASK:-2}"
exec mvn -B -q -o exec:java "$@" -Dshard="$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT"
