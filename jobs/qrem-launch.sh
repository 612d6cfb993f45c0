# qrem job templates: what they share (sourced by jobs/*.sbatch, not run on its own).
#
# Each template finds this file in QREM_HOME, the qrem repository: given, or the folder above
# the template when it runs locally, or the submit folder under Slurm (which runs a copy of the
# template). Then:
#   qrem_job_init NAME   sets submit_dir and QREM (default QREM_HOME/build/app/qrem, checked),
#                        one BLAS thread per rank, and the launcher (below).
#   qrem_launch P CMD... runs CMD on P ranks (P empty: all of the job's tasks, or QREM_RANKS
#                        locally) and returns its exit status.
#   qrem_check_time_limit  under Slurm, refuses a time limit that leaves no time between the
#                        start and the checkpoint signal (a requeue loop otherwise).
#
# The launcher, QREM_LAUNCHER:
#   under Slurm, "srun --mpi=pmix" where Slurm has the PMIx plugin (`srun --mpi=list`): Debian's
#     Open MPI needs it unless the site sets MpiDefault=pmix; otherwise "mpiexec" (Open MPI's,
#     which starts its daemons through Slurm). Set QREM_LAUNCHER="srun" (a site whose default
#     MPI plugin fits), "srun --mpi=pmi2" or "mpiexec" to choose. With mpiexec, Slurm's
#     --signal=USR1@S reaches the ranks only through this script: write --signal=B:USR1@S.
#   locally, "${MPIEXEC:-mpiexec}" with QREM_RANKS ranks (default 2) and --oversubscribe.
# Signals: srun delivers Slurm's SIGUSR1 and SIGTERM to the ranks itself. With mpiexec the
# launcher runs in the background in a session of its own (Ctrl-C at a terminal does not reach
# it), and SIGTERM, SIGINT, SIGHUP or SIGUSR1 to the script reach qrem as SIGUSR1, which
# mpiexec forwards to the ranks: qrem checkpoints and exits 75. Sent to mpiexec itself, SIGTERM
# or SIGINT reaches the ranks too, but mpiexec then reports status 1 for their 75 and kills
# ranks still writing after a short grace (docs/cluster.md).

qrem_job_init() {
    job_name=$1
    submit_dir=${SLURM_SUBMIT_DIR:-$PWD}
    QREM=${QREM:-$QREM_HOME/build/app/qrem}
    if [ ! -x "$QREM" ]; then
        echo "$job_name: no qrem executable at $QREM: build it (bash scripts/build.sh in $QREM_HOME)," \
            "or set QREM=<the executable>" >&2
        exit 2
    fi
    export OPENBLAS_NUM_THREADS=1 # one BLAS thread per MPI rank
    if [ -n "${SLURM_JOB_ID:-}" ]; then
        if [ -z "${QREM_LAUNCHER:-}" ]; then
            # Read the whole list before matching: with pipefail, `srun | grep -q` fails when
            # grep stops reading early and srun dies of SIGPIPE (seen in CI).
            local plugins
            plugins=$(srun --mpi=list 2>&1 || true)
            if grep -qw pmix <<<"$plugins"; then
                QREM_LAUNCHER="srun --mpi=pmix"
            else
                QREM_LAUNCHER=mpiexec
            fi
        fi
    else
        QREM_LAUNCHER=${QREM_LAUNCHER:-${MPIEXEC:-mpiexec}}
    fi
    read -r -a qrem_launcher <<<"$QREM_LAUNCHER"
    case $(basename "${qrem_launcher[0]}") in
    srun) qrem_launcher_is_srun=1 ;;
    *)
        qrem_launcher_is_srun=""
        if [ "$(id -u)" -eq 0 ]; then # Open MPI refuses root without these
            export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
        fi
        ;;
    esac
    echo "$job_name: launcher: $QREM_LAUNCHER"
}

qrem_launch() {
    local ranks=$1
    shift
    if [ -n "$qrem_launcher_is_srun" ]; then
        "${qrem_launcher[@]}" ${ranks:+--ntasks="$ranks"} "$@"
        return
    fi
    if [ -z "$ranks" ]; then ranks=${SLURM_NTASKS:-${QREM_RANKS:-2}}; fi
    local pid status=0 s caught=""
    local options=(-n "$ranks")
    # Locally more ranks than cores are allowed (a laptop test of a cluster setting).
    [ -n "${SLURM_JOB_ID:-}" ] || options+=(--oversubscribe)
    setsid "${qrem_launcher[@]}" "${options[@]}" "$@" &
    pid=$!
    trap 'caught=1; kill -USR1 "$pid" 2>/dev/null' TERM INT HUP USR1
    wait "$pid" || status=$?
    while [ -n "$caught" ]; do # the wait above returned for the signal: wait for qrem's status
        caught="" s=0
        wait "$pid" || s=$?
        [ "$s" -eq 127 ] || status=$s
    done
    trap - TERM INT HUP USR1
    return "$status"
}

# Seconds of a Slurm time (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS); empty if none.
qrem_slurm_seconds() {
    local t=$1 days=0 a b c
    [[ $t =~ ^[0-9:-]+$ ]] || return 0
    if [[ $t == *-* ]]; then
        days=${t%%-*} t=${t#*-}
        IFS=: read -r a b c <<<"$t"
        echo $((10#$days * 86400 + 10#$a * 3600 + 10#${b:-0} * 60 + 10#${c:-0}))
        return
    fi
    IFS=: read -r a b c <<<"$t"
    if [ -n "$c" ]; then echo $((10#$a * 3600 + 10#$b * 60 + 10#$c))
    elif [ -n "$b" ]; then echo $((10#$a * 60 + 10#$b))
    else echo $((10#$a * 60)); fi
}

qrem_check_time_limit() {
    [ -n "${SLURM_JOB_ID:-}" ] || return 0
    # The signal lead: QREM_SIGNAL_LEAD, or the template's own #SBATCH --signal line (Slurm
    # does not tell a job its --signal; one given to sbatch needs QREM_SIGNAL_LEAD too).
    local lead limit limit_text
    # (No `| head`: under pipefail a writer killed by SIGPIPE would end the job.)
    lead=${QREM_SIGNAL_LEAD:-$(sed -n '/^#SBATCH --signal=/{s/^#SBATCH --signal=\(B:\)\{0,1\}[A-Z0-9]*@\([0-9][0-9]*\).*/\2/p;q}' "$0")}
    limit_text=$(squeue -h -j "$SLURM_JOB_ID" -o %l 2>/dev/null || true)
    limit_text=${limit_text%%$'\n'*}
    limit=$(qrem_slurm_seconds "$limit_text")
    [ -n "$lead" ] && [ -n "$limit" ] || return 0
    # Slurm sends the signal up to a minute early: less than that left is no time at all.
    if [ "$limit" -le $((lead + 60)) ]; then
        echo "$job_name: the time limit ($limit_text, $limit s) leaves no time to run: qrem is" \
            "signalled to checkpoint $lead s before it (--signal=...@$lead), so every requeue" \
            "would stop at once. Give --time more than $((lead + 60)) s plus the work, or a" \
            "shorter lead (--signal=USR1@S on the sbatch line with QREM_SIGNAL_LEAD=S)" >&2
        exit 2
    fi
}
