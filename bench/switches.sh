#!/usr/bin/env bash
# Issue 34: every switch TensorFlow's native libraries read that could touch convolutions or threading, one at a time
# against the default, training at batch 128 and forward at batch 100 (docs/PERFORMANCE.md lists the switches, how
# they were found, and those left out with the reason). Run on idle cores; the default is measured four times in between.
#
#   bench/switches.sh          (needs the built jar: ./diffusion4j --help once)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/diffusion4j.jar"
[ -f "$jar" ] || { echo "error: $jar is missing; build it first (./diffusion4j --help)" >&2; exit 1; }
out="$here/bench/results/switches-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
export TF_CPP_MIN_LOG_LEVEL=2
i=0
for switch in "" TF_ENABLE_ZENDNN_OPTS=1 TF_USE_DEEP_CONV2D=1 TF_ENABLE_ONEDNN_OPTS=0 "TF_ENABLE_ONEDNN_OPTS=0 TF_USE_DEEP_CONV2D=1" \
    TF_ONEDNN_ASSUME_FROZEN_WEIGHTS=1 TF_ONEDNN_THREADPOOL_USE_CALLER_THREAD=1 "" TF_ONEDNN_USE_SYSTEM_ALLOCATOR=1 \
    TF_MKL_OPTIMIZE_PRIMITIVE_MEMUSE=0 TF_CPU_ALLOCATOR_USE_BFC=1 TF_USE_EIGEN_PARALLEL_FOR_IN_WORK_SHARDER=1 \
    TF_OVERRIDE_GLOBAL_THREADPOOL=1 "" ONEDNN_PRIMITIVE_CACHE_CAPACITY=4096 ONEDNN_DEFAULT_FPMATH_MODE=BF16 \
    TF_SET_ONEDNN_FPMATH_MODE=BF16 OMP_NUM_THREADS=2 ""; do
  i=$((i + 1))
  # shellcheck disable=SC2086
  env $switch java -jar "$jar" bench --train-batch 128 --forward-batches 100 --sample-count 0 --fld-images 0 --matmul-sizes 64 \
      --repeats 3 --warmups 2 > "$out/$i.txt" 2>&1
  echo "${switch:-(default)} | $(grep -E "^(training step|denoiser forward)" "$out/$i.txt" | awk '{printf "%s %s; ", $1, $4}')" | tee -a "$out/summary.txt"
done
