/** Moves focus to the first field flagged invalid after a refused submit (once the flags have rendered). */
export function focusFirstInvalid(root: ParentNode | null | undefined): void {
  queueMicrotask(() => root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
