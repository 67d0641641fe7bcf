#!/usr/bin/env bash
# A real one-node Slurm cluster (slurmctld + slurmd, munge auth) in a temp
# folder: `srun --nodes=1 --ntasks=2` runs `clscope check --quick --json
# --output DIR/%h-$SLURM_PROCID.json` (two tasks on one node share %h, so the
# task's rank tells the files apart), then `clscope fleet report DIR` reads
# both results. Needs root and slurmctld, slurmd, slurm-client, munge
# (scripts/dev.sh integration installs them). Nothing of the system's Slurm or
# munge configuration is used or changed: a private munge key and socket,
# free loopback ports, every path in the temp folder. The daemons are stopped
# by their pid files on every path.
#   slurm_fleet.sh CLSCOPE_BINARY     (KEEP=1 keeps the temp folder and its logs)
set -euo pipefail
clscope=$(readlink -f "$1")
# Exit 77 (CTest: skipped) where it cannot run: not root, or no Slurm/munge.
[[ $(id -u) -eq 0 ]] || { echo "slurm_fleet.sh: skipped: needs root (daemons, munge user)" >&2; exit 77; }
for tool in slurmctld slurmd srun sinfo munged mungekey runuser; do
  command -v "$tool" >/dev/null 2>&1 || { echo "slurm_fleet.sh: skipped: $tool missing (scripts/dev.sh integration installs it)" >&2; exit 77; }
done
# In /tmp, not TMPDIR: munged refuses a socket below a folder that is not
# searchable by all or is writable by others, and the path must stay short.
work=$(mktemp -d /tmp/clscope-slurm.XXXXXX)
chmod 755 "$work"
stop_by_pidfile() {
  local f=$1 pid
  [[ -s $f ]] || return 0
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  stop_by_pidfile "$work/slurmd.pid"
  stop_by_pidfile "$work/slurmctld.pid"
  stop_by_pidfile "$work/munge/munged.pid"
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# munge: a private key and socket, munged as user munge.
mkdir -p "$work/munge"
mungekey -c -k "$work/munge/munge.key" >/dev/null 2>&1 || mungekey --create --keyfile="$work/munge/munge.key"
chown -R munge:munge "$work/munge"
chmod 755 "$work/munge"  # munged wants the socket's folder searchable by all
chmod 400 "$work/munge/munge.key"
runuser -u munge -- munged --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
  --seed-file="$work/munge/munge.seed"
for _ in $(seq 50); do [[ -S $work/munge/munge.socket ]] && break; sleep 0.1; done

host=$(hostname -s)
cpus=$(nproc)
mkdir -p "$work/state" "$work/spool" "$work/results"
cat >"$work/slurm.conf" <<CONF
ClusterName=clscopetest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=clscope Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
ready=0
for _ in $(seq 100); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then ready=1; break; fi
  sleep 0.2
done
if ((ready == 0)); then
  echo "the one-node cluster did not come up:" >&2
  tail -20 "$work/slurmctld.log" "$work/slurmd.log" >&2 || true
  exit 1
fi

# A short check (launch only; the utilisation refusal off: the two tasks
# share this CPU device on purpose).
cat >"$work/check.toml" <<'TOML'
[run]
window = 0.25
[check]
quick_workload_s = 1
busy_util_pct = 100
[[workload]]
kind = "launch"
in_flight = 8
TOML
rc=0
timeout 300 srun --nodes=1 --ntasks=2 --time=5 bash -c \
  "'$clscope' check --quick --json --config '$work/check.toml' --output '$work/results/%h-'\$SLURM_PROCID'.json' >/dev/null" \
  || rc=$?
# 0: both passed, 1: a check failed; anything else is a failure of the test.
if ((rc != 0 && rc != 1)); then
  echo "srun clscope check ended with $rc" >&2
  tail -20 "$work/slurmd.log" >&2 || true
  exit 1
fi
ls "$work/results"
count=$(find "$work/results" -name "$host-[01].json" | wc -l)
((count == 2)) || { echo "expected $host-0.json and $host-1.json, found $count" >&2; exit 1; }

frc=0
"$clscope" fleet report "$work/results" --json >"$work/fleet.json" || frc=$?
((frc == 0 || frc == 1)) || { echo "fleet report ended with $frc" >&2; exit 1; }
/usr/bin/python3 - "$work/fleet.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
assert report["schema"] == "clscope.fleet/1", report.get("schema")
assert len(report["nodes"]) == 2, report["nodes"]
print("fleet report: %d nodes, %d flagged" % (len(report["nodes"]), sum(1 for n in report["nodes"] if n["outlier"])))
PY
"$clscope" fleet report "$work/results" || true
echo "Slurm: srun -N1 -n2 clscope check (srun exit $rc), fleet report over both results (exit $frc)"
