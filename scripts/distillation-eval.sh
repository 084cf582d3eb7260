#!/usr/bin/env bash
# Issue 37's measurements: a teacher's own samplers, the training-free few-step samplers and the distilled students, scored with
# the MNIST LeNet-5 (FLD against the test set; for a conditional run also the share LeNet-5 reads as the asked-for digit).
# usage: scripts/distillation-eval.sh TEACHER STUDENT LENET OUTDIR [STAGES]   (STAGES: any of teacher free students; default all)
# HEADLINE (10000) images for the headline rows, CURVE (2000) for the curves; a conditional teacher samples with GUIDANCE (3).
# Runs $D (default ./diffusion4j); MNIST from $MNIST (default ../shared/mnist). Every figure lands in OUTDIR/*.json and
# OUTDIR/summary.md, one table row per evaluation.
set -euo pipefail
TEACHER=$1; STUDENT=$2; LENET=$3; OUT=$4; STAGES=${5:-"teacher free students"}
MNIST=${MNIST:-../shared/mnist}
HEADLINE=${HEADLINE:-10000}; CURVE=${CURVE:-2000}; GUIDANCE=${GUIDANCE:-3}
D=${D:-./diffusion4j}
mkdir -p "$OUT"
export TF_CPP_MIN_LOG_LEVEL=2
has() { [[ " $STAGES " == *" $1 "* ]]; }
conditional=$(grep -q '"classes" : [1-9]' "$TEACHER/model.json" && echo yes || echo no)
guided=""; [ "$conditional" = yes ] && guided="--guidance $GUIDANCE"
[ -f "$OUT/summary.md" ] || echo "| model | sampler | denoiser calls | images | FLD | on-label | seconds |" > "$OUT/summary.md"
score() { # score NAME RUN COUNT CALLS [sampler options...]
  local name=$1 run=$2 count=$3 calls=$4; shift 4
  $D evaluate --run "$run" --count "$count" --classifier "$LENET" --data "$MNIST" --offline -q --out "$OUT/$name.json" "$@" > "$OUT/$name.log"
  python3 - "$OUT/$name.json" "$name" "$calls" >> "$OUT/summary.md" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); g = r["rows"][2]
label = f'{100 * r["classScores"][0]["accuracy"]:.2f}%' if r.get("classScores") else "-"
sampler = r["sampler"] + (f' w={r["guidance"]:g}' if r.get("guidance") else "")
print(f'| {sys.argv[2]} | {sampler} | {sys.argv[3]} | {r["count"]} | {g["fld"]:.2f} | {label} | {r["generationSeconds"]:.0f} |')
PY
  tail -1 "$OUT/summary.md"
}
if has teacher; then
  if [ "$conditional" = yes ]; then
    # The issue's comparison for a conditional teacher is DDIM-20 at the guidance distilled; DDIM-100 (the path the student
    # learns, twice the calls on a doubled batch) on the curve's count.
    score teacher-ddim20 "$TEACHER" "$HEADLINE" 20 --sampler ddim --steps 20 $guided
    score teacher-ddim100 "$TEACHER" "$CURVE" 100 --sampler ddim --steps 100 $guided
  else
    score teacher-ddim100 "$TEACHER" "$HEADLINE" 100 --sampler ddim --steps 100
    score teacher-ddpm "$TEACHER" "$HEADLINE" 100 --sampler ddpm
  fi
fi
if has free; then
  for sampler in ddim dpm++2m dpm++3m; do
    for calls in 1 2 4 8; do
      score "free-$sampler-$calls" "$TEACHER" "$CURVE" "$calls" --sampler "$sampler" --steps "$calls" $guided
    done
  done
fi
if has students; then
  for calls in 8 4 2 1; do
    [ -d "$STUDENT/rounds/steps-$calls" ] && score "student-$calls" "$STUDENT/rounds/steps-$calls" "$CURVE" "$calls"
  done
  [ -d "$STUDENT/rounds/steps-4" ] && score student-4-headline "$STUDENT/rounds/steps-4" "$HEADLINE" 4
fi
