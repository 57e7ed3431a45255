/**
 * Fitting the score's combination (combine.ts: must-dominance and the fit weights) to labelled examples: the
 * evaluation's dev split (a resume is relevant to the job of its category) or a recruiter's own select/reject
 * decisions (on-device re-fit).
 * Purpose: one deterministic fitter for `training-node fit-ranker`, the evaluation harness's cross-validation
 * and the app's re-fit worker.
 * Non-goals: new features (the fit only re-weights the parts scoreCandidate already reports, so every point
 * keeps its evidence); models with interactions.
 * Shape legend: an Example is one (job, resume) pair: `group` names the job, `parts` the breakdown values
 * (must, role, lexical, nice, model signals) in [0, 1], `mustCount` the job's must-haves, `label` 1 relevant /
 * selected, 0 not. Loss: mean pairwise logistic loss over (relevant, other) pairs of the same group,
 * log(1 + exp(−(s⁺ − s⁻)/TEMPERATURE)); weights live on the simplex (softmax of free parameters) and are
 * fitted by plain gradient descent (analytic gradient) from equal weights, for each must-dominance on a grid;
 * the pair with the lowest loss wins. With a `prior` (the shipped ranker, for a recruiter's re-fit), descent
 * starts from the prior's weights and the objective adds `regularisation`·(Σ (w − w₀)² + (d − d₀)²), so a few
 * dozen decisions move the weights only as far as they clearly pay for (the prior's dominance joins the grid).
 */
import type { RankerWeights } from './combine';
import { mustShare } from './must-share';

export interface Example {
  group: string;
  parts: Record<string, number>;
  mustCount: number;
  label: 0 | 1;
}

export interface FitOptions {
  /** Fit components to weight (default: every part but 'must' seen in the examples). */
  components?: string[];
  /** Must-dominance values to try (default DOMINANCE_GRID). */
  dominance?: number[];
  /** At most this many negatives per positive, picked evenly (deterministic). */
  negativesPerPositive?: number;
  iterations?: number;
  /** Ranker to start from and to regularise toward (default: none: equal weights, no penalty). */
  prior?: RankerWeights;
  /** Strength of the pull toward `prior` (default 0; ignored without a prior). */
  regularisation?: number;
  /** Cap on the must part's share (combine.ts mustShare), kept in the fitted ranker (default: the prior's; none without a prior). */
  mustCap?: number;
}

export interface FitResult {
  ranker: RankerWeights;
  /** Mean pairwise loss (plus the penalty toward the prior, if any) and pairwise accuracy (share of pairs ordered right) on the fitting examples. */
  loss: number;
  pairAccuracy: number;
  pairs: number;
}

export const DOMINANCE_GRID = [0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1];
const TEMPERATURE = 0.05;
const LEARNING_RATE = 5;

/** An example as numbers: component values in `components` order (NaN when absent), must value, must count. */
interface Packed {
  x: Float64Array;
  must: number;
  mustCount: number;
}

interface Pair {
  pos: Packed;
  neg: Packed;
}

/** Score of an example under a ranker (the same formula as combine(), without rounding). */
export function rankerScore(e: Example, weights: Record<string, number>, dominance: number, cap?: number): number {
  let num = 0;
  let den = 0;
  for (const [id, w] of Object.entries(weights)) {
    if (!(id in e.parts) || w <= 0) continue;
    num += w * e.parts[id];
    den += w;
  }
  const fit = den > 0 ? num / den : 0;
  const hasMust = e.mustCount > 0 && 'must' in e.parts;
  const alpha = hasMust ? mustShare(e.mustCount, dominance, cap) : 0;
  return alpha * (hasMust ? e.parts.must : 0) + (1 - alpha) * fit;
}

function pairsOf(examples: Example[], components: string[], negativesPerPositive: number): Pair[] {
  const pack = (e: Example): Packed => ({ x: Float64Array.from(components, (c) => (c in e.parts ? e.parts[c] : NaN)), must: 'must' in e.parts ? e.parts.must : NaN, mustCount: e.mustCount });
  const groups = new Map<string, Example[]>();
  for (const e of examples) (groups.get(e.group) ?? groups.set(e.group, []).get(e.group)!).push(e);
  const pairs: Pair[] = [];
  for (const list of groups.values()) {
    const pos = list.filter((e) => e.label === 1).map(pack);
    const neg = list.filter((e) => e.label === 0).map(pack);
    if (!pos.length || !neg.length) continue;
    const take = Math.min(neg.length, negativesPerPositive);
    pos.forEach((p, i) => {
      // Negatives spread evenly over the list, shifted per positive: deterministic, no random generator.
      for (let k = 0; k < take; k++) pairs.push({ pos: p, neg: neg[(Math.floor((k * neg.length) / take) + i) % neg.length] });
    });
  }
  return pairs;
}

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

function alphaOf(e: Packed, d: number, cap: number | undefined): number {
  return !Number.isNaN(e.must) ? mustShare(e.mustCount, d, cap) : 0;
}

/** d fit / d w for one example: (x_i − fit) / W over the components it has (fit = Σ w x / W). */
function fitAndGrad(e: Packed, w: number[], out: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < w.length; i++) {
    if (Number.isNaN(e.x[i])) continue;
    num += w[i] * e.x[i];
    den += w[i];
  }
  const fit = den > 0 ? num / den : 0;
  for (let i = 0; i < w.length; i++) out[i] = den > 0 && !Number.isNaN(e.x[i]) ? (e.x[i] - fit) / den : 0;
  return fit;
}

