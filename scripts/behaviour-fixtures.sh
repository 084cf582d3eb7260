#!/usr/bin/env bash
# Fixtures for issue 33: runs, exports and sample grids made with a given jar, so behaviour can be compared.
# usage: scripts/behaviour-fixtures.sh JAR OUTDIR   (trains into OUTDIR/runs, samples the runs in OUTDIR/runs or in RUNS_FROM if set)
set -uo pipefail
JAR=$1; OUT=$2; mkdir -p $OUT
export TF_CPP_MIN_LOG_LEVEL=2
J="java -jar $JAR"
D="--data ${MNIST:-../shared/mnist}"
R=${RUNS_FROM:-$OUT/runs}
if [ -z "${RUNS_FROM:-}" ]; then
$J train $D --run $R/demo --preset demo --limit 4000 --epochs 1 --no-sample -q --tensorboard-images 0 > $OUT/demo.log 2>&1
$J train $D --run $R/cond --preset demo --limit 3000 --epochs 1 --conditional --no-sample -q --no-tensorboard > $OUT/cond.log 2>&1
$J train $D --run $R/dit --model dit --limit 800 --epochs 1 --no-sample -q --no-tensorboard > $OUT/dit.log 2>&1
$J train $D --run $R/vit --model vit --limit 60 --no-sample -q --no-tensorboard > $OUT/vit.log 2>&1
$J export --run $R/demo --base $OUT/exports --name demo > $OUT/export.log 2>&1
$J export --run $R/cond --base $OUT/exports --name cond >> $OUT/export.log 2>&1
fi
S="--count 16 --seed 7 --batch-size 16 -q"
$J sample --run $R/demo $S --sampler ddpm --out $OUT/demo-ddpm.png > $OUT/s.log 2>&1
$J sample --run $R/demo $S --sampler ddim --steps 10 --out $OUT/demo-ddim.png >> $OUT/s.log 2>&1
$J sample --run $R/demo $S --sampler ddim --steps 10 --eta 1 --out $OUT/demo-ddim-eta1.png >> $OUT/s.log 2>&1
$J sample --run $R/demo $S --sampler dpm++2m --steps 10 --out $OUT/demo-dpm.png >> $OUT/s.log 2>&1
$J sample --run $R/cond $S --sampler ddim --steps 10 --digit 3 --out $OUT/cond-ddim.png >> $OUT/s.log 2>&1
$J sample --run $R/cond --count 20 --seed 7 --batch-size 16 -q --sampler ddim --steps 10 --out $OUT/cond-rows.png >> $OUT/s.log 2>&1
$J sample --run $R/dit $S --sampler ddim --steps 10 --out $OUT/dit-ddim.png >> $OUT/s.log 2>&1
$J sample --run $R/vit $S --sampler stepwise --steps 20 --step-size 1.5 --out $OUT/vit-stepwise.png >> $OUT/s.log 2>&1
$J sample --run $R/vit $S --sampler ddim --steps 10 --out $OUT/vit-ddim.png >> $OUT/s.log 2>&1
EXP=${EXPORTS_FROM:-$OUT/exports}
$J sample-imported $EXP/demo/1 --count 16 --seed 7 --batch-size 16 --sampler ddim --steps 10 --out $OUT/imp-demo.png >> $OUT/s.log 2>&1
$J sample-imported $EXP/cond/1 --count 16 --seed 7 --batch-size 16 --sampler ddim --steps 10 --digit 5 --out $OUT/imp-cond.png >> $OUT/s.log 2>&1
echo finished
