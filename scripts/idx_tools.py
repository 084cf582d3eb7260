#!/usr/bin/env python3
"""Small IDX helpers for the editing measurements (scripts/editing-eval.sh): subsets, half digits, constant labels, and the
nearest-top-half inpainting that estimates how often the top half can decide a digit.

Standard library only, except nearest_top (numpy). IDX files may be gzip-compressed (as MNIST ships); outputs are written uncompressed.
"""
import gzip
import struct
import sys


def read(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return list(shape), bytearray(data[4 + 4 * dims:])


def write(path, shape, payload):
    with open(path, "wb") as f:
        f.write(struct.pack(">BBBB", 0, 0, 0x08, len(shape)))
        f.write(struct.pack(">" + "I" * len(shape), *shape))
        f.write(bytes(payload))


def first(images, out, n):
    shape, data = read(images)
    size = shape[1] * shape[2]
    write(out, [n] + shape[1:], data[:n * size])


def half(images, out, n):
    """The first n images with their bottom half set to black: what the inpainting was given."""
    shape, data = read(images)
    h, w = shape[1], shape[2]
    data = data[:n * h * w]
    for i in range(n):
        for y in range(h // 2, h):
            start = i * h * w + y * w
            data[start:start + w] = bytes(w)
    write(out, [n, h, w], data)


def labels(source, out, n):
    shape, data = read(source)
    write(out, [n], data[:n])


def constant(out, n, value):
    write(out, [n], bytes([value]) * n)


def excluding(images, source_labels, digit, out_images, out_labels, n):
    """The first n images whose label is not digit, with their labels."""
    shape, data = read(images)
    _, lab = read(source_labels)
    size = shape[1] * shape[2]
    kept, kept_labels = bytearray(), bytearray()
    for i, label in enumerate(lab):
        if label != digit:
            kept += data[i * size:(i + 1) * size]
            kept_labels.append(label)
            if len(kept_labels) == n:
                break
    write(out_images, [len(kept_labels)] + shape[1:], kept)
    write(out_labels, [len(kept_labels)], kept_labels)


def nearest_top(images, train_images, train_labels, out_images, out_labels, n):
    """An oracle inpainter: each of the first n images keeps its top half and takes the bottom half of the training image whose
    top half is nearest (Euclidean); out_labels gets that training image's label."""
    import numpy as np
    shape, data = read(images)
    h, w = shape[1], shape[2]
    test = np.frombuffer(bytes(data[:n * h * w]), dtype=np.uint8).reshape(n, h, w)
    tshape, tdata = read(train_images)
    train = np.frombuffer(bytes(tdata), dtype=np.uint8).reshape(tshape[0], h, w)
    _, tlab = read(train_labels)
    top = h // 2
    a = test[:, :top].reshape(n, -1).astype(np.float32)
    b = train[:, :top].reshape(len(train), -1).astype(np.float32)
    b_norms = (b * b).sum(1)
    nearest = np.empty(n, dtype=np.int64)
    for start in range(0, n, 500):
        chunk = a[start:start + 500]
        distances = (chunk * chunk).sum(1)[:, None] - 2 * chunk @ b.T + b_norms[None, :]
        nearest[start:start + 500] = distances.argmin(1)
    out = test.copy()
    out[:, top:] = train[nearest, top:]
    write(out_images, [n, h, w], out.tobytes())
    write(out_labels, [n], bytes(tlab[i] for i in nearest))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "first":
        first(args[0], args[1], int(args[2]))
    elif command == "half":
        half(args[0], args[1], int(args[2]))
    elif command == "labels":
        labels(args[0], args[1], int(args[2]))
    elif command == "constant":
        constant(args[0], int(args[1]), int(args[2]))
    elif command == "nearest-top":
        nearest_top(args[0], args[1], args[2], args[3], args[4], int(args[5]))
    elif command == "excluding":
        excluding(args[0], args[1], int(args[2]), args[3], args[4], int(args[5]))
    else:
        sys.exit("unknown command " + command + "; use first, half, labels, constant, excluding or nearest-top")
