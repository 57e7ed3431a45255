/**
 * Toast notifications as a runes class singleton (read by ToastArea, written by services and handleError).
 * Non-goals: modal dialogs; persistence.
 */
export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

class ToastState {
  items = $state<Toast[]>([]);
  private nextId = 1;

  /** Shows a message; errors stay until dismissed, others fade after `ms`. */
  show(input: { kind: ToastKind; message: string; ms?: number }): void {
    const toast: Toast = { id: this.nextId++, kind: input.kind, message: input.message };
    this.items = [...this.items, toast].slice(-5);
    if (input.kind !== 'error') setTimeout(() => this.dismiss(toast.id), input.ms ?? 4000);
  }

  /** Removes one toast. */
  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

export const toasts = new ToastState();
