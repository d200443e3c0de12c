#!/bin/bash
# What training in a training process costs against training in Maven's JVM (-Dvgp.fork=false):
# the same vgp:train of short experiments (1 epoch of 100 Fashion-MNIST images, evaluated on 100)
# timed both ways, alternating which goes first, each run forced to train again. The difference
# of the wall-clock times, divided by the number of experiments, is the cost per experiment.
#
# Usage, after `mvn install`, with Debian's dataset-fashion-mnist installed:
#   bash benchmarks/fork-cost.sh [rounds] [experiment ids, comma-separated]
# Defaults: 3 rounds, all seven experiments of example-project.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
experiments=${2:-vgg08-1e-3,vgg38-1e-3,vgg38-bn-1e-2,vgg38-bn-1e-3,vgg38-rc-1e-3,vgg38-bn-rc-1e-3,vgg38-bn-rc-1e-2}
count=$(tr ',' '\n' <<<"$experiments" | wc -l)
output=$(mktemp -d)
trap 'rm -rf "$output"' EXIT

train() { # fork: true|false; prints the seconds vgp:train took, Maven's start included
  local start end
  start=$(date +%s.%N)
  mvn -B -ntp -q -f example-project vgp:train -Dvgp.fork="$1" -Dvgp.force \
    -Dvgp.dataset=fashion-mnist -Dvgp.dataDirectory=/usr/share/datasets/fashion-mnist \
    -Dvgp.experiments="$experiments" -Dvgp.epochs=1 -Dvgp.trainLimit=100 -Dvgp.evalLimit=100 \
    -Dvgp.outputDirectory="$output/$1" >"$output/$1.log" 2>&1 \
    || { cat "$output/$1.log"; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}

echo "vgp:train of $count experiments, 1 epoch of 100 images each; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %14s %14s %12s\n' round "process (s)" "Maven JVM (s)" "per exp. (s)"
differences=()
for ((round = 1; round <= rounds; round++)); do
  if ((round % 2)); then forked=$(train true); inside=$(train false)
  else inside=$(train false); forked=$(train true); fi
  per=$(awk -v f="$forked" -v i="$inside" -v n="$count" 'BEGIN { printf "%.2f", (f - i) / n }')
  differences+=("$per")
  printf '%-6s %14.1f %14.1f %12.2f\n' "$round" "$forked" "$inside" "$per"
done
median=$(printf '%s\n' "${differences[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "median cost of the training process per experiment: $median s; load $(cut -d' ' -f1-3 /proc/loadavg)"
