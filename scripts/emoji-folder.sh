#!/usr/bin/env bash
# Lays out Google's Noto emoji (npm package emoji-datasource-google; artwork Apache-2.0, package MIT) as an
# image folder for `diffusion4j train --images`: one sub-folder per emoji.json category, 64x64 PNGs with
# transparency, skin-tone variants left out. Usage: scripts/emoji-folder.sh OUT_DIR [VERSION]
set -euo pipefail
out="${1:?usage: scripts/emoji-folder.sh OUT_DIR [VERSION]}"
version="${2:-16.0.0}"
# The digest npm's registry publishes for 16.0.0 (dist.integrity), checked so a changed tarball is noticed;
# for another version pass its dist.integrity in EMOJI_SHA512 (npm view emoji-datasource-google@V dist.integrity).
default_sha512="sha512-ZRexfzs7MVoLnmzZmNsO4TKhnAJp5D++Vm6PpUpH/jEQQlemp3l88CjZ+DoZ2faM9R4QxZkOPJCoT8DlPhfQ3A=="
expected_sha512="${EMOJI_SHA512:-$([ "$version" = 16.0.0 ] && echo "$default_sha512")}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
curl -fsSL -o "$work/package.tgz" "https://registry.npmjs.org/emoji-datasource-google/-/emoji-datasource-google-$version.tgz"
if [ -n "$expected_sha512" ]; then
  actual="$(openssl dgst -sha512 -binary "$work/package.tgz" | base64 -w0)"
  [ "sha512-$actual" = "$expected_sha512" ] || { echo "error: the tarball's digest is not $expected_sha512" >&2; exit 1; }
fi
tar -xzf "$work/package.tgz" -C "$work" package/emoji.json package/img/google/64 package/LICENSE
python3 - "$work/package" "$out" <<'PY'
import json, os, shutil, sys
package, out = sys.argv[1], sys.argv[2]
counts = {}
for emoji in json.load(open(os.path.join(package, "emoji.json"))):
    source = os.path.join(package, "img", "google", "64", emoji["image"])
    # "Component" holds the bare skin-tone and hair swatches: colour patches, not pictures.
    if not emoji.get("has_img_google") or not os.path.exists(source) or emoji["category"] == "Component":
        continue
    folder = emoji["category"].lower().replace(" & ", "-and-").replace(" ", "-")
    os.makedirs(os.path.join(out, folder), exist_ok=True)
    shutil.copyfile(source, os.path.join(out, folder, emoji["image"]))
    counts[folder] = counts.get(folder, 0) + 1
shutil.copyfile(os.path.join(package, "LICENSE"), os.path.join(out, "LICENSE.emoji-datasource"))
for folder, n in sorted(counts.items()):
    print(f"{n:5d} {folder}")
print(f"{sum(counts.values()):5d} images in {out}")
PY
