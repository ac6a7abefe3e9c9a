// Derives a large trace's span tree off the window's thread and sends it back as typed arrays
// (transferred, not copied). Started by ./tree-deriver.ts.
import { buildSpanTree } from '../../../../shared/trace/span-tree';
import { packSpanTree, transferables } from '../../../../shared/trace/span-tree-transfer';
import { treeInputs, type TreeColumns } from './trace-model';

self.onmessage = (event: MessageEvent<{ id: number; columns: TreeColumns }>) => {
  const { id, columns } = event.data;
  try {
    const packed = packSpanTree(buildSpanTree(treeInputs(columns)));
    (self as unknown as Worker).postMessage({ id, packed }, transferables(packed));
  } catch (error) {
    (self as unknown as Worker).postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
