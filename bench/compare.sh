#!/usr/bin/env bash
# Runs diffusion4j's benchmark and the PyTorch peer (../shared/notes/peer_unet_torch.py) one right after
# the other with the same thread count, then prints both and their ratio. Run it on an idle machine:
# anything else running can slow either side tenfold.
#
#   bench/compare.sh [THREADS] [more diffusion4j bench options...]   (e.g. --precision fp32,bf16)
#
# THREADS defaults to the number of cores (the peer's own default is 2). Results go to
# bench/results/<time>/ (diffusion4j.json, torch.json). Exits 1 when PyTorch is missing.
set -euo pipefail
# Debian's python3-torch installs into the system interpreter, which a pyenv python3 on PATH would hide.
PYTHON="${PYTHON:-/usr/bin/python3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads="${1:-$(nproc)}"
shift || true
peer="$here/../shared/notes/peer_unet_torch.py"
results="$here/bench/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results"

torch_missing=""
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  torch_missing="PyTorch is not installed for python3: apt-get install python3-torch (Debian's 1.13, as in docs/PERFORMANCE.md); only diffusion4j was measured"
  echo "WARNING: $torch_missing" >&2
elif [ ! -f "$peer" ]; then
  torch_missing="the peer script is missing: expected $peer"
  echo "WARNING: $torch_missing" >&2
fi

load="$(cut -d' ' -f1 /proc/loadavg)"
if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
  echo "WARNING: load average $load: this machine is not idle, the figures will not be comparable" >&2
fi

echo "== diffusion4j bench, $threads threads ==" >&2
# Batch sizes as the peer's: training 32 and 128, forward 100 and 1000; sampling is ours only.
"$here/diffusion4j" bench --threads "$threads" --train-batch 32,128 --forward-batches 100,1000 \
  --json "$results/diffusion4j.json" "$@"

if [ -n "$torch_missing" ]; then
  echo "ERROR: $torch_missing" >&2
  exit 1
fi

echo "== PyTorch peer, $threads threads ==" >&2
"$PYTHON" "$peer" "$threads" | tee "$results/torch.json"

"$PYTHON" - "$results/diffusion4j.json" "$results/torch.json" <<'PY'
import json, sys
reports = json.load(open(sys.argv[1]))["reports"]
peer = json.load(open(sys.argv[2]))
print(f"\n{'images/s':<36} {'diffusion4j':>12} {'PyTorch':>10} {'ratio':>7}")
for ours in reports:
    precision = ours["environment"].get("precision", "fp32")
    rows = [(f"training step, batch {t['batchSize']}", t["imagesPerSecond"]["median"], peer.get(f"train_img_s_bs{t['batchSize']}"))
            for t in ours["training"]]
    rows += [(f"denoiser forward, batch {t['batchSize']}", t["imagesPerSecond"]["median"], peer.get(f"forward_img_s_bs{t['batchSize']}"))
             for t in ours["forward"]]
    for name, mine, theirs in rows:
        ratio = f"{mine / theirs:.2f}" if theirs else "-"
        print(f"{name + ' (' + precision + ')':<36} {mine:>12.1f} {theirs if theirs else '-':>10} {ratio:>7}")
print(f"(matrix product reference: {reports[0]['matMulGflops']:.1f} GFLOP/s; parameters: ours {reports[0]['parameters']}, peer {peer['params']})")
PY
