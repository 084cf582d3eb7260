#!/usr/bin/env bash
# Issue 35's measurements of image editing on MNIST test digits, with a trained (conditional) run and the MNIST LeNet-5.
# usage: scripts/editing-eval.sh RUN LENET OUTDIR [STAGES]
#   STAGES: any of inpaint ceiling img2img steer jumps interpolate; default all but steer, which needs a conditional run
# Runs $D (default ./diffusion4j); MNIST from $MNIST (default ../shared/mnist). Every figure lands in OUTDIR/*.json and OUTDIR/summary.txt.
set -euo pipefail
RUN=$1; LENET=$2; OUT=$3; STAGES=${4:-"inpaint ceiling img2img jumps interpolate"}
MNIST=${MNIST:-../shared/mnist}
N=${INPAINT_COUNT:-10000}; M=${CURVE_COUNT:-2000}; J=${JUMP_COUNT:-500}
# The headline inpainting: DDIM-20 with RePaint's resampling, 5 jumps of 4 steps, 84 denoiser calls an image. A pilot on
# 100 digits with a third-trained run: plain DDIM-50 replacement 46%, DDIM-50 at eta 1 65%, DDPM-100 58%, this 70%. More
# jumps read more digits right (the jumps stage) at a cost linear in the jumps: 10 take 164 calls an image.
INPAINT=${INPAINT_SAMPLER:-"--sampler ddim --steps 20 --jumps 5 --jump-length 4"}
D=${D:-./diffusion4j}
T="python3 scripts/idx_tools.py"
mkdir -p "$OUT"
export TF_CPP_MIN_LOG_LEVEL=2
EVAL="evaluate --classifier $LENET --data $MNIST --offline -q"
has() { [[ " $STAGES " == *" $1 "* ]]; }
score() { # score IMAGES LABELS NAME: FLD against the test set and the share LeNet-5 reads as LABELS
  $D $EVAL --images "$1" --labels "$2" --out "$OUT/$3.json" > "$OUT/$3.log"
  python3 - "$OUT/$3.json" "$3" >> "$OUT/summary.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); g = r["rows"][2]
print(f'{sys.argv[2]}: {r["count"]} images, LeNet-5 reads the given label in {100 * r["classScores"][0]["accuracy"]:.2f}%, '
      f'FLD {g["fld"]:.2f}, KID {g["kidMean"]:.2f}')
PY
}
$T first "$MNIST/t10k-images-idx3-ubyte.gz" "$OUT/test-$N.idx" "$N"
$T labels "$MNIST/t10k-labels-idx1-ubyte.gz" "$OUT/test-$N-labels.idx" "$N"
$T first "$MNIST/t10k-images-idx3-ubyte.gz" "$OUT/test-$J.idx" "$J"
$T labels "$MNIST/t10k-labels-idx1-ubyte.gz" "$OUT/test-$J-labels.idx" "$J"
if has inpaint; then
  $T half "$MNIST/t10k-images-idx3-ubyte.gz" "$OUT/half-$N.idx" "$N"
  score "$OUT/test-$N.idx" "$OUT/test-$N-labels.idx" originals
  score "$OUT/half-$N.idx" "$OUT/test-$N-labels.idx" half-digits
  $D edit inpaint --run "$RUN" --images "$OUT/test-$N.idx" --mask bottom-half $INPAINT --grid-only \
      --idx "$OUT/inpainted-$N.idx" --out "$OUT/inpaint" -q | tee -a "$OUT/summary.txt"
  score "$OUT/inpainted-$N.idx" "$OUT/test-$N-labels.idx" inpainted
