#!/usr/bin/env bash
# Lays out Fashion-MNIST's training images as an image folder (one sub-folder per class, "0-t-shirt-top" to
# "9-ankle-boot", grey 28x28 PNGs), to check that `train --images` learns what `train --dataset fashion-mnist`
# learns. Usage: scripts/fashion-folder.sh OUT_DIR [IDX_DIR] (IDX_DIR: default Debian's dataset-fashion-mnist).
set -euo pipefail
out="${1:?usage: scripts/fashion-folder.sh OUT_DIR [IDX_DIR]}"
idx="${2:-/usr/share/datasets/fashion-mnist}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java "$here/IdxToFolder.java" "$idx/train-images-idx3-ubyte.gz" "$idx/train-labels-idx1-ubyte.gz" "$out" \
  t-shirt-top trouser pullover dress coat sandal shirt sneaker bag ankle-boot
