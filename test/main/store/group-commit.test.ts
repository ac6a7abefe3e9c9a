import { describe, expect, it } from 'vitest';
import { GroupCommitter, type CommitOutcome } from '../../../src/main/store/group-commit';
import type { PreparedBatch, PreparedSpan } from '../../../src/main/store/prepared-batch';
import type { SpanWriter } from '../../../src/main/store/span-writer';

/** Records the transactions it is asked to write; each batch is identified by its span count. */
function recordingWriter() {
  const transactions: number[][] = [];
  const writer = {
    writePrepared(batches: readonly PreparedBatch[]) {
      transactions.push(batches.map((b) => b.spans.length));
      return { stored: 0, duplicates: 0, updates: [] };
    },
  } as unknown as SpanWriter;
  return { writer, transactions };
}

const batchOf = (spans: number): PreparedBatch => ({ groups: [], spans: new Array<PreparedSpan>(spans) });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function committerWith(options: ConstructorParameters<typeof GroupCommitter>[2]) {
  const { writer, transactions } = recordingWriter();
  const outcomes: CommitOutcome[] = [];
  let notify = () => {};
  const committer = new GroupCommitter(writer, (outcome) => {
    outcomes.push(outcome);
    notify();
  }, options);
  const commits = (count: number) =>
    new Promise<void>((resolve) => {
      notify = () => outcomes.length >= count && resolve();
      notify();
    });
  return { committer, transactions, outcomes, commits };
}

describe('GroupCommitter', () => {
  it('commits a request to an idle store on the next turn', async () => {
    const { committer, transactions } = committerWith({ minIntervalMs: 60_000 });
    committer.enqueue(1, batchOf(3));
    await nextTurn();
    expect(transactions).toEqual([[3]]);
  });

  it('writes the requests that arrive within the interval after a commit in one transaction', async () => {
    const { committer, transactions, outcomes, commits } = committerWith({ minIntervalMs: 150 });
    committer.enqueue(1, batchOf(1));
    await commits(1);
    committer.enqueue(2, batchOf(2));
    await nextTurn();
    committer.enqueue(3, batchOf(3));
    await nextTurn();
    expect(transactions).toEqual([[1]]);
    await commits(2);
    expect(transactions).toEqual([[1], [2, 3]]);
    expect(outcomes.map((o) => o.ids)).toEqual([[1], [2, 3]]);
  });

  it('does not wait for the interval once enough spans are waiting', async () => {
    const { committer, transactions, commits } = committerWith({ minIntervalMs: 60_000, commitAtSpans: 100 });
    committer.enqueue(1, batchOf(1));
    await commits(1);
    committer.enqueue(2, batchOf(60));
    await nextTurn();
    expect(transactions).toEqual([[1]]);
    committer.enqueue(3, batchOf(40));
    await commits(2);
    expect(transactions).toEqual([[1], [60, 40]]);
  });

  it('writes what is waiting when asked to (on close), without waiting for the interval', async () => {
    const { committer, transactions, commits } = committerWith({ minIntervalMs: 60_000 });
    committer.enqueue(1, batchOf(1));
    await commits(1);
    committer.enqueue(2, batchOf(5));
    committer.commit();
    expect(transactions).toEqual([[1], [5]]);
  });
});