/** Mean loss, pairwise accuracy and the gradient of the loss with respect to the weights. */
function lossOf(pairs: Pair[], w: number[], d: number, cap: number | undefined): { loss: number; acc: number; grad: number[] } {
  let loss = 0;
  let acc = 0;
  const grad = new Float64Array(w.length);
  const gp = new Float64Array(w.length);
  const gn = new Float64Array(w.length);
  for (const { pos, neg } of pairs) {
    const ap = alphaOf(pos, d, cap);
    const an = alphaOf(neg, d, cap);
    const sp = ap * (ap > 0 ? pos.must : 0) + (1 - ap) * fitAndGrad(pos, w, gp);
    const sn = an * (an > 0 ? neg.must : 0) + (1 - an) * fitAndGrad(neg, w, gn);
    const margin = (sp - sn) / TEMPERATURE;
    loss += margin > 30 ? 0 : margin < -30 ? -margin : Math.log1p(Math.exp(-margin));
    acc += margin > 0 ? 1 : margin === 0 ? 0.5 : 0;
    // d loss / d margin = −σ(−margin); d margin / d w = ((1−ap)·gp − (1−an)·gn) / T
    const coef = -1 / (1 + Math.exp(Math.min(30, margin))) / TEMPERATURE;
    for (let i = 0; i < w.length; i++) grad[i] += coef * ((1 - ap) * gp[i] - (1 - an) * gn[i]);
  }
  return { loss: loss / pairs.length, acc: acc / pairs.length, grad: Array.from(grad, (g) => g / pairs.length) };
}

/**
 * The parts of a stored score as fit features: each breakdown entry's value, for the entries that took part
 * (a weight or a value above 0). The same shape the evaluation's examples and a recruiter's decisions use.
 */
export function partsOfScore(breakdown: Record<string, { weight: number; value: number }>): Record<string, number> {
  return Object.fromEntries(Object.entries(breakdown).filter(([, e]) => e.weight > 0 || e.value > 0).map(([k, e]) => [k, e.value]));
}

/** The prior's weights over `components`, normalised to sum 1 (a component it does not name gets its default extra weight). */
function priorWeights(prior: RankerWeights, components: string[]): number[] {
  const raw = components.map((c) => Math.max(1e-6, prior.weights[c] ?? prior.defaultExtraWeight));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / sum);
}

/** Fit must-dominance and fit weights to examples (deterministic). */
export function fitRanker(examples: Example[], opts: FitOptions = {}): FitResult {
  const components = opts.components ?? [...new Set(examples.flatMap((e) => Object.keys(e.parts)))].filter((c) => c !== 'must').sort();
  if (components.length === 0) throw new Error('fitRanker: the examples have no fit components to weight');
  const pairs = pairsOf(examples, components, opts.negativesPerPositive ?? 20);
  if (pairs.length === 0) throw new Error('fitRanker: no group has both a relevant and an irrelevant example');
  const iterations = opts.iterations ?? 150;
  const prior = opts.prior ? priorWeights(opts.prior, components) : undefined;
  const lambda = prior ? Math.max(0, opts.regularisation ?? 0) : 0;
  const grid = opts.dominance ?? DOMINANCE_GRID;
  const cap = opts.mustCap ?? opts.prior?.mustCap;
  const dominances = opts.prior && !grid.includes(opts.prior.mustDominance) ? [...grid, opts.prior.mustDominance].sort((a, b) => a - b) : grid;
  // The objective: mean pair loss plus the pull toward the prior (weights and dominance).
  const objective = (w: number[], d: number) => {
    const fit = lossOf(pairs, w, d, cap);
    if (!prior || lambda === 0) return fit;
    let penalty = (d - opts.prior!.mustDominance) ** 2;
    w.forEach((wi, i) => (penalty += (wi - prior[i]) ** 2));
    return { ...fit, loss: fit.loss + lambda * penalty, grad: fit.grad.map((g, i) => g + 2 * lambda * (w[i] - prior[i])) };
  };
  // The penalty's curvature grows with its strength: a smaller step keeps descent stable under a strong pull.
  const step = LEARNING_RATE / (1 + 2 * lambda);
  let best: FitResult | undefined;
  for (const d of dominances) {
    let z = prior ? prior.map((p) => Math.log(p)) : components.map(() => 0);
    let previous = Infinity;
    for (let it = 0; it < iterations; it++) {
      // Chain rule through the softmax: d loss / d z_i = w_i · (g_i − Σ_j w_j g_j).
      const w = softmax(z);
      const { loss, grad: g } = objective(w, d);
      if (previous - loss < 1e-7) break; // converged
      previous = loss;
      const mean = w.reduce((a, wi, j) => a + wi * g[j], 0);
      z = z.map((v, i) => v - step * w[i] * (g[i] - mean));
    }
    const w = softmax(z);
    const { loss, acc } = objective(w, d);
    if (!best || loss < best.loss - 1e-12) {
      const weights = Object.fromEntries(components.map((c, i) => [c, Math.round(w[i] * 1000) / 1000]));
      const ranker: RankerWeights = { mustDominance: d, ...(cap !== undefined ? { mustCap: cap } : {}), weights, defaultExtraWeight: Math.round((1 / components.length) * 1000) / 1000 };
      best = { ranker, loss, pairAccuracy: acc, pairs: pairs.length };
    }
  }
  return best!;
}
