// Imports the user started (drops, the file picker, File > Import): one at a time in the order
// given, each with its progress, its summary or its error, until dismissed. Independent of the
// transport: the client uploads (browser) or passes the path (desktop).
import { createStore } from 'zustand/vanilla';
import type { ImportSummary } from '../../../../shared/import/import-summary';
import type { ClientImportProgress, ImportSource, TracedeckClient } from '../../api/client';
import { ImportFailedError } from '../../api/http-files';

export type ImportPhase = 'waiting' | ClientImportProgress['phase'] | 'done' | 'failed' | 'cancelled';

export interface ImportJob {
  id: number;
  name: string;
  size: number;
  phase: ImportPhase;
  bytesRead: number;
  totalBytes: number;
  spansRead: number;
  summary: ImportSummary | null;
  error: string | null;
}

export interface ImportState {
  jobs: ImportJob[];
}

export interface ImportActions {
  importFiles(files: readonly ImportSource[]): void;
  cancel(id: number): void;
  dismiss(id: number): void;
}

export function createImportStore(client: Pick<TracedeckClient, 'importFile'>) {
  let nextId = 1;
  const files = new Map<number, ImportSource>();
  const controllers = new Map<number, AbortController>();
  let running = false;

  const store = createStore<ImportState & ImportActions>()((set, get) => {
    const patch = (id: number, change: Partial<ImportJob>) =>
      set({ jobs: get().jobs.map((job) => (job.id === id ? { ...job, ...change } : job)) });

    const runNext = async (): Promise<void> => {
      if (running) return;
      const job = get().jobs.find((j) => j.phase === 'waiting');
      if (!job) return;
      running = true;
      const controller = new AbortController();
      controllers.set(job.id, controller);
      patch(job.id, { phase: 'uploading' });
      try {
        const summary = await client.importFile(
          files.get(job.id)!,
          (p) => patch(job.id, { phase: p.phase, bytesRead: p.bytesRead, totalBytes: p.totalBytes, spansRead: p.spansRead, size: job.size || p.totalBytes }),
          controller.signal,
        );
        patch(job.id, { phase: 'done', summary, spansRead: summary.spans });
      } catch (error) {
        const cancelled = controller.signal.aborted || (error instanceof ImportFailedError && error.cancelled);
        patch(job.id, { phase: cancelled ? 'cancelled' : 'failed', error: (error as Error).message });
      } finally {
        controllers.delete(job.id);
        files.delete(job.id);
        running = false;
      }
      await runNext();
    };

    return {
      jobs: [],
      importFiles(picked) {
        const added = picked.map((file): ImportJob => {
          const id = nextId++;
          files.set(id, file);
          // A path's size is known once main reports progress.
          const size = 'path' in file ? 0 : file.size;
          return { id, name: file.name, size, phase: 'waiting', bytesRead: 0, totalBytes: size, spansRead: 0, summary: null, error: null };
        });
        set({ jobs: [...get().jobs, ...added] });
        void runNext();
      },
      cancel(id) {
        const controller = controllers.get(id);
        if (controller) controller.abort();
        else if (get().jobs.find((j) => j.id === id)?.phase === 'waiting') {
          files.delete(id);
          patch(id, { phase: 'cancelled', error: 'the import was cancelled before it started' });
        }
      },
      dismiss(id) {
        set({ jobs: get().jobs.filter((j) => j.id !== id || controllers.has(id)) });
      },
    };
  });
  return store;
}

/** Waiting or running: it can still be cancelled, and not yet dismissed. */
export function isUnfinished(phase: ImportPhase): boolean {
  return phase === 'waiting' || phase === 'uploading' || phase === 'importing';
}
