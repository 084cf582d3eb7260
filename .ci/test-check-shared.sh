#!/usr/bin/env bash
# Tests .ci/check-shared alone, on folders built here: it must pass a complete shared folder, refuse one that lacks
# anything with exit 1 and one line naming what is missing, and list every model the Java tests open.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
check="$here/check-shared"
temp="$(mktemp -d)"
trap 'rm -rf "$temp"' EXIT
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# $temp/NAME: a shared folder holding everything check-shared --list names, less the paths given.
build() {
  local dir="$temp/$1"; shift
  rm -rf "$dir"
  mkdir -p "$dir"
  while read -r path; do
    case "$path" in
      */) mkdir -p "$dir/$path" ;;
      *) mkdir -p "$(dirname "$dir/$path")"; : > "$dir/$path" ;;
    esac
  done < <("$check" --list)
  for gone in "$@"; do
    rm -rf "${dir:?}/$gone"
  done
}

# expect NAME CODE [NAMED...] [--not NOT_NAMED...]: check-shared on $temp/NAME exits CODE; on failure its stderr is one
# line that names each NAMED and none of NOT_NAMED.
expect() {
  local name="$1" code="$2"; shift 2
  local got=0 err
  err="$("$check" "$temp/$name" 2>&1 >/dev/null)" || got=$?
  [ "$got" = "$code" ] || fail "$name: exit $got, expected $code ($err)"
  if [ "$code" = 0 ]; then
    [ -z "$err" ] || fail "$name: passed but said: $err"
    return
  fi
  [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "$name: expected one line, got: $err"
  local negate=0
  for word in "$@"; do
    if [ "$word" = --not ]; then negate=1; continue; fi
    if [ $negate = 0 ]; then
      [[ "$err" == *"$word"* ]] || fail "$name: the message does not name $word: $err"
    else
      [[ "$err" != *"$word"* ]] || fail "$name: the message names $word, which is there: $err"
    fi
  done
}

# Seeds and notes are read by no test: a folder without them is complete.
build complete
expect complete 0

build empty mnist models
expect empty 1 "mnist/" "models/"

build no-models models
expect no-models 1 "models/" --not "mnist/"

build no-mnist mnist
expect no-mnist 1 "mnist/" --not "models/"

build one-model-gone models/mnist-cnn-keras3-export
expect one-model-gone 1 "models/mnist-cnn-keras3-export/" --not "mnist/" "models/fashion"

build one-file-gone mnist/t10k-labels-idx1-ubyte.gz
expect one-file-gone 1 "mnist/t10k-labels-idx1-ubyte.gz" --not "mnist/train" "models/"

# Unpacked MNIST files do as well as the gzipped ones (TestData reads either).
build unpacked
for f in "$temp"/unpacked/mnist/*.gz; do mv "$f" "${f%.gz}"; done
expect unpacked 0

[ "$("$check" "$temp/absent" 2>&1 >/dev/null)" != "" ] || fail "a shared folder that does not exist passed"

# Every model a Java test opens by name must be on the list, or a new test could be skipped in CI unnoticed.
listed="$("$check" --list)"
opened="$( (grep -rhoE '(shared|model)\("[A-Za-z0-9_.-]+"\)|"models/[A-Za-z0-9_.-]+' "$here/.." --include='*Test.java' || true) \
  | sed -E 's/^(shared|model)\("//; s/"\)$//; s/^"models\///' | sort -u)"
[ -n "$opened" ] || fail "found no model names in the Java tests; the pattern above is out of date"
for model in $opened; do
  grep -qxF "models/$model/" <<<"$listed" || fail "the tests open models/$model, which check-shared does not require"
done

if [ $failures -gt 0 ]; then
  echo "test-check-shared: $failures failure(s)" >&2
  exit 1
fi
echo "test-check-shared: ok"
