#!/bin/sh
# Builds the scanner with and without SIMD into build/ (a prototype: see REPORT.md). AssemblyScript is not
# a dependency of the project; npx fetches the version the report measured.
set -e
cd "$(dirname "$0")"
ASC="npx -y -p assemblyscript@0.28.20 asc"
mkdir -p build
$ASC assembly/index.ts -o build/lane-simd.wasm -O3 --runtime stub --noAssert --memoryBase 18874368 --enable simd
$ASC assembly/index.ts -o build/lane-scalar.wasm -O3 --runtime stub --noAssert --memoryBase 18874368
ls -l build/*.wasm
