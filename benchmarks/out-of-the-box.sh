#!/bin/bash
# vgp's training speed out of the box beside PyTorch's, in one run: in a plain shell (any TF_*
# variable unset), `vgp:benchmark` of the five study models (in its training process, whose
# environment vgp sets), then compare.py, twice in turn. Compare each vgp:benchmark table with
# the PyTorch column of the compare.py run right after it: this machine's speed drifts between
# minutes, so ratios across runs mean little.
#
# Usage, after `mvn install`, with python3-torch installed: bash benchmarks/out-of-the-box.sh
set -euo pipefail
cd "$(dirname "$0")/.."
unset TF_ENABLE_ONEDNN_OPTS TF_NUM_INTRAOP_THREADS TF_CPP_MIN_LOG_LEVEL
models=vgg08,vgg38,vgg38-bn,vgg38-rc,vgg38-bn-rc
for pair in 1 2; do
  echo "=== vgp:benchmark $pair $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
  mvn -B -ntp -f example-project vgp:benchmark -Dvgp.models=$models \
    -Dvgp.benchmark.steps=5 -Dvgp.benchmark.rounds=3 | grep -A6 'GFLOP/im'
  echo "=== compare.py $pair $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/python3 benchmarks/compare.py --rounds 2
done
