/**
 * Host side of the fast CPU GEMM: packs strided f32 operands into the kernel's panels in WebAssembly memory,
 * runs the SIMD micro-kernel (gemm-kernel.ts) on this thread or split over a pool of workers that share the
 * memory, and writes (or adds) the result back into a strided view (a row-major output accumulated with alpha 1 is
 * copied into the kernel's C first and the kernel's sums start from it: no add pass).
 *
 *   out[m, n] (= or +=) alpha · Σ_k A[m, k] · B[k, n]      for m < M, n < N, k < K
 *
 * Operands are views { data, offset, rowStride, colStride }: element (i, j) is data[offset + i·rowStride +
 * j·colStride], so transposes and per-head slices of attention need no copies beyond the packing. A row-major A
 * (colStride 1: activations, head slices) is not packed at all: its rows are copied as they are (one copy when
 * contiguous) and the `gemmRows` kernel reads them through one pointer per row; a row-major B of ≤ IN_PLACE_K rows
 * that is not frozen likewise (the kernel's ldk steps down its rows). Panel edges
 * are zero-padded (any M, N, K ≥ 1). Sums are f32 (not the reference's float64): results agree with the
 * reference ops within float32 rounding, not bit for bit. Large N is processed in column chunks so the scratch
 * stays under SCRATCH_BYTES.
 *
 * Threads (optional, injected): `spawnWorker(source, init)` starts a worker running `source` (a JS function
 * expression, called with `init`): Node's worker_threads (train/node-threads.ts) or a browser Web Worker when
 * crossOriginIsolated. Workers share the WebAssembly.Memory (shared: true) and a control SharedArrayBuffer;
 * a split call is cut into chunks of blocks that the caller and the workers claim atomically, and the caller
 * blocks in Atomics.wait until the claimed ones finish, so every op stays synchronous like the reference and a
 * worker the OS has not scheduled costs nothing. Each block is computed by one kernel call in a fixed order, so
 * results do not depend on the thread count or on who ran which chunk.
 * Tasks: the same pool also runs `tasks(kind, n, …)`, whole jobs of plain JS on copies in the shared memory that
 * the caller made via `reserve` (attention per head, loss rows, SwiGLU ranges: attention-tasks.ts, losses.ts,
 * pointwise.ts); the task functions are serialised into the workers with `workerMain`, and a task's outputs do not
 * depend on the thread that ran it.
 * Frozen weights: `freeze(data)` registers an array the caller will not write until the returned release is
 * called (a LoRA run's base model); a B operand inside it is packed once per (view, K, N) into a cache kept in the
 * memory below the per-call scratch (up to CACHE_BYTES; beyond that, packed per call as before), so the frozen
 * base's forward (W^T) and input-gradient (W) panels are not rebuilt every step. Same panels, same kernel calls:
 * results are bit-identical with and without the cache.
 * Failures: a worker whose chunk or task throws records the error in the control words and counts the chunk done,
 * so the waiting caller wakes and throws `pool worker N failed: …`; a worker that ends otherwise is reported by
 * the spawner's `onExit` (Node: its 'error' / 'exit' events, delivered between ops). Either way the pool is broken
 * from then on: every later threaded call throws the same error instead of waiting for the worker (a hang before).
 * Non-goals: async dispatch, detecting writes to frozen data, a worker killed while the caller waits on it (no
 * event reaches a thread blocked in Atomics.wait). No Node APIs.
 */
import { attentionTask, packPanels } from './attention-tasks';
import { causalLmLossRows } from './losses';
import { rmsnormTask, swigluTask } from './pointwise';
import { gemmModuleBytes, MEMORY_MAX_PAGES, MR, NR, relaxedSimdSupported, UNROLL } from './gemm-kernel';

/** A strided f32 matrix view: element (i, j) = data[offset + i·rowStride + j·colStride]. */
export interface MatView {
  data: Float32Array;
  offset: number;
  rowStride: number;
  colStride: number;
}

/** Row-major [rows, cols] view of `data` from `offset`. */
export function rowMajor(data: Float32Array, cols: number, offset = 0): MatView {
  return { data, offset, rowStride: cols, colStride: 1 };
}

/** The transpose of a view (no copy). */
export function transposed(v: MatView): MatView {
  return { data: v.data, offset: v.offset, rowStride: v.colStride, colStride: v.rowStride };
}

