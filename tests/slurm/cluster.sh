# A throw-away one-node Slurm cluster for the slurm-labelled tests (sourced).
#   slurm_cluster_start DIR   writes DIR/slurm.conf (its own ports, state, spool and logs under
#                             DIR), starts slurmctld and slurmd, exports SLURM_CONF and waits
#                             until the node is idle; exits 77 (skip) with the reason where it
#                             cannot (not root, no Slurm and no way to install it).
#   slurm_cluster_stop        stops both daemons by their PIDs (also from a trap).
#   slurm_wait_job ID SECONDS waits until job ID has ended (and is not requeued); prints its
#                             final state.
#   slurm_wait_idle SECONDS   waits until the node runs nothing (a cancelled job's processes
#                             may outlive its CANCELLED state by up to KillWait).
#   slurm_show_queue          prints the queue with the reasons and the controller log's tail.
# Configuration (docs/cluster.md, "Tested under"): Slurm 22.05 from Debian 12, AuthType and
# CredType none (no munge), proctrack/linuxproc, task/none, select/cons_tres with CR_Core,
# cred_expire=5 (a requeued job may start again 5 s after it ended; default 120 s).

slurm_skip() {
    echo "SKIP: $*"
    exit 77
}

slurm_cluster_start() {
    local dir=$1 repo
    mkdir -p "$dir"
    repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    [ "$(id -u)" -eq 0 ] || slurm_skip "a throw-away Slurm cluster needs root (slurmd runs jobs as their user)"
    if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null; then
        bash "$repo/scripts/install-deps.sh" --slurm >"$dir/install-slurm.log" 2>&1 ||
            slurm_skip "Slurm is not installed and scripts/install-deps.sh --slurm failed: $(tail -n 1 "$dir/install-slurm.log")"
    fi
    local host ports
    host=$(hostname -s)
    # Two free TCP ports, so that tests (and a real Slurm on 6817/6818) never meet.
    ports=$(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
    mkdir -p "$dir/state" "$dir/spool" "$dir/log"
    cat >"$dir/slurm.conf" <<EOF
ClusterName=qremtest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/none
CredType=cred/none
AuthInfo=cred_expire=5
SlurmctldPort=${ports% *}
SlurmdPort=${ports#* }
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobRequeue=1
MinJobAge=600
KillWait=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$(($(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 - 512)) State=UNKNOWN
PartitionName=qrem Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF=$dir/slurm.conf
    slurm_cluster_dir=$dir
    slurmctld -c -f "$SLURM_CONF" || slurm_skip "slurmctld did not start: $(tail -n 3 "$dir/log/slurmctld.log" 2>/dev/null)"
    slurmd -f "$SLURM_CONF" -N "$host" || { slurm_cluster_stop; slurm_skip "slurmd did not start: $(tail -n 3 "$dir/log/slurmd.log" 2>/dev/null)"; }
    local state=""
    for _ in $(seq 1 150); do
        state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
        [ "$state" = idle ] && return 0
        sleep 0.2
    done
    echo "the node did not become idle (state '$state'); slurmd log:" >&2
    tail -n 20 "$dir/log/slurmd.log" >&2 || true
    return 1
}

slurm_cluster_stop() {
    local dir=${slurm_cluster_dir:-} f pid
    [ -n "$dir" ] || return 0
    for f in slurmd slurmctld; do
        pid=$(cat "$dir/$f.pid" 2>/dev/null || true)
        if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
    slurm_cluster_dir=""
}

slurm_wait_job() {
    local id=$1 seconds=$2 state="" start=$SECONDS
    if [ -z "$id" ]; then
        echo "NOT_SUBMITTED"
        return 1
    fi
    while [ $((SECONDS - start)) -lt "$seconds" ]; do
        state=$(scontrol -o show job "$id" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true)
        case $state in
        COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE | PREEMPTED)
            echo "$state"
            return 0
            ;;
        esac
        sleep 0.5
    done
    echo "TIMED_OUT_WAITING($state)"
    return 1
}

slurm_wait_idle() {
    local seconds=$1 start=$SECONDS
    while [ $((SECONDS - start)) -lt "$seconds" ]; do
        [ "$(sinfo -h -o %t 2>/dev/null)" = idle ] && [ -z "$(squeue -h -t running,completing 2>/dev/null)" ] && return 0
        sleep 0.5
    done
    return 1
}

slurm_show_queue() {
    echo "--- squeue"
    squeue -o '%i %T %r %M %l' 2>&1 || true
    echo "--- sinfo: $(sinfo -h -o '%t %C' 2>&1)"
    echo "--- slurmctld log (tail)"
    tail -n 30 "${slurm_cluster_dir:-/nonexistent}/log/slurmctld.log" 2>/dev/null || echo "(none)"
}
