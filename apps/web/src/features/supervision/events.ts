/** Tells the menu badge that the approval queue changed (with its new length when known). */
export const APPROVALS_CHANGED = 'luoshi:approvals-changed';

export function approvalsChanged(count?: number): void {
  window.dispatchEvent(new CustomEvent<number | undefined>(APPROVALS_CHANGED, { detail: count }));
}
