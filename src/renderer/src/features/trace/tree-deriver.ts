// Where a trace's span tree is derived: in a worker from WORKER_FROM_SPANS spans on (one worker,
// started with the first large trace), here below that, where the worker's round trip (the
// columns copied to it, the rows rebuilt from its arrays) costs more than it saves.
import type { SpanTree } from '../../../../shared/trace/span-tree';
import { unpackSpanTree, type PackedSpanTree } from '../../../../shared/trace/span-tree-transfer';
import type { TreeColumns } from './trace-model';

export const WORKER_FROM_SPANS = 20_000;

type Reply = { id: number; packed: PackedSpanTree } | { id: number; error: string };

let worker: Worker | null = null;
let broken = false;
let nextId = 1;
const waiting = new Map<number, { columns: TreeColumns; resolve(tree: SpanTree): void; reject(error: Error): void }>();

function failAll(error: Error): void {
  broken = true;
  for (const w of waiting.values()) w.reject(error);
  waiting.clear();
}

function startWorker(): Worker | null {
  if (worker || broken) return worker;
  try {
    worker = new Worker(new URL('./tree-worker.ts', import.meta.url), { type: 'module', name: 'span-tree' });
  } catch {
    broken = true; // e.g. no workers where the page is: the caller derives the tree itself
    return null;
  }
  worker.onmessage = (event: MessageEvent<Reply>) => {
    const reply = event.data;
    const entry = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (!entry) return;
    if ('error' in reply) entry.reject(new Error(reply.error));
    else entry.resolve(unpackSpanTree(reply.packed, entry.columns.spanIds));
  };
  worker.onerror = (event) => failAll(new Error(`the span tree worker failed: ${event.message}`));
  return worker;
}

/** A deriver for a trace of this many spans, or null to derive it on this thread. */
export function treeDeriverFor(spanCount: number): ((columns: TreeColumns) => Promise<SpanTree>) | null {
  if (spanCount < WORKER_FROM_SPANS || typeof Worker === 'undefined') return null;
  const target = startWorker();
  if (!target) return null;
  return (columns) =>
    new Promise<SpanTree>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { columns, resolve, reject });
      target.postMessage({ id, columns });
    });
}
