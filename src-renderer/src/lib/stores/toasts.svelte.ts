export type ToastKind = 'success' | 'info' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

/** Short confirmations ("Account created"). Never pass secrets here. */
class Toasts {
  items = $state<Toast[]>([]);
  #nextId = 1;

  show(message: string, kind: ToastKind = 'success', ms = kind === 'error' ? 8000 : 4000): void {
    const id = this.#nextId++;
    this.items = [...this.items.slice(-3), { id, kind, message }];
    setTimeout(() => this.dismiss(id), ms);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