/** What a worker receives: the kernel bytes, the shared memory, the control words and its slot. */
export interface GemmWorkerInit {
  bytes: Uint8Array<ArrayBuffer>;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  index: number;
}

/**
 * Starts one worker running `source` (a JS function expression) with `init`; the pool stops it via `control`.
 * `onExit(reason)`: call it when the worker fails or ends other than by the pool's stop (the pool then fails).
 */
export type SpawnWorker = (source: string, init: GemmWorkerInit, onExit?: (reason: string) => void) => void;

export interface FastGemmOptions {
  threads?: number; // total threads including the caller (default 1; > 1 needs spawnWorker)
  spawnWorker?: SpawnWorker;
  /** false: the caller only waits and the workers compute every chunk of a split call (tests use it to make sure the workers' path ran). */
  callerWorks?: boolean;
  /** Fused multiply-adds (f32x4.relaxed_madd): 'auto' (default) when the engine validates relaxed SIMD, or forced off/on. */
  relaxedSimd?: boolean | 'auto';
}

/** The fast GEMM engine: one WebAssembly instance (plus workers), reused by every op. */
export interface FastGemm {
  readonly threads: number;
  /** Whether the kernel uses relaxed SIMD fused multiply-adds. */
  readonly relaxedSimd: boolean;
  gemm(M: number, N: number, K: number, A: MatView, B: MatView, out: MatView, accumulate: boolean, alpha?: number): void;
  /**
   * Memory for `floats` floats above the frozen cache (the per-call scratch: valid until the next gemm or tasks
   * call writes it): the current heap view and the float index where the region starts.
   */
  reserve(floats: number): { heap: Float32Array; at: number };
  /** The most floats `reserve` may be asked for (the per-call scratch's size; with the frozen cache under the memory maximum). */
  readonly taskScratchFloats: number;
  /**
   * Run tasks 0..n-1 of `kind` (1, 2 attention, 3 loss rows, 4, 5 SwiGLU, 6, 7 RMSNorm) on operands the caller put in the
   * memory; args go to control words 16.. (attention-tasks.ts), `scale` to the f64 argument. Synchronous; split
   * over the pool when `work` (multiply-adds) is worth waking it.
   */
  tasks(kind: number, n: number, args: ArrayLike<number>, scale: number, work: number): void;
  /** Mark `data` frozen until the returned function is called (see above); releasing drops the packed cache. */
  freeze(data: Float32Array): () => void;
  /** Bytes of packed frozen panels held now. */
  cachedBytes(): number;
  /** Stop the workers (the engine then runs single-threaded). */
  destroy(): void;
}

const SCRATCH_BYTES = 256 * 2 ** 20;

/** Packed frozen panels kept at most (below the scratch; the two stay under the 1 GiB memory maximum). */
const CACHE_BYTES = 512 * 2 ** 20;
/** Below this many multiply-adds a call runs on the caller's thread (waking workers costs more). */
const THREAD_MIN_WORK = 1 << 18;
/** Control words (Int32Array over a SharedArrayBuffer). NEXT = (job << 12) | next chunk index. */
const GEN = 0, DONE = 1, STOP = 2, NEXT = 3, ARGS = 4; // ARGS: a, b, c, K, Np, MB, NB, alongN, chunks, lda (0: packed A)
/**
 * Word 14: the job kind (0 GEMM chunks, else an attention-tasks.ts kind), 15: the first task index of the job (a job
 * holds < 4096: NEXT's low 12 bits), 16..31 task args, bytes 136..143 an f64 arg.
 */
const KIND = 14, TASK_FIRST = 15, TASK_ARGS = 16, F64_AT = 136, TASKS_PER_JOB = 4000;
/** Word 32: a GEMM job's beta (1: the kernel adds to C, which the host filled with the output's old values). */
const BETA = 32;
/** Words 33, 34: a GEMM job's ldb and ldk (gemm-kernel.ts; 0: packed panels). */
const LDB = 33, LDK = 34;
/**
 * The module's pointwise functions (exp-kernel.ts; byte addresses): `expSum(p, n, shift)` turns the n f32 at p into
 * exp(x − shift) and returns their f64 sum; `swiglu(gate, up, out, n)`; `swigluBack(gate, up, dout, dgate, dup, n)`;
 * `rowMax(p, n)`; `scaleRow(p, n, s)`; `softmaxGrad(P, dP, dS, T2, T3, stride, n, scale)`.
 */
