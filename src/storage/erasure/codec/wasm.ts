// Loads the SIMD kernels (kernel.wat, assembled by scripts/build-wasm.mjs
// into the directory of this compiled file) and instantiates them. The module
// is compiled once per process; each codec gets its own instance, so its own
// memory: codecs never share scratch space.
import { readFile } from 'node:fs/promises';

/** Which binary runs: relaxed-simd (a bare pshufb per lookup) where the runtime has it, else simd. */
export type KernelVariant = 'relaxed-simd' | 'simd';

const FILES: Record<KernelVariant, string> = {
  'relaxed-simd': 'kernel-relaxed.wasm',
  simd: 'kernel.wasm',
};

/** The kernels' exports; see kernel.wat for the contract. */
export interface Kernel {
  readonly memory: WebAssembly.Memory;
  xor1(k: number, inPtrs: number, outPtrs: number, len: number): void;
  dot1(k: number, inPtrs: number, outPtrs: number, tables: number, len: number): void;
  dot2(k: number, inPtrs: number, outPtrs: number, tables: number, len: number): void;
  dot3(k: number, inPtrs: number, outPtrs: number, tables: number, len: number): void;
  dot4(k: number, inPtrs: number, outPtrs: number, tables: number, len: number): void;
}

// A deliberate per-process cache: the compiled kernel module. Compiling it
// costs milliseconds and it holds no state (each codec instantiates its own
// memory), so every store in the process shares the one compile.
let loaded: { module: WebAssembly.Module; variant: KernelVariant } | undefined;
let loading: Promise<void> | undefined;

async function readKernel(variant: KernelVariant): Promise<Uint8Array<ArrayBuffer>> {
  const url = new URL(FILES[variant], import.meta.url);
  try {
    // A copy, typed as backed by a plain ArrayBuffer, as WebAssembly.compile wants.
    return new Uint8Array(await readFile(url));
  } catch (err) {
    throw new Error(`erasure codec: cannot read ${url.pathname}; run \`npm run build\` (scripts/build-wasm.mjs)`, {
      cause: err,
    });
  }
}

/** Compiles one variant; rejects if this runtime cannot run it (relaxed SIMD before Node 22). */
export async function compileKernel(variant: KernelVariant): Promise<WebAssembly.Module> {
  const bytes = await readKernel(variant);
  if (!WebAssembly.validate(bytes)) throw new Error(`erasure codec: this runtime cannot run ${FILES[variant]}`);
  return WebAssembly.compile(bytes);
}

/** Loads and compiles the WASM module once per process; call before createReedSolomon. */
export function initCodec(): Promise<void> {
  loading ??= (async () => {
    // The relaxed binary is only faster, never different: prefer it when valid.
    for (const variant of ['relaxed-simd', 'simd'] as const) {
      try {
        loaded = { module: await compileKernel(variant), variant };
        return;
      } catch (err) {
        if (variant === 'simd') throw err;
      }
    }
  })().catch((err: unknown) => {
    loading = undefined; // let a later call retry, e.g. after a build
    throw err;
  });
  return loading;
}

/** The variant initCodec chose. */
export function kernelVariant(): KernelVariant {
  return loadedModule().variant;
}

function loadedModule(): { module: WebAssembly.Module; variant: KernelVariant } {
  if (loaded === undefined) throw new Error('erasure codec: call `await initCodec()` before createReedSolomon()');
  return loaded;
}

/** A fresh instance (with its own memory) of the module initCodec loaded, or of `module`. */
export function instantiateKernel(module: WebAssembly.Module = loadedModule().module): Kernel {
  const { exports } = new WebAssembly.Instance(module, {});
  const memory = exports['memory'];
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('erasure codec: kernel exports no memory');
  const fn = (name: string): ((...args: number[]) => void) => {
    const f = exports[name];
    if (typeof f !== 'function') throw new Error(`erasure codec: kernel exports no ${name}()`);
    return f as (...args: number[]) => void;
  };
  return { memory, xor1: fn('xor1'), dot1: fn('dot1'), dot2: fn('dot2'), dot3: fn('dot3'), dot4: fn('dot4') };
}