fi
if has ceiling; then
  # The test's own ceiling: each digit's top half completed by the bottom of the training digit whose top half is nearest.
  # How often that neighbour has the original's label estimates how often a perfect inpainter, which draws a plausible
  # bottom, draws one of the original digit.
  $T nearest-top "$MNIST/t10k-images-idx3-ubyte.gz" "$MNIST/train-images-idx3-ubyte.gz" "$MNIST/train-labels-idx1-ubyte.gz" \
      "$OUT/nearest-top-$N.idx" "$OUT/nearest-top-$N-neighbour-labels.idx" "$N"
  score "$OUT/nearest-top-$N.idx" "$OUT/test-$N-labels.idx" nearest-top-half
  score "$OUT/nearest-top-$N.idx" "$OUT/nearest-top-$N-neighbour-labels.idx" nearest-top-half-vs-neighbour-label
fi
if has jumps; then
  for jumps in ${JUMPS:-1 3 5 10 20}; do
    $D edit inpaint --run "$RUN" --images "$OUT/test-$J.idx" --mask bottom-half --sampler ddim --steps 20 --jumps $jumps --jump-length 4 \
        --grid-only --idx "$OUT/inpainted-jumps$jumps.idx" --out "$OUT/inpaint-jumps$jumps" -q | tee -a "$OUT/summary.txt"
    score "$OUT/inpainted-jumps$jumps.idx" "$OUT/test-$J-labels.idx" "inpainted-$J-jumps$jumps"
  done
fi
if has img2img; then
  $T first "$MNIST/t10k-images-idx3-ubyte.gz" "$OUT/test-$M.idx" "$M"
  $T labels "$MNIST/t10k-labels-idx1-ubyte.gz" "$OUT/test-$M-labels.idx" "$M"
  for strength in 0.2 0.4 0.6 0.8 1.0; do
    echo "strength $strength" >> "$OUT/summary.txt"
    $D edit img2img --run "$RUN" --images "$OUT/test-$M.idx" --strength $strength --sampler ddim --steps 50 --grid-only \
        --idx "$OUT/img2img-$strength.idx" --out "$OUT/img2img-$strength" -q | tee -a "$OUT/summary.txt"
    score "$OUT/img2img-$strength.idx" "$OUT/test-$M-labels.idx" "img2img-$strength"
  done
fi
if has steer; then
  $T excluding "$MNIST/t10k-images-idx3-ubyte.gz" "$MNIST/t10k-labels-idx1-ubyte.gz" 8 "$OUT/not8-$M.idx" "$OUT/not8-$M-labels.idx" "$M"
  $T constant "$OUT/eights-$M.idx" "$M" 8
  $D edit img2img --run "$RUN" --images "$OUT/not8-$M.idx" --strength 0.6 --digit 8 --guidance 3 --sampler ddim --steps 50 --grid-only \
      --idx "$OUT/steered-8.idx" --out "$OUT/steer-8" -q | tee -a "$OUT/summary.txt"
  score "$OUT/steered-8.idx" "$OUT/eights-$M.idx" steered-to-8
  score "$OUT/steered-8.idx" "$OUT/not8-$M-labels.idx" steered-kept-original
fi
if has interpolate; then
  $T first "$MNIST/t10k-images-idx3-ubyte.gz" "$OUT/from.idx" 8
  python3 - "$MNIST/t10k-images-idx3-ubyte.gz" "$OUT/to.idx" <<'PY'
import sys; sys.path.insert(0, "scripts"); import idx_tools as t
shape, data = t.read(sys.argv[1]); size = shape[1] * shape[2]
t.write(sys.argv[2], [8, shape[1], shape[2]], data[8 * size:16 * size])
PY
  $D edit interpolate --run "$RUN" --images "$OUT/from.idx" --to "$OUT/to.idx" --frames 9 --gif "$OUT/interpolation.gif" \
      --out "$OUT/interpolate" -q | tee -a "$OUT/summary.txt"
  # The round trip of 500 test digits: each inverted and decoded (a path of two frames from the digit to itself).
  $D edit interpolate --run "$RUN" --images "$OUT/test-$J.idx" --to "$OUT/test-$J.idx" --frames 2 --grid-only \
      --out "$OUT/roundtrip" -q | tee -a "$OUT/summary.txt"
fi
cat "$OUT/summary.txt"
