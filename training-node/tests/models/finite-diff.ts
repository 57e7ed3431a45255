/**
 * Finite-difference helpers for the model gradchecks: central difference of a scalar loss wrt one element,
 * and the tolerance every model gradcheck uses (f32 activations, eps = 1e-2 perturbations).
 */

/** (f(x+eps) - f(x-eps)) / 2eps for x = arr[i]; arr[i] is restored. */
export function centralDifference(arr: Float32Array, i: number, f: () => number, eps = 1e-2): number {
  const old = arr[i];
  arr[i] = old + eps;
  const up = f();
  arr[i] = old - eps;
  const down = f();
  arr[i] = old;
  return (up - down) / (2 * eps);
}

/** Throw with the label when analytic and numeric gradients differ by more than atol + rtol·|numeric|. */
export function expectGradClose(analytic: number, numeric: number, label: string, atol = 2e-3, rtol = 3e-2): void {
  if (Math.abs(analytic - numeric) > atol + rtol * Math.abs(numeric)) {
    throw new Error(`${label}: analytic ${analytic} vs numeric ${numeric}`);
  }
}
