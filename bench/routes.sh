#!/usr/bin/env bash
# Issue 34: the convolution routes on this machine, run on idle cores (docs/PERFORMANCE.md, Zen 5 section).
#   1. the forward batch sweep, 50 to 1,000 images, under three settings: Conv2D on oneDNN, the whole process on
#      TensorFlow's Eigen kernels (TF_ENABLE_ONEDNN_OPTS=0), and the Conv op for every convolution in a oneDNN process;
#   2. training, forward and sampling with Conv2D against the default by-shape route, two rounds, same minutes;
#   3. the colour presets, before (Conv2D) and after (by-shape).
#
#   bench/routes.sh            (needs the built jar: ./diffusion4j --help once)
# Results go to bench/results/routes-<time>/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/diffusion4j.jar"
[ -f "$jar" ] || { echo "error: $jar is missing; build it first (./diffusion4j --help)" >&2; exit 1; }
out="$here/bench/results/routes-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
load="$(cut -d' ' -f1 /proc/loadavg)"
awk -v l="$load" 'BEGIN { exit !(l > 0.5) }' && echo "WARNING: load average $load: the figures will not be comparable" >&2
export TF_CPP_MIN_LOG_LEVEL=2
bench() { local route="$1"; shift; java -Ddiffusion4j.convolution="$route" -jar "$jar" bench "$@"; }
for round in 1 2; do
  TF_ENABLE_ONEDNN_OPTS=1 bench conv2d --forward-batches 50,100,128,200,256,500,1000 --train-batch 0 --sample-count 0 --fld-images 0 \
      --matmul-sizes 64 --repeats 3 --warmups 1 > "$out/sweep-conv2d-$round.txt"
  TF_ENABLE_ONEDNN_OPTS=0 bench conv2d --forward-batches 50,100,128,200,256,500,1000 --train-batch 0 --sample-count 0 --fld-images 0 \
      --matmul-sizes 64 --repeats 3 --warmups 1 > "$out/sweep-eigen-$round.txt"
  TF_ENABLE_ONEDNN_OPTS=1 bench conv --forward-batches 50,100,128,200,256,500,1000 --train-batch 0 --sample-count 0 --fld-images 0 \
      --matmul-sizes 64 --repeats 3 --warmups 1 > "$out/sweep-route-$round.txt"
done
for round in 1 2; do
  for route in conv2d by-shape; do
    bench "$route" --train-batch 128 --forward-batches 100,256,1000 --sample-count 200 --sample-batch 256 --fld-images 0 \
        --matmul-sizes 1024 --repeats 3 --warmups 2 --json "$out/doc000-$route-$round.json" > "$out/doc000-$route-$round.txt"
  done
done
for model in rgb32 rgb64; do
  for route in conv2d by-shape; do
    bench "$route" --model "$model" --train-batch 64 --forward-batches 100 --sample-count 0 --fld-images 0 --matmul-sizes 64 \
        --repeats 3 --warmups 2 --json "$out/$model-$route.json" > "$out/$model-$route.txt"
  done
done
grep -H -E "^(training step|denoiser forward|ddpm|ddim)" "$out"/*.txt
