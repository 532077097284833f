// wasm-opt -Oz --converge --strip-producers --strip-target-features over many modules in one
// process: the lazy chunks of the bundle are hundreds of small modules, and starting binaryen (a
// 10 MB module compiled by node) for each one cost more than optimising it.
// Usage: node batch.mjs OUT_DIR FILE.wasm...
import binaryen from "binaryen";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const [outDir, ...files] = process.argv.slice(2);
const F = binaryen.Features;
// The features the CLI enables with --enable-bulk-memory (with bulk-memory-opt), -nontrapping-float-to-int,
// -sign-ext, -mutable-globals, -reference-types (with call-indirect-overlong) and -multivalue.
const features = F.MutableGlobals | F.NontrappingFPToInt | F.BulkMemory | F.BulkMemoryOpt | F.SignExt |
  F.ReferenceTypes | F.CallIndirectOverlong | F.Multivalue;
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
for (const file of files) {
  const module = binaryen.readBinary(readFileSync(file));
  module.setFeatures(features);
  // --strip-producers --strip-target-features: a browser reads neither section, and a page fetches
  // up to a hundred chunks, each compressed on its own (12 KB as transferred on the hub).
  module.runPasses(["strip-producers", "strip-target-features"]);
  // --converge: run the pipeline again while it still makes the module smaller.
  let best = module.emitBinary();
  for (;;) {
    module.optimize();
    const next = module.emitBinary();
    if (next.length >= best.length) break;
    best = next;
  }
  if (!module.validate()) throw new Error(`${file}: invalid after optimisation`);
  writeFileSync(join(outDir, basename(file)), best);
  module.dispose();
}
