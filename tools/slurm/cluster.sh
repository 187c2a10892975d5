#!/usr/bin/env bash
# A throw-away single-node Slurm cluster for tests: no systemd, no cgroups,
# every file under one folder, every daemon run as the current user.
# Needs Debian's slurm-wlm and munge (Slurm 22.05, MUNGE 0.5).
#
#   source tools/slurm/cluster.sh; slurm_up; ... sbatch, squeue ...; slurm_down
#
# slurm_up exports SLURM_CONF for the clients. Knobs: SLURM_TEST_DIR (the
# folder; emptied first, since an old state folder brings old jobs back),
# SLURM_CTLD_PORT and SLURM_D_PORT (so that two clusters or a real one do
# not clash). Measured facts behind each setting: shared/slurm.md.

SLURM_TEST_DIR=${SLURM_TEST_DIR:-$(mktemp -d)/slurm}
SLURM_CTLD_PORT=${SLURM_CTLD_PORT:-16817}
SLURM_D_PORT=${SLURM_D_PORT:-16818}

_slurm_wait() { # tries, condition
  local i
  for i in $(seq "$1"); do
    eval "$2" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

slurm_up() {
  local D=$SLURM_TEST_DIR H U
  H=$(hostname -s)
  U=$(id -un)
  rm -rf "$D"
  mkdir -p "$D"/{munge/run,state,spool,log,run}
  # munged wants o+x on every folder above its socket.
  chmod 755 "$D" "$D/munge" "$D/munge/run"
  mungekey -c -f -k "$D/munge/munge.key"
  munged -F --key-file="$D/munge/munge.key" --socket="$D/munge/run/munge.socket" \
      --pid-file="$D/munge/run/munged.pid" --seed-file="$D/munge/munged.seed" \
      --log-file="$D/log/munged.log" >"$D/log/munged.out" 2>&1 &
  echo $! >"$D/run/munged.pid"
  _slurm_wait 50 "[ -S '$D/munge/run/munge.socket' ]" || { echo "munged did not start" >&2; return 1; }
  cat >"$D/slurm.conf" <<CONF
ClusterName=forecast-test
SlurmctldHost=$H(127.0.0.1)
SlurmUser=$U
SlurmdUser=$U
SlurmctldPort=$SLURM_CTLD_PORT
SlurmdPort=$SLURM_D_PORT
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$D/munge/run/munge.socket
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool/%n
SlurmctldPidFile=$D/run/slurmctld.pidfile
SlurmdPidFile=$D/run/slurmd.pidfile
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SwitchType=switch/none
MailProg=/bin/true
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
$(slurmd -C | head -1) NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$D/slurm.conf"
  # Foreground daemons put in the background: $! is the daemon itself.
  slurmctld -D -f "$SLURM_CONF" >"$D/log/slurmctld.out" 2>&1 &
  echo $! >"$D/run/slurmctld.pid"
  slurmd -D -f "$SLURM_CONF" >"$D/log/slurmd.out" 2>&1 &
  echo $! >"$D/run/slurmd.pid"
  if ! _slurm_wait 150 "[ \"\$(sinfo -h -o %T)\" = idle ]"; then
    echo "slurm did not come up; its logs:" >&2
    tail -n 20 "$D"/log/*.log >&2 || true
    slurm_down
    return 1
  fi
}

# Safe to call twice and from a trap; never fails. Jobs are cancelled
# first: a slurmd killed under a running job leaves its slurmstepd behind.
slurm_down() {
  local D=$SLURM_TEST_DIR n p i
  if [ -f "$D/run/slurmctld.pid" ] && [ -f "$D/slurm.conf" ]; then
    SLURM_CONF="$D/slurm.conf" scancel -u "$(id -un)" >/dev/null 2>&1 || true
    _slurm_wait 100 "[ -z \"\$(SLURM_CONF='$D/slurm.conf' squeue -h -u '$(id -un)')\" ]" || true
  fi
  for n in slurmd slurmctld munged; do
    [ -f "$D/run/$n.pid" ] || continue
    p=$(cat "$D/run/$n.pid")
    rm -f "$D/run/$n.pid"
    kill "$p" 2>/dev/null || continue
    for i in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && kill -9 "$p" 2>/dev/null
  done
  return 0
}
