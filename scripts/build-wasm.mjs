// Assembles the erasure codec's hand-written WebAssembly text into binaries
// next to where tsc puts the compiled loader (dist/src/.../codec/ for the
// product, dist-test/src/.../codec/ for the tests' copy), which finds them
// through its own import.meta.url. Run by `npm run build` before
// tsc, so the binaries exist even when tsc reports errors elsewhere.
//
// Two binaries from one source: kernel.wasm (SIMD128, runs on Node 20) and
// kernel-relaxed.wasm, the same code with i8x16.relaxed_swizzle, which the
// loader prefers where the runtime accepts it (Node 22+). The kernels only
// ever look up indices 0..15, where the two instructions agree.
//
// wabt is the WebAssembly Binary Toolkit compiled to JavaScript: a
// devDependency with no install script and no native code.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const codecDir = 'src/storage/erasure/codec';
const source = join(root, codecDir, 'kernel.wat');
const outDirs = [join(root, 'dist', codecDir), join(root, 'dist-test', codecDir)];

const wabt = await wabtInit();
const text = readFileSync(source, 'utf8');

/** Assembles WAT text to a validated binary. */
function assemble(name, wat, features) {
  const module = wabt.parseWat(name, wat, features);
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

const swizzles = text.match(/\bi8x16\.swizzle\b/g)?.length ?? 0;
if (swizzles === 0) throw new Error(`${source}: no i8x16.swizzle found; build-wasm.mjs is out of date`);
const relaxedText = text.replace(/\bi8x16\.swizzle\b/g, 'i8x16.relaxed_swizzle');

const kernel = assemble('kernel.wat', text, { simd: true });
const relaxed = assemble('kernel-relaxed.wat', relaxedText, { simd: true, relaxed_simd: true });
for (const outDir of outDirs) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'kernel.wasm'), kernel);
  writeFileSync(join(outDir, 'kernel-relaxed.wasm'), relaxed);
}
