#!/bin/bash
# The cluster recipe of docs/sweeps.md, run for real on a one-node Slurm: started here on a Debian
# machine where it may install packages (or a running one is used), then
#   1. a three-point sweep on the test fixture submitted as a job array with its gather as a
#      dependent job (submit-sweep.sh --wait): every task completed, every point's files, the
#      sweep's summary.csv and sweep.png checked;
#   2. a sweep whose shards fail: the submission fails and the gather never runs;
#   3. a longer sweep whose last task is cancelled after its first checkpoint: submitted again with
#      -Dresume=true, the two points done are kept as they are and the third continues.
# Stops what it started. Where it cannot start Slurm (no root, no apt-get), it says why and exits 0.
set -euo pipefail
cd "$(dirname "$0")/../../.."
say() { echo "slurm check: $*"; }
skip() { say "skipped: $*"; exit 0; }
started=()

stop_started() {
    [ ${#started[@]} = 0 ] && return
    for daemon in "${started[@]}"; do pkill -x "$daemon" || true; done
    # slurmctld saves its state as it stops: wait (up to 10 s) for every daemon to be gone.
    local names
    names="^($(IFS='|'; echo "${started[*]}"))\$"
    for _ in $(seq 50); do
        pgrep "$names" > /dev/null || return 0
        sleep 0.2
    done
}

install_slurm() {
    [ "$(id -u)" = 0 ] || skip "no Slurm running, and no root to start one"
    command -v apt-get > /dev/null || skip "no Slurm running, and no apt-get to install it"
    if ! command -v slurmctld > /dev/null || ! command -v munged > /dev/null; then
        local began
        began=$(date +%s)
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            slurmctld slurmd slurm-client munge) > /dev/null 2>&1 || skip "apt-get could not install Slurm"
        say "Slurm installed in $(( $(date +%s) - began )) s"
    fi
}

write_config() {
    local conf=/etc/slurm/slurm.conf marker="# one-node Slurm of backprop-lab's src/cluster/slurm/check.sh"
    if [ -e "$conf" ] && ! grep -qF "$marker" "$conf"; then
        skip "$conf is not this check's: start that Slurm, and this check uses it"
    fi
    mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd
    cat > "$conf" <<CONF
$marker
ClusterName=backproplab
SlurmctldHost=$(hostname -s)
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
ReturnToService=2
$(slurmd -C | head -1)
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

start_slurm() {
    if sinfo -h > /dev/null 2>&1; then
        say "using the Slurm running here"
        return
    fi
    install_slurm
    write_config
    mkdir -p /run/munge && chown munge:munge /run/munge
    trap stop_started EXIT
    # Each daemon started here unless it runs already; only those started here are stopped.
    pgrep -x munged > /dev/null || { runuser -u munge -- munged && started+=(munged); }
    pgrep -x slurmctld > /dev/null || { slurmctld -i && started+=(slurmctld); }
    pgrep -x slurmd > /dev/null || { slurmd && started+=(slurmd); }
    for _ in $(seq 60); do
        [ "$(sinfo -h -o %t 2> /dev/null | head -1)" = idle ] && return
        sleep 1
    done
    say "the node did not come up:"; sinfo || true; exit 1
}

# Every task of job $1 completed, from its tasks' records (kept for 5 minutes after they end).
check_completed() {
    local states
    states=$(scontrol show job "$1" -o | grep -o 'JobState=[A-Z_]*' | sort | uniq -c)
    say "array $1: $(echo $states); run times $(scontrol show job "$1" -o | grep -o 'RunTime=[0-9:]*' \
        | cut -d= -f2 | tr '\n' ' ')"
    [ "$(echo "$states" | grep -vc 'JobState=COMPLETED')" = 0 ] || { say "a task did not complete"; exit 1; }
}

check_sweep() {
    local folder="$1/mlp-djl-sweep-learningRate" steps="$2"
    for point in 5e-4 1e-3 2e-3; do
        for file in metrics.csv summary.json curves.png model; do
            test -e "$folder/learningRate=$point/$file" || { say "no $file for learningRate=$point"; exit 1; }
        done
        [ "$(tail -1 "$folder/learningRate=$point/metrics.csv" | cut -d, -f1)" = "$steps" ] \
            || { say "learningRate=$point did not reach step $steps"; exit 1; }
    done
    [ "$(tail -n +2 "$folder/summary.csv" | wc -l)" = 3 ] || { say "summary.csv has not 3 points"; exit 1; }
    test -s "$folder/sweep.png" || { say "no sweep.png"; exit 1; }
    say "the gathered sweep has its 3 points to step $steps, summary.csv and sweep.png"
}

# Waits for a file to appear (up to two minutes); fails when it does not.
wait_for_file() {
    for _ in $(seq 600); do
        [ -e "$1" ] && return
        sleep 0.2
    done
    say "no $1 after two minutes"; exit 1
}

# 3: a longer sweep whose last task is cancelled after its first checkpoint; its submission fails,
# and the same one again with -Dresume=true keeps the two points done and continues the third.
check_resubmission() {
    local out="$1" folder="$1/mlp-djl-sweep-learningRate" array began
    shift
    local long=("$@" -Dout="$out" -Dsteps=6000 -DevalEvery=1000 -DcheckpointEvery=1000)
    array=$(src/cluster/slurm/submit-sweep.sh 3 "${long[@]}" | sed -n 's/^array \([0-9]*\).*/\1/p')
    wait_for_file "$folder/learningRate=2e-3/checkpoint/checkpoint.json"
    scancel "${array}_2"
    while squeue -h -j "$array" 2> /dev/null | grep -q .; do sleep 1; done
    say "task ${array}_2 cancelled after its first checkpoint"
    for point in 5e-4 1e-3; do cp "$folder/learningRate=$point/metrics.csv" "$out/done-$point.csv"; done
    began=$(date +%s)
    src/cluster/slurm/submit-sweep.sh --wait 3 "${long[@]}" -Dresume=true > /dev/null
    say "resubmitted with -Dresume=true: gathered in $(( $(date +%s) - began )) s"
    grep -h "resuming at step" "$SWEEP_LOGS"/slurm-*_2.out | tail -1
    for point in 5e-4 1e-3; do
        cmp -s "$folder/learningRate=$point/metrics.csv" "$out/done-$point.csv" \
            || { say "the point learningRate=$point, done, was trained again"; exit 1; }
    done
    check_sweep "$out" 6000
}

main() {
    local began out bad sweep array submitted gather
    began=$(date +%s)
    start_slurm
    say "Slurm up in $(( $(date +%s) - began )) s: $(sinfo -h -o '%N %c CPUs %m MB %t')"
    out=$(mktemp -d /tmp/slurm-sweep.XXXXXX) bad=$(mktemp -d /tmp/slurm-bad.XXXXXX)
    # The jobs' output in a folder of this check's own, not among a user's slurm-*.out files.
    SWEEP_LOGS=$(mktemp -d /tmp/slurm-logs.XXXXXX)
    export SWEEP_LOGS
    sweep=(-Dexp=mlp-djl -Dsweep.learningRate=5e-4,1e-3,2e-3 -Ddata="$PWD/src/test/resources/cifar10-fixture"
        -DbatchSize=50)
    began=$(date +%s)
    submitted=$(src/cluster/slurm/submit-sweep.sh --wait 3 "${sweep[@]}" -Dout="$out" -Dsteps=20 -DevalEvery=10)
    echo "$submitted"
    array=$(echo "$submitted" | sed -n 's/^array \([0-9]*\).*/\1/p')
    say "3 tasks and the gather in $(( $(date +%s) - began )) s"
    check_completed "$array"
    gather=$(echo "$submitted" | sed -n 's/^gather \([0-9]*\)$/\1/p')
    say "gather $gather: $(scontrol show job "$gather" -o | grep -o 'JobState=[A-Z]* .*RunTime=[0-9:]*' \
        | sed 's/ .* / /')"
    check_sweep "$out" 20
    if src/cluster/slurm/submit-sweep.sh --wait 3 "${sweep[@]}" -Dout="$bad" -Dsweep.dropout=0,1.5 -Dsteps=20 \
        2> /dev/null; then
        say "a sweep whose shards fail was reported as gathered"; exit 1
    fi
    say "a sweep whose shards fail: the submission failed, no gather ($(ls "$bad" | wc -l) files in its folder)"
    rm -rf "$out" && mkdir "$out"
    check_resubmission "$out" "${sweep[@]}"
    say "ok"
    rm -rf "$out" "$bad" "$SWEEP_LOGS"
}

main
