#!/usr/bin/env bash
# Issue 25: the time of each convolution of one forward pass at batch 100, diffusion4j (TensorFlow's oneDNN) beside
# the PyTorch peer (its own oneDNN), from oneDNN's verbose log; then each U-Net convolution shape alone in
# TensorFlow as NHWC (what the U-Net runs), NCHW, and patches plus one matrix product. Run on an idle machine.
#
#   bench/kernels.sh      (needs the built jar: ./diffusion4j --help once, and python3-torch for the peer)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/diffusion4j.jar"
[ -f "$jar" ] || { echo "error: $jar is missing; build it first (./diffusion4j --help)" >&2; exit 1; }
/usr/bin/python3 -c 'import torch' 2>/dev/null \
  || { echo "error: PyTorch is not installed for /usr/bin/python3: apt-get install python3-torch" >&2; exit 1; }
out="$(mktemp -d)"
export TF_CPP_MIN_LOG_LEVEL=2
ONEDNN_VERBOSE=1 java -jar "$jar" bench --forward-batches 100 --train-batch 0 --sample-count 0 --fld-images 0 \
    --matmul-sizes 64 --repeats 3 > "$out/ours.txt" 2>&1
ONEDNN_VERBOSE=1 DNNL_VERBOSE=1 /usr/bin/python3 "$here/bench/kernels/peer_forward.py" "$here/../shared/notes" > "$out/peer.txt" 2>&1
# The last forward pass of each: 28 convolutions; average per shape, in ms.
per_shape() {
  grep "exec,cpu,convolution" "$1" | tail -28 | awk -F, '{split($(NF-1), a, "_"); k = a[1] "_" a[2] "_" a[3]; t[k] += $NF; n[k]++}
      END {for (k in t) printf "%s %d %.3f\n", k, n[k], t[k] / n[k]}' | sort
}
echo "shape x count: diffusion4j ms, peer ms, ratio (kernels: $(grep "exec,cpu,convolution" "$out/ours.txt" | tail -1 | cut -d, -f6) against $(grep "exec,cpu,convolution" "$out/peer.txt" | tail -1 | cut -d, -f5))"
join <(per_shape "$out/ours.txt") <(per_shape "$out/peer.txt") | awk '{o += $2 * $3; p += $4 * $5; printf "%s x%d: %.2f %.2f %.1f\n", $1, $2, $3, $5, $3 / $5}
    END {printf "all 28 convolutions: %.1f ms against %.1f ms\n", o, p}'
java -cp "$jar" "$here/bench/kernels/ConvLayouts.java" 20 2>&1 | grep -v "^WARNING\|^I0000"