export interface PointwiseFns {
  expSum(p: number, n: number, shift: number): number;
  swiglu(gate: number, up: number, out: number, n: number): void;
  swigluBack(gate: number, up: number, dout: number, dgate: number, dup: number, n: number): void;
  rowMax(p: number, n: number): number;
  scaleRow(p: number, n: number, s: number): void;
  softmaxGrad(P: number, dP: number, dS: number, T2: number, T3: number, stride: number, n: number, scale: number): void;
}
/** A pool task: (heap, gemmRows, packPanels, args, f64 args, kind, task index, thread slot, pointwise functions). */
type PoolTask = (heap: Float32Array, kernel: (...args: number[]) => void, pack: typeof packPanels, a: Int32Array, f: Float64Array, kind: number, idx: number,
  slot: number, fns: PointwiseFns) => void;
/**
 * By kind: 1, 2 attention forward, backward (attention-tasks.ts), 3 loss rows (losses.ts), 4, 5 SwiGLU, 6, 7 RMSNorm
 * (pointwise.ts); serialised into the workers.
 */
const POOL_TASKS: PoolTask[] = [() => {}, attentionTask, attentionTask, causalLmLossRows, swigluTask, swigluTask, rmsnormTask, rmsnormTask];
/** Word 36: 0, or 1 + the index of the first worker that failed; 37: the length of its message, 40..: its char codes. */
const FAILED = 36, MSG_LEN = 37, MSG_AT = 40, MSG_MAX = 200;
const CONTROL_WORDS = MSG_AT + MSG_MAX;
/** Chunks per thread of a split call: threads that run late (a loaded machine) leave theirs to the others. */
const CHUNKS_PER_THREAD = 4;
/** A non-frozen row-major B of at most this many rows is read in place (its 8-column strip of K rows stays in L1). */
const IN_PLACE_K = 512;
/** Rows of a row-contiguous B packed per pass (64 rows of ≤ 4 KiB stay in L2 across the panels). */
const K_BLOCK = 64;

/**
 * The worker loop (serialised with Function.prototype.toString, so self-contained plain JS; the numbers are the
 * constants above). Chunks are claimed with compare-exchange on NEXT, so a worker that wakes late finds the job
 * done (or a newer job: its stale claim fails) instead of holding the caller up.
 */
