/**
 * Result<T, E>: expected failures as data (a bad file, an invalid answer), so they cross worker and
 * process boundaries intact and a batch can record them per item and go on. Unexpected failures throw.
 */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

/** An expected failure with a stable machine-readable code, the file it concerns and a fix-oriented message. */
export interface AppError {
  code: string;
  message: string;
  file?: string;
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E = AppError>(error: E): Result<never, E> => ({ ok: false, error });
