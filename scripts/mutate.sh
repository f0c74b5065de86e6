#!/usr/bin/env bash
# `npm run mutate -- [files, file.ts:from-to, folders or globs...] [--tests <globs>] [-- stryker options]`:
# mutation testing (stryker.config.mjs). A folder becomes <folder>/**/*.ts; with no target, runtime/, infra/
# and policies/. The tests run are those mirroring each target (x/y.ts: test/x/y*.test.ts; folder
# x: test/x/**/*.test.ts) unless --tests gives comma-separated globs. Prints the score per file;
# HTML report in reports/mutation/index.html (git-ignored). With --sample <n> [--seed <s>] (files and
# folders only), runs a seeded random sample of the mutants and prints estimated scores with 95% intervals.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
  echo "Example: npm run mutate -- policies runtime/core/objectNames.ts -- --concurrency 2"
  echo "Sampling: npm run mutate -- --sample 120 --seed 1 runtime/analysis (details: npm run mutate -- --sample --help)"
  exit 0
fi

mutate=()
tests=()
explicit_tests=""
sample_args=()
targets=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  if [[ "$1" == "--tests" ]]; then
    [[ $# -ge 2 ]] || { echo "mutate: --tests needs comma-separated globs" >&2; exit 2; }
    explicit_tests="$2"
    shift 2
    continue
  fi
  if [[ "$1" == "--sample" || "$1" == "--seed" ]]; then
    [[ $# -ge 2 ]] || { echo "mutate: $1 needs a number" >&2; exit 2; }
    sample_args+=("$1" "$2")
    shift 2
    continue
  fi
  if [[ "$1" == "--dry-run" ]]; then sample_args+=("$1"); shift; continue; fi
  target="${1%/}"
  targets+=("$target")
  if [[ -d "$target" ]]; then
    mutate+=("$target/**/*.ts")
    tests+=("test/$target/**/*.test.ts")
  elif [[ -f "${target%%:*}" && "${target%%:*}" == *.ts ]]; then
    # file.ts, or file.ts:from-to for a range of lines
    mutate+=("$target")
    file="${target%%:*}"
    tests+=("test/${file%.ts}*.test.ts")
  elif [[ "$target" == *"*"* ]]; then
    mutate+=("$target")
  else
    echo "mutate: $target is neither a .ts file, a folder nor a glob" >&2
    exit 2
  fi
  shift
done
[[ "${1:-}" == "--" ]] && shift

args=()
if [[ ${#mutate[@]} -gt 0 ]]; then args+=(--mutate "$(IFS=,; echo "${mutate[*]}")"); fi
if [[ -n "$explicit_tests" ]]; then export PIAA_MUTATE_TESTS="$explicit_tests"
elif [[ ${#tests[@]} -gt 0 ]]; then export PIAA_MUTATE_TESTS="$(IFS=,; echo "${tests[*]}")"
fi
if [[ ${#sample_args[@]} -gt 0 ]]; then
  exec npx tsx scripts/mutationSample/main.ts "${sample_args[@]}" "${targets[@]}" -- "$@"
fi
exec npx stryker run stryker.config.mjs "${args[@]}" "$@"
