/** The public mempool: pending transactions in arrival order, until a block includes them. */
import type { TxPending } from "../../../server/events";
import type { SliceReducer } from "./slice";

export interface MempoolSlice {
  /** Pending transactions in arrival order; they leave when a block includes them. */
  mempool: TxPending[];
}

export const mempoolReducer: SliceReducer<MempoolSlice> = {
  empty: { mempool: [] },
  reduce({ mempool }, event) {
    switch (event.type) {
      case "tx:pending":
        if (mempool.some((tx) => tx.hash === event.hash)) return {};
        // A replacement (same sender and nonce, a higher bid in a gas auction): the node dropped the old one.
        return { mempool: [...mempool.filter((tx) => tx.hash !== event.replaces), event] };
      case "block:mined": {
        const included = new Set(event.txs.map((tx) => tx.hash));
        return { mempool: mempool.filter((tx) => !included.has(tx.hash)) };
      }
      default:
        return {};
    }
  },
};
