#!/bin/bash
# A one-node Slurm cluster for the slurm-study IT, everything under one folder:
#   cluster.sh start DIR   munged (own socket and generated key), slurmctld and slurmd (own ports,
#                          state, spool, logs, pids), then waits until the node takes jobs. The
#                          two folders that hold Unix sockets (munge's, slurmd's spool) live in a
#                          short temporary folder: a socket's path has at most 107 bytes, and the
#                          ITs' copies run deep (target/it-apache-maven-4.0.0-rc-7/slurm-study/...)
#   cluster.sh stop DIR    stops them by the pids in their pid files (only ours, never by name)
#   cluster.sh logs DIR    prints the daemons' logs, for a failed test
# The mail jobs ask for (--mail-type) goes to DIR/log/mail.log, one line per mail: -s <subject> <user>.
# Clients use DIR/slurm.conf: export SLURM_CONF=DIR/slurm.conf. Needs root (slurmd starts jobs as
# their user) and Debian's slurm-wlm and munge (.ci/setup.sh installs them).
set -euo pipefail
action=${1:?usage: cluster.sh start|stop|logs DIR}
dir=$(realpath -m "${2:?usage: cluster.sh start|stop|logs DIR}")
conf=$dir/slurm.conf
export SLURM_CONF=$conf

free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port found" >&2; return 1
}

stop_pid_file() {
  local file=$1 pid
  [ -s "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

case $action in
start)
  for tool in munged mungekey slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed: run .ci/setup.sh" \
      "(Debian packages slurm-wlm and munge)" >&2; exit 1; }
  done
  [ "$(id -u)" = 0 ] || { echo "the one-node cluster needs root (slurmd)" >&2; exit 1; }
  mkdir -p "$dir"/{munge,state,log,run}
  sockets=$(mktemp -d /tmp/vgp-slurm.XXXXXX)
  echo "$sockets" > "$dir/run/sockets"
  mkdir "$sockets/spool"
  chmod 755 "$sockets"  # munged wants its socket directory searchable by all
  mungekey -c -f -k "$dir/munge/munge.key"
  munged --force --socket="$sockets/munge.socket" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/run/munged.pid" --log-file="$dir/log/munged.log" \
    --seed-file="$dir/munge/munged.seed"
  host=$(hostname -s)
  # the cluster's mail: slurmctld runs MailProg -s <subject> <user>; it is written to a file
  cat > "$dir/run/mail.sh" <<MAIL
#!/bin/bash
echo "\$*" >> "$dir/log/mail.log"
MAIL
  chmod 755 "$dir/run/mail.sh"
  cat > "$conf" <<CONF
ClusterName=vgpit
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sockets/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$sockets/spool
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
MailProg=$dir/run/mail.sh
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
KillWait=20
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  slurmctld -f "$conf" -i
  slurmd -f "$conf"
  for _ in $(seq 60); do
    if sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
      echo "slurm cluster up: SLURM_CONF=$conf"; exit 0
    fi
    sleep 0.5
  done
  echo "the node did not come up within 30 s; sinfo says: $(sinfo 2>&1 || true)" >&2
  "$0" logs "$dir" >&2
  exit 1
  ;;
stop)
  stop_pid_file "$dir/run/slurmd.pid"
  stop_pid_file "$dir/run/slurmctld.pid"
  stop_pid_file "$dir/run/munged.pid"
  if [ -s "$dir/run/sockets" ]; then rm -rf "$(cat "$dir/run/sockets")"; rm -f "$dir/run/sockets"; fi
  ;;
logs)
  for log in "$dir"/log/*.log; do
    [ -f "$log" ] && { echo "=== $log (last 60 lines)"; tail -n 60 "$log"; }
  done
  ;;
*) echo "usage: cluster.sh start|stop|logs DIR" >&2; exit 2 ;;
esac
