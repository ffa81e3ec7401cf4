;; GF(2^8) SIMD kernels for the Reed-Solomon codec (see ReedSolomon.ts).
;;
;; Every kernel computes, for byte offsets 0 <= o < len, some outputs as
;; GF(2^8) linear combinations of k inputs:
;;
;;   out_j[o] = XOR over i of  c(i, j) * in_i[o]
;;
;; Multiplying 16 bytes by a constant c uses the nibble-table technique
;; (the PSHUFB trick): c*x = c*(x & 15) XOR c*(x & 240), and each half is a
;; 16-entry table lookup, which i8x16.swizzle does for 16 lanes at once. A
;; coefficient therefore costs 32 bytes of tables: lo[n] = c*n, then
;; hi[n] = c*(n << 4). ReedSolomon.ts lays them out input by input:
;; the table pair for (input i, output j) of a kernel with R outputs starts at
;; tables + (i * R + j) * 32.
;;
;; Arguments, all byte addresses in this module's memory:
;;   k       number of inputs, >= 1
;;   inPtrs  k little-endian u32 addresses of the inputs
;;   outPtrs R u32 addresses of the outputs
;;   tables  k * R table pairs, as above
;;   len     bytes per shard to process; must be a multiple of 64 (callers pad
;;           their scratch buffers, and copy out only the bytes they need)
;;
;; Outputs are written, never read (no read-modify-write), and each 16-byte
;; column is finished in registers before it is stored, so every input byte
;; is loaded once per kernel call however many outputs there are. Four
;; outputs is the most that stays in registers on x64 (16 xmm registers, V8
;; keeps one as scratch); callers with more outputs call again per group.
;;
;; The build (scripts/build-wasm.mjs) also emits a copy using
;; i8x16.relaxed_swizzle, which V8 lowers to a bare pshufb: plain swizzle
;; must zero lanes whose index is >= 16, which costs an extra saturating add
;; per lookup. Our indices are always masked to 0..15, where both agree.
(module
  (memory (export "memory") 1 65536)

  ;; out0 = XOR of all inputs: the all-ones coefficient rows (parity 0 and
  ;; rebuilding one lost data shard from parity 0) need no multiply at all.
  ;; 64 bytes per step: the loop is load-bound, fewer iterations help.
  (func (export "xor1")
    (param $k i32) (param $inPtrs i32) (param $outPtrs i32) (param $len i32)
    (local $off i32) (local $i i32) (local $src i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (block $done
      (loop $column
        (br_if $done (i32.ge_u (local.get $off) (local.get $len)))
        ;; Start from input 0 rather than zero: one pass fewer.
        (local.set $src (i32.add (i32.load (local.get $inPtrs)) (local.get $off)))
        (local.set $a (v128.load offset=0 (local.get $src)))
        (local.set $b (v128.load offset=16 (local.get $src)))
        (local.set $c (v128.load offset=32 (local.get $src)))
        (local.set $d (v128.load offset=48 (local.get $src)))
        (local.set $i (i32.const 1))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $k)))
            (local.set $src
              (i32.add
                (i32.load (i32.add (local.get $inPtrs) (i32.shl (local.get $i) (i32.const 2))))
                (local.get $off)))
            (local.set $a (v128.xor (local.get $a) (v128.load offset=0 (local.get $src))))
            (local.set $b (v128.xor (local.get $b) (v128.load offset=16 (local.get $src))))
            (local.set $c (v128.xor (local.get $c) (v128.load offset=32 (local.get $src))))
            (local.set $d (v128.xor (local.get $d) (v128.load offset=48 (local.get $src))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $row)))
        (local.set $src (i32.add (i32.load (local.get $outPtrs)) (local.get $off)))
        (v128.store offset=0 (local.get $src) (local.get $a))
        (v128.store offset=16 (local.get $src) (local.get $b))
        (v128.store offset=32 (local.get $src) (local.get $c))
        (v128.store offset=48 (local.get $src) (local.get $d))
        (local.set $off (i32.add (local.get $off) (i32.const 64)))
        (br $column))))

  ;; The dotR kernels share one shape; only the number of accumulators
  ;; differs. Per 16-byte column: zero the accumulators, then for each input
  ;; load 16 bytes, split them into low and high nibbles (there is no 8-bit
  ;; shift, so shift 16-bit lanes and mask), and XOR two lookups per output
  ;; into its accumulator.

  (func (export "dot1")
    (param $k i32) (param $inPtrs i32) (param $outPtrs i32) (param $tables i32) (param $len i32)
    (local $off i32) (local $i i32) (local $src i32) (local $t i32)
    (local $mask v128) (local $v v128) (local $lo v128) (local $hi v128)
    (local $a0 v128)
    (local.set $mask (i8x16.splat (i32.const 15)))
    (block $done
      (loop $column
        (br_if $done (i32.ge_u (local.get $off) (local.get $len)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $i (i32.const 0))
        (local.set $t (local.get $tables))
        (loop $row
          (local.set $src
            (i32.add
              (i32.load (i32.add (local.get $inPtrs) (i32.shl (local.get $i) (i32.const 2))))
              (local.get $off)))
          (local.set $v (v128.load (local.get $src)))
          (local.set $lo (v128.and (local.get $v) (local.get $mask)))
          (local.set $hi (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $mask)))
          (local.set $a0 (v128.xor (local.get $a0) (v128.xor
            (i8x16.swizzle (v128.load offset=0 (local.get $t)) (local.get $lo))
            (i8x16.swizzle (v128.load offset=16 (local.get $t)) (local.get $hi)))))
          (local.set $t (i32.add (local.get $t) (i32.const 32)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $row (i32.lt_u (local.get $i) (local.get $k))))
        (v128.store (i32.add (i32.load offset=0 (local.get $outPtrs)) (local.get $off)) (local.get $a0))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $column))))

  (func (export "dot2")
    (param $k i32) (param $inPtrs i32) (param $outPtrs i32) (param $tables i32) (param $len i32)
    (local $off i32) (local $i i32) (local $src i32) (local $t i32)
    (local $mask v128) (local $v v128) (local $lo v128) (local $hi v128)
    (local $a0 v128) (local $a1 v128)
    (local.set $mask (i8x16.splat (i32.const 15)))
    (block $done
      (loop $column
        (br_if $done (i32.ge_u (local.get $off) (local.get $len)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $i (i32.const 0))
        (local.set $t (local.get $tables))
        (loop $row
          (local.set $src
            (i32.add
              (i32.load (i32.add (local.get $inPtrs) (i32.shl (local.get $i) (i32.const 2))))
              (local.get $off)))
          (local.set $v (v128.load (local.get $src)))
          (local.set $lo (v128.and (local.get $v) (local.get $mask)))
          (local.set $hi (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $mask)))
          (local.set $a0 (v128.xor (local.get $a0) (v128.xor
            (i8x16.swizzle (v128.load offset=0 (local.get $t)) (local.get $lo))
            (i8x16.swizzle (v128.load offset=16 (local.get $t)) (local.get $hi)))))
          (local.set $a1 (v128.xor (local.get $a1) (v128.xor
            (i8x16.swizzle (v128.load offset=32 (local.get $t)) (local.get $lo))
            (i8x16.swizzle (v128.load offset=48 (local.get $t)) (local.get $hi)))))
          (local.set $t (i32.add (local.get $t) (i32.const 64)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $row (i32.lt_u (local.get $i) (local.get $k))))
        (v128.store (i32.add (i32.load offset=0 (local.get $outPtrs)) (local.get $off)) (local.get $a0))
        (v128.store (i32.add (i32.load offset=4 (local.get $outPtrs)) (local.get $off)) (local.get $a1))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $column))))

  (func (export "dot3")
    (param $k i32) (param $inPtrs i32) (param $outPtrs i32) (param $tables i32) (param $len i32)
    (local $off i32) (local $i i32) (local $src i32) (local $t i32)
    (local $mask v128) (local $v v128) (local $lo v128) (local $hi v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128)
    (local.set $mask (i8x16.splat (i32.const 15)))
    (block $done
      (loop $column
        (br_if $done (i32.ge_u (local.get $off) (local.get $len)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $i (i32.const 0))
        (local.set $t (local.get $tables))
        (loop $row
          (local.set $src
            (i32.add
              (i32.load (i32.add (local.get $inPtrs) (i32.shl (local.get $i) (i32.const 2))))
              (local.get $off)))
          (local.set $v (v128.load (local.get $src)))
          (local.set $lo (v128.and (local.get $v) (local.get $mask)))
          (local.set $hi (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $mask)))
          (local.set $a0 (v128.xor (local.get $a0) (v128.xor
            (i8x16.swizzle (v128.load offset=0 (local.get $t)) (local.get $lo))
            (i8x16.swizzle (v128.load offset=16 (local.get $t)) (local.get $hi)))))
          (local.set $a1 (v128.xor (local.get $a1) (v128.xor
            (i8x16.swizzle (v128.load offset=32 (local.get $t)) (local.get $lo))
            (i8x16.swizzle (v128.load offset=48 (local.get $t)) (local.get $hi)))))
          (local.set $a2 (v128.xor (local.get $a2) (v128.xor
            (i8x16.swizzle (v128.load offset=64 (local.get $t)) (local.get $lo))
            (i8x16.swizzle (v128.load offset=80 (local.get $t)) (local.get $hi)))))
          (local.set $t (i32.add (local.get $t) (i32.const 96)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $row (i32.lt_u (local.get $i) (local.get $k))))
        (v128.store (i32.add (i32.load offset=0 (local.get $outPtrs)) (local.get $off)) (local.get $a0))
        (v128.store (i32.add (i32.load offset=4 (local.get $outPtrs)) (local.get $off)) (local.get $a1))
        (v128.store (i32.add (i32.load offset=8 (local.get $outPtrs)) (local.get $off)) (local.get $a2))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $column))))

  (func (export "dot4")
    (param $k i32) (param $inPtrs i32) (param $outPtrs i32) (param $tables i32) (param $len i32)
    (local $off i32) (local $i i32) (local $src i32) (local $t i32)
    (local $mask v128) (local $v v128) (local $lo v128) (local $hi v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $mask (i8x16.splat (i32.const 15)))
    (block $done
      (loop $column
        (br_if $done (i32.ge_u (local.get $off) (local.get $len)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $i (i32.const 0))
        (local.set $t (local.get $tables))
        (loop $row
          (local.set $src
            (i32.add
              (i32.load (i32.add (local.get $inPtrs) (i32.shl (local.get $i) (i32.const 2))))
              (local.get $off)))
          (local.set $v (v128.load (local.get $src)))
          (local.set $lo (v128.and (local.get $v) (local.get $mask)))
          (local.set $hi (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $mask)))
          (local.set $a0 (v128.xor (local.get $a0) (v128.xor
            (i8x16.swizzle (v128.load offset=0 (local.get $t)) (local.get $lo))
            (i8x16.swizzle (v128.load offset=16 (local.get $t)) (local.get $hi)))))
          (local.set $a1 (v128.xor (local.get $a1) (v128.xor
            (i8x16.swizzle (v128.load offset=32 (local.get $t)) (local.get $lo))
            (i8x16.swizzle (v128.load offset=48 (local.get $t)) (local.get $hi)))))
          (local.set $a2 (v128.xor (local.get $a2) (v128.xor
            (i8x16.swizzle (v128.load offset=64 (local.get $t)) (local.get $lo))
            (i8x16.swizzle (v128.load offset=80 (local.get $t)) (local.get $hi)))))
          (local.set $a3 (v128.xor (local.get $a3) (v128.xor
            (i8x16.swizzle (v128.load offset=96 (local.get $t)) (local.get $lo))
            (i8x16.swizzle (v128.load offset=112 (local.get $t)) (local.get $hi)))))
          (local.set $t (i32.add (local.get $t) (i32.const 128)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $row (i32.lt_u (local.get $i) (local.get $k))))
        (v128.store (i32.add (i32.load offset=0 (local.get $outPtrs)) (local.get $off)) (local.get $a0))
        (v128.store (i32.add (i32.load offset=4 (local.get $outPtrs)) (local.get $off)) (local.get $a1))
        (v128.store (i32.add (i32.load offset=8 (local.get $outPtrs)) (local.get $off)) (local.get $a2))
        (v128.store (i32.add (i32.load offset=12 (local.get $outPtrs)) (local.get $off)) (local.get $a3))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $column))))
)
