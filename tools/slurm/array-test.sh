#!/usr/bin/env bash
# For tests/slurm.rs: brings a cluster up (tools/slurm/cluster.sh), submits
# tools/slurm/forecast-shards.sbatch as an array of N tasks from the current
# folder, waits for it, checks every task completed with exit code 0, and
# tears the cluster down. Usage: array-test.sh N COMPARE-ARGS...
# FORECAST must name the binary; the parts land in ./parts.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=$1
shift
source "$here/cluster.sh"
trap slurm_down EXIT
slurm_up
mkdir -p logs
jid=$(sbatch --parsable --cpus-per-task=1 --array=0-$((n - 1)) "$here/forecast-shards.sbatch" "$@")
_slurm_wait 1500 "[ -z \"\$(squeue -h -j $jid)\" ]" || { echo "the array did not finish in 5 minutes" >&2; exit 1; }
done=$(scontrol -o show job "$jid" | grep -c 'JobState=COMPLETED.*ExitCode=0:0' || true)
if [ "$done" != "$n" ]; then
    echo "$done of $n tasks completed:" >&2
    scontrol -o show job "$jid" >&2
    cat logs/* >&2 || true
    exit 1
fi
echo "slurm array $jid: $n of $n tasks completed"
