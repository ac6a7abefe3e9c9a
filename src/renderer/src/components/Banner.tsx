import type { ReactNode } from 'react';

/** A problem the user should know about (a receiver that could not bind, a lost connection). */
export function Banner({ kind, children }: { kind: 'error' | 'warning'; children: ReactNode }) {
  return (
    <div className={`banner ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