function workerMain(init: GemmWorkerInit, tasks: PoolTask[], pack: typeof packPanels): void {
  const ctrl = new Int32Array(init.control);
  try {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(init.bytes), { env: { memory: init.memory } });
  const gemm = instance.exports.gemm as (...args: number[]) => void;
  const gemmRows = instance.exports.gemmRows as (...args: number[]) => void;
  const fns = instance.exports as unknown as PointwiseFns;
  const f64 = new Float64Array(init.control, 136, 1);
  let heap = new Float32Array(init.memory.buffer);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, seen);
    seen = Atomics.load(ctrl, 0);
    if (Atomics.load(ctrl, 2) !== 0) return;
    for (;;) {
      const v = Atomics.load(ctrl, 3);
      const idx = v & 4095, n = ctrl[12];
      if (idx >= n) break;
      const kind = ctrl[14];
      if (kind !== 0) { // a task of attention-tasks.ts on the shared memory (refreshed when it grew)
        if (Atomics.compareExchange(ctrl, 3, v, v + 1) !== v) continue;
        const buffer = init.memory.buffer;
        if (heap.length * 4 !== buffer.byteLength) heap = new Float32Array(buffer);
        tasks[kind](heap, gemmRows, pack, ctrl, f64, kind, ctrl[15] + idx, init.index + 1, fns);
        Atomics.add(ctrl, 1, 1);
        Atomics.notify(ctrl, 1);
        continue;
      }
      const a = ctrl[4], b = ctrl[5], c = ctrl[6], K = ctrl[7], Np = ctrl[8], MB = ctrl[9], NB = ctrl[10], alongN = ctrl[11], lda = ctrl[13];
      if (Atomics.compareExchange(ctrl, 3, v, v + 1) !== v) continue;
      const total = alongN ? NB : MB;
      const lo = Math.floor((total * idx) / n), hi = Math.floor((total * (idx + 1)) / n);
      const kernel = lda ? gemmRows : gemm, beta = ctrl[32], ldb = ctrl[33], ldk = ctrl[34];
      if (alongN) kernel(a, b, c, K, Np, 0, MB, lo, hi, lda, beta, ldb, ldk);
      else kernel(a, b, c, K, Np, lo, hi, 0, NB, lda, beta, ldb, ldk);
      Atomics.add(ctrl, 1, 1);
      Atomics.notify(ctrl, 1);
    }
  }
  } catch (e) { // record the first failure (FAILED, MSG_LEN, MSG_AT) and count the claimed chunk done: the caller wakes and throws
    if (Atomics.compareExchange(ctrl, 36, 0, init.index + 1) === 0) {
      const msg = String(e instanceof Error ? e.stack ?? e.message : e).slice(0, 200);
      for (let i = 0; i < msg.length; i++) ctrl[40 + i] = msg.charCodeAt(i);
      Atomics.store(ctrl, 37, msg.length);
    }
    Atomics.add(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
}

const alignUp = (n: number, to: number): number => Math.ceil(n / to) * to;

/** Compile the kernel and start the pool. */
export function createFastGemm(opts: FastGemmOptions = {}): FastGemm {
  const threads = Math.max(1, Math.floor(opts.threads ?? 1));
  if (threads > 1 && !opts.spawnWorker) throw new Error(`createFastGemm: threads=${threads} needs a spawnWorker (worker_threads in Node, Web Workers in the browser)`);
  if (threads > 1 && typeof SharedArrayBuffer === 'undefined') throw new Error('createFastGemm: threads need SharedArrayBuffer (in a browser: crossOriginIsolated)');
  const shared = threads > 1;
  const relaxed = opts.relaxedSimd === undefined || opts.relaxedSimd === 'auto' ? relaxedSimdSupported() : opts.relaxedSimd;
  if (relaxed && !relaxedSimdSupported()) throw new Error('createFastGemm: relaxedSimd: true, but this engine does not compile relaxed SIMD (Node 20: --experimental-wasm-relaxed-simd)');
  const bytes = gemmModuleBytes(shared, relaxed);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: MEMORY_MAX_PAGES, shared });
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  const kernelPacked = exports.gemm as (...args: number[]) => void;
  const kernelRows = exports.gemmRows as (...args: number[]) => void;
  const fns = exports as unknown as PointwiseFns;
  const workers = threads - 1;
  const control = shared ? new SharedArrayBuffer(4 * CONTROL_WORDS) : null;
  const ctrl = control ? new Int32Array(control) : null;
  const source = `((init) => (${workerMain.toString()})(init, [null, ${POOL_TASKS.slice(1).map((t) => t.toString()).join(', ')}], ${packPanels.toString()}))`;
  let stopped = false;
  let failure: Error | null = null;
  /** The pool's error once a worker failed (recorded by the worker in the control words, or reported by its spawner). */
  const failed = (): Error | null => {
    if (failure || !ctrl) return failure;
    const who = Atomics.load(ctrl, FAILED);
    if (who === 0) return null;
    const len = Atomics.load(ctrl, MSG_LEN);
    const msg = String.fromCharCode(...ctrl.subarray(MSG_AT, MSG_AT + len));
    return (failure = new Error(`fast CPU pool: worker ${who - 1} failed: ${msg.split('\n')[0]}`));
  };
  const onExit = (index: number) => (reason: string): void => {
    if (stopped || failed() || !ctrl) return;
    failure = new Error(`fast CPU pool: worker ${index} ${reason}`);
    Atomics.compareExchange(ctrl, FAILED, 0, index + 1);
    Atomics.add(ctrl, DONE, 1); // wake a caller that waits (an async caller; a blocked thread sees the flag on its next wait)
    Atomics.notify(ctrl, DONE);
  };
  for (let i = 0; i < workers; i++) opts.spawnWorker!(source, { bytes, memory, control: control!, index: i }, onExit(i));
  // task arguments: the control words when threaded, else local arrays of the same layout
  const taskArgs = ctrl ?? new Int32Array(CONTROL_WORDS);
  const taskF64 = control ? new Float64Array(control, F64_AT, 1) : new Float64Array(1);
  let heap = new Float32Array(memory.buffer);

  const ensure = (byteLength: number): void => {
    const have = memory.buffer.byteLength;
    // Grow by at least half: the frozen cache adds one entry per weight in step 1, and growing a non-shared memory
    // copies it, so page-by-page growth was quadratic (~0.7 s of step 1 at the bench shape).
    if (byteLength > have) memory.grow(Math.ceil((Math.min(MEMORY_MAX_PAGES * 65536, Math.max(byteLength, have * 1.5)) - have) / 65536));
    if (heap.buffer !== memory.buffer || heap.length * 4 !== memory.buffer.byteLength) heap = new Float32Array(memory.buffer);
  };

  /** Pack a non-row-major A (M rows, K columns, zero-padded to Kp) as [Mp/MR][Kp][MR] at float index p (row-major A: copyRows). */
  const packA = (A: MatView, M: number, K: number, Kp: number, p: number): void => {
    const { data, offset, rowStride: rs, colStride: cs } = A;
    const h = heap;
    for (let m0 = 0; m0 < M; m0 += MR) {
      const rows = Math.min(MR, M - m0);
      if (rows < MR || Kp > K) h.fill(0, p, p + Kp * MR);
      if (rows < MR) { // an edge block: one row at a time
        for (let r = 0; r < rows; r++) {
          let q = p + r;
          let s = offset + (m0 + r) * rs;
          for (let k = 0; k < K; k++, q += MR, s += cs) h[q] = data[s];
        }
      } else { // columns contiguous (a transposed operand): the MR values of one k at a time
        let q = p;
        let s = offset + m0 * rs;
        for (let k = 0; k < K; k++, s += cs) for (let r = 0; r < MR; r++, q++) h[q] = data[s + r * rs];
      }
      p += Kp * MR;
    }
  };

  /**
   * Copy the M rows of a row-major A (colStride 1) to float index p with row stride Kp: one copy when the rows are
   * contiguous, else one per row, the padding column zeroed (it meets B's zero row). Rows M..Mp-1 are left as they
   * are: they only reach output rows that are never written back.
   */
  const copyRows = (A: MatView, M: number, K: number, Kp: number, p: number): void => {
    const { data, offset, rowStride: rs } = A;
    const h = heap;
    if (rs === K && K === Kp) { h.set(data.subarray(offset, offset + M * K), p); return; }
    for (let m = 0; m < M; m++) {
      const s = offset + m * rs, d = p + m * Kp;
      if (K > 64) h.set(data.subarray(s, s + K), d);
      else for (let k = 0; k < K; k++) h[d + k] = data[s + k]; // short rows (attention heads): no subarray per row
      if (Kp > K) h[d + K] = 0;
    }
  };

  /** Copy columns n0..n0+Nc of a row-major B (K rows) to float index p with row stride Np, padding columns zeroed. */
  const copyB = (B: MatView, n0: number, Nc: number, Np: number, K: number, p: number): void => {
    const { data, offset, rowStride: rs } = B;
    if (rs === Np && Nc === Np) { heap.set(data.subarray(offset + n0, offset + n0 + K * Np), p); return; }
    for (let k = 0, s = offset + n0, d = p; k < K; k++, s += rs, d += Np) {
      heap.set(data.subarray(s, s + Nc), d);
      if (Np > Nc) heap.fill(0, d + Nc, d + Np);
    }
  };

  /** Pack columns n0..n0+Np of B (K rows, zero-padded to Kp) as [Np/NR][Kp][NR] at float index p. */
  const packB = (B: MatView, n0: number, Np: number, K: number, Kp: number, N: number, p: number): void => {
    const { data, offset, rowStride: rs, colStride: cs } = B;
    const h = heap;
    if (cs === 1 && rs !== 1) { // rows contiguous: copy row segments, K_BLOCK rows at a time so each row is read once
      if (N - n0 < Np || Kp > K) h.fill(0, p, p + Np * Kp);
      for (let k0 = 0; k0 < K; k0 += K_BLOCK) {
        const k1 = Math.min(K, k0 + K_BLOCK);
        for (let j0 = 0; j0 < Np; j0 += NR) {
          const cols = Math.min(NR, N - n0 - j0);
          let d = p + j0 * Kp + k0 * NR;
          let s = offset + k0 * rs + n0 + j0;
          if (cols === 8 && NR === 8) { // a whole panel row written out: no inner loop, ~2× faster packing
            for (let k = k0; k < k1; k++, s += rs, d += NR) {
              h[d] = data[s]; h[d + 1] = data[s + 1]; h[d + 2] = data[s + 2]; h[d + 3] = data[s + 3];
              h[d + 4] = data[s + 4]; h[d + 5] = data[s + 5]; h[d + 6] = data[s + 6]; h[d + 7] = data[s + 7];
            }
          } else for (let k = k0; k < k1; k++, s += rs, d += NR) for (let q = 0; q < cols; q++) h[d + q] = data[s + q];
        }
      }
      return;
    }
    for (let j0 = 0; j0 < Np; j0 += NR) { // columns contiguous along k (a transposed weight) or any strides
      const cols = Math.min(NR, N - n0 - j0);
      if (cols < NR || Kp > K) h.fill(0, p, p + Kp * NR);
      for (let q = 0; q < cols; q++) {
        let d = p + q;
        let s = offset + (n0 + j0 + q) * cs;
        for (let k = 0; k < K; k++, d += NR, s += rs) h[d] = data[s];
      }
      p += Kp * NR;
    }
  };

  // Frozen arrays and their packed B panels (float index in the memory, below `base`, where the scratch starts).
  const frozen = new Set<Float32Array>();
  const cache = new Map<string, number>();
  const bufferIds = new WeakMap<ArrayBufferLike, number>();
  let base = 0, nextBufferId = 0;
  const bufferId = (b: ArrayBufferLike): number => {
    let id = bufferIds.get(b);
    if (id === undefined) bufferIds.set(b, (id = nextBufferId++));
    return id;
  };
  /** The packed panels of all N columns of B when B lies in a frozen array (packing them now if new), else -1. */
  const frozenPanels = (B: MatView, N: number, K: number, Kp: number): number => {
    if (frozen.size === 0) return -1;
    const d = B.data;
    let inside = false;
    for (const f of frozen) {
      if (f.buffer === d.buffer && d.byteOffset >= f.byteOffset && d.byteOffset + d.byteLength <= f.byteOffset + f.byteLength) { inside = true; break; }
    }
    if (!inside) return -1;
    const key = `${bufferId(d.buffer)}:${d.byteOffset / 4 + B.offset}:${B.rowStride}:${B.colStride}:${N}:${K}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const floats = alignUp(N, NR) * Kp;
    if ((base + floats) * 4 > CACHE_BYTES) return -1;
    ensure((base + floats) * 4);
    packB(B, 0, alignUp(N, NR), K, Kp, N, base);
    cache.set(key, base);
    base += floats;
    return base - floats;
  };

  let job = 0;
  const callerWorks = opts.callerWorks ?? true;
  /** Run the kernel over mb/nb blocks: on this thread, or as chunks claimed by this thread and the workers. */
  const run = (a: number, b: number, c: number, K: number, Np: number, MB: number, NB: number, work: number, lda: number, beta: number, ldb: number, ldk: number): void => {
    const alongN = NB >= MB;
    const total = alongN ? NB : MB;
    const kernel = lda ? kernelRows : kernelPacked;
    const n = ctrl && !stopped && work >= THREAD_MIN_WORK ? Math.min(total, threads * CHUNKS_PER_THREAD) : 1;
    if (n === 1) { kernel(a, b, c, K, Np, 0, MB, 0, NB, lda, beta, ldb, ldk); return; }
    const ctl = ctrl!;
    healthy();
    ctl.set([a, b, c, K, Np, MB, NB, alongN ? 1 : 0, n, lda], ARGS);
    ctl[BETA] = beta;
    ctl[LDB] = ldb;
    ctl[LDK] = ldk;
    ctl[KIND] = 0;
    start(ctl);
    try {
      while (callerWorks) {
        const idx = Atomics.add(ctl, NEXT, 1) & 4095;
        if (idx >= n) break;
        const lo = Math.floor((total * idx) / n), hi = Math.floor((total * (idx + 1)) / n);
        if (alongN) kernel(a, b, c, K, Np, 0, MB, lo, hi, lda, beta, ldb, ldk);
        else kernel(a, b, c, K, Np, lo, hi, 0, NB, lda, beta, ldb, ldk);
        Atomics.add(ctl, DONE, 1);
      }
    } catch (e) {
      throw callerFailed(e);
    }
    finish(ctl, n);
  };
  /** Publish a job (args already written) and wake the workers. */
  const start = (ctl: Int32Array): void => {
    Atomics.store(ctl, DONE, 0);
    job = (job + 1) & 0x7ffff;
    Atomics.store(ctl, NEXT, job << 12);
    Atomics.add(ctl, GEN, 1);
    Atomics.notify(ctl, GEN);
  };
  /** Wait until all n chunks of the job are done; throws when a worker failed (it will not finish its chunk). */
  const finish = (ctl: Int32Array, n: number): void => {
    for (;;) {
      const done = Atomics.load(ctl, DONE);
      const error = failed();
      if (error) throw error;
      if (done === n) break;
      Atomics.wait(ctl, DONE, done);
    }
  };
  /**
   * The caller's own chunk threw mid-job: workers may still finish chunks of it (their DONE counts would corrupt the
   * next job), so the pool is failed from here on, with this error.
   */
  const callerFailed = (e: unknown): Error => (failure ??= e instanceof Error ? e : new Error(String(e)));
  /** Throw the pool's failure, if any, before a threaded call starts. */
  const healthy = (): void => {
    const error = failed();
    if (error) throw error;
  };

  const tasks = (kind: number, n: number, args: ArrayLike<number>, scale: number, work: number): void => {
    for (let i = 0; i < args.length; i++) taskArgs[TASK_ARGS + i] = args[i];
    taskF64[0] = scale;
    if (!ctrl || stopped || n < 2 || work < THREAD_MIN_WORK) {
      for (let i = 0; i < n; i++) POOL_TASKS[kind](heap, kernelRows, packPanels, taskArgs, taskF64, kind, i, 0, fns);
      return;
    }
    const ctl = ctrl;
    healthy();
    for (let first = 0; first < n; first += TASKS_PER_JOB) {
      const m = Math.min(TASKS_PER_JOB, n - first);
      ctl[ARGS + 8] = m;
      ctl[KIND] = kind;
      ctl[TASK_FIRST] = first;
      start(ctl);
      try {
        while (callerWorks) {
          const idx = Atomics.add(ctl, NEXT, 1) & 4095;
          if (idx >= m) break;
          POOL_TASKS[kind](heap, kernelRows, packPanels, ctl, taskF64, kind, first + idx, 0, fns);
          Atomics.add(ctl, DONE, 1);
        }
      } catch (e) {
        throw callerFailed(e);
      }
      finish(ctl, m);
    }
  };

  const gemm = (M: number, N: number, K: number, A: MatView, B: MatView, out: MatView, accumulate: boolean, alpha = 1): void => {
    // For rank-sized N (LoRA's [BT, R] outputs, padded to NR columns) with a transposed A compute outᵀ = Bᵀ·Aᵀ:
    // the rank becomes the row side, padded only to MR, and A is read as B panels. Not for a row-major A (x·Aᵀ,
    // dout·B of LoRA): its rows are copied at memory speed while Aᵀ as panels is a strided gather of the whole
    // [BT, C] activation, which cost more than the padded columns save (lora forward + backward ~3× faster).
    // Depends on the shape and strides only, so results stay deterministic.
    if (N < M && N <= 2 * NR && A.colStride !== 1) {
      gemm(N, M, K, transposed(B), transposed(A), transposed(out), accumulate, alpha);
      return;
    }
    if (!(M > 0 && N > 0 && K > 0)) {
      if (!accumulate && M > 0 && N > 0) writeOut(out, M, N, null, 0, 0, 0, false, alpha);
      return;
    }
    const Mp = alignUp(M, MR), Kp = alignUp(K, UNROLL);
    const panels = frozenPanels(B, N, K, Kp); // before the scratch: a new cache entry moves `base` up
    const aFloats = Mp * Kp;
    const perColumn = (Kp + Mp) * 4;
    const chunk = Math.max(NR, Math.min(alignUp(N, NR), Math.floor((SCRATCH_BYTES - aFloats * 4) / perColumn / NR) * NR));
    ensure((base + aFloats + chunk * (Kp + Mp)) * 4);
    const rowsA = A.colStride === 1; // row-major A: copied as rows (row stride Kp), the kernel reads it unpacked
    if (rowsA) copyRows(A, M, K, Kp, base);
    else packA(A, M, K, Kp, base);
    const bAt = base + aFloats;
    // a row-major output accumulated with alpha 1 (dinp of q/k/v and up, LoRA deltas): its rows go into C and the
    // kernel's sums start from them (beta), so no element-wise add pass after the product
    const beta = accumulate && alpha === 1 && out.colStride === 1 ? 1 : 0;
    for (let n0 = 0; n0 < N; n0 += chunk) {
      const Nc = Math.min(chunk, N - n0), Np = alignUp(Nc, NR);
      const cAt = bAt + Np * Kp;
      if (beta && out.rowStride === Np && Nc === Np) heap.set(out.data.subarray(out.offset + n0, out.offset + n0 + M * Np), cAt); // one copy
      else if (beta) for (let m = 0, o = out.offset + n0; m < M; m++, o += out.rowStride) heap.set(out.data.subarray(o, o + Nc), cAt + m * Np);
      // a row-major B of up to IN_PLACE_K rows: copied as rows (stride Np) and read in place by the kernel (ldk),
      // instead of packed into panels by a JS loop (LoRA's dA and dB: ~3× less time in those products)
      const inPlace = panels < 0 && B.colStride === 1 && B.rowStride !== 1 && UNROLL === 1 && Kp <= IN_PLACE_K;
      if (inPlace) copyB(B, n0, Nc, Np, K, bAt);
      else if (panels < 0) packB(B, n0, Np, K, Kp, N, bAt);
      run(base * 4, (panels < 0 ? bAt : panels + n0 * Kp) * 4, cAt * 4, Kp, Np, Mp / MR, Np / NR, M * Nc * K, rowsA ? Kp * 4 : 0, beta,
        inPlace ? NR * 4 : 0, inPlace ? Np * 4 : 0);
      writeOut(out, M, Nc, heap, cAt, Np, n0, accumulate && !beta, alpha);
    }
  };

  return {
    threads,
    relaxedSimd: relaxed,
    gemm,
    tasks,
    taskScratchFloats: SCRATCH_BYTES / 4,
    reserve(floats: number) {
      ensure((base + floats) * 4);
      return { heap, at: base };
    },
    freeze(data: Float32Array): () => void {
      frozen.add(data);
      return () => {
        if (!frozen.delete(data)) return;
        cache.clear();
        base = 0;
      };
    },
    cachedBytes: () => base * 4,
    destroy(): void {
      if (stopped || !ctrl) return;
      stopped = true;
      Atomics.store(ctrl, STOP, 1);
      Atomics.add(ctrl, GEN, 1);
      Atomics.notify(ctrl, GEN);
    }
  };
}

/** out[m, n0 + n] (= or +=) alpha · C[m, n] from C row-major at float index c (row stride Np); C null = zeros. */
function writeOut(
  out: MatView, M: number, Nc: number, heap: Float32Array | null, c: number, Np: number, n0: number, accumulate: boolean, alpha: number
): void {
  const { data, offset, rowStride: rs, colStride: cs } = out;
  if (heap && cs === 1 && !accumulate && alpha === 1) { // plain row-major store: one copy (rows back to back), else one per row
    if (rs === Np && Nc === Np) { data.set(heap.subarray(c, c + M * Np), offset + n0); return; }
    for (let m = 0; m < M; m++) data.set(heap.subarray(c + m * Np, c + m * Np + Nc), offset + m * rs + n0);
    return;
  }
  for (let m = 0; m < M; m++) {
    let d = offset + m * rs + n0 * cs;
    const src = c + m * Np;
    if (!heap) { for (let n = 0; n < Nc; n++, d += cs) data[d] = 0; continue; }
    if (accumulate) { for (let n = 0; n < Nc; n++, d += cs) data[d] += alpha * heap[src + n]; }
    else if (alpha === 1) { for (let n = 0; n < Nc; n++, d += cs) data[d] = heap[src + n]; }
    else { for (let n = 0; n < Nc; n++, d += cs) data[d] = alpha * heap[src + n]; }
  }
}
