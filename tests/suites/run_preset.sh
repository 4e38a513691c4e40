#!/usr/bin/env bash
# Configures, builds (-j2) and tests one CMake preset of the source tree, timing
# each step. The dev preset registers a CTest test over it, so that the
# README's test command (`ctest --preset dev`, what .ci/run runs) runs it too:
#   sanitized_suite  run_preset.sh SRC fuzz   the test suite under ASan + UBSan and every
#                                             fuzz target, DXCHECK_FUZZ_SECONDS each, over
#                                             the instrumented library (clang)
# (`run_preset.sh SRC asan` does the same for the g++ ASan preset, by hand.)
# The fuzz preset needs clang and libFuzzer: without them the test is skipped
# (exit 77) on a developer's machine and fails under CI=true.
# usage: run_preset.sh SOURCE_DIR PRESET
set -uo pipefail
src=$1 preset=$2
cd "$src" || exit 1
log=build/$preset.log
mkdir -p build

if [ "$preset" = fuzz ]; then
  probe=$(mktemp -d)
  echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' > "$probe/p.cc"
  if ! clang++ -fsanitize=fuzzer,address,undefined "$probe/p.cc" -o "$probe/p" >"$probe/log" 2>&1; then
    cat "$probe/log" 2>/dev/null
    rm -rf "$probe"
    echo "run_preset: clang++ with libFuzzer is not installed (bash tools/install-deps.sh --test)"
    if [ "${CI:-}" = true ]; then exit 1; fi
    exit 77
  fi
  rm -rf "$probe"
fi

step() {  # step NAME COMMAND...: runs it, output to $log, prints its time
  local name=$1 start=$SECONDS
  shift
  echo "== $preset: $name: $*" >>"$log"
  if ! "$@" >>"$log" 2>&1; then
    tail -n 60 "$log"
    echo "run_preset: $preset: $name failed after $((SECONDS - start)) s (log: $src/$log)"
    exit 1
  fi
  echo "run_preset: $preset: $name $((SECONDS - start)) s"
}

: >"$log"
step configure cmake --preset "$preset"
step build cmake --build --preset "$preset" -j2
start=$SECONDS
ctest --preset "$preset"
rc=$?
echo "run_preset: $preset: test $((SECONDS - start)) s, exit $rc"
exit $rc
