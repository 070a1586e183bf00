/**
 * Watches the chain's mempool the way any searcher would: a pending-transaction filter over
 * JSON-RPC. It sees every transaction, whoever sent it: bots, scenarios, or an outside wallet.
 */
import type { TransactionResponse } from "ethers";
import type { Chain } from "../chain/chain";

export class MempoolWatcher {
  private filterId: string | undefined;

  constructor(private readonly chain: Chain) {}

  /** Starts (or restarts, after a snapshot revert) watching; transactions already pending are not reported. */
  async start(): Promise<void> {
    await this.stop();
    this.filterId = await this.chain.rpc<string>("eth_newPendingTransactionFilter");
  }

  /** Stops watching. The node keeps a filter, and every hash sent after it, until it is uninstalled (a revert keeps it too). */
  async stop(): Promise<void> {
    const id = this.filterId;
    this.filterId = undefined;
    if (id) await this.chain.rpc("eth_uninstallFilter", [id]).catch(() => false);
  }

  /** Transactions that entered the mempool since the last poll, in arrival order. */
  async poll(): Promise<TransactionResponse[]> {
    if (!this.filterId) await this.start();
    const hashes = await this.chain.rpc<string[] | null>("eth_getFilterChanges", [this.filterId]);
    if (!hashes) {
      // The node forgot the filter (its chain was reset): watch again from now.
      await this.start();
      return [];
    }
    const txs = await Promise.all(hashes.map((hash) => this.chain.provider.getTransaction(hash)));
    return txs.filter((tx): tx is TransactionResponse => tx !== null && tx.blockNumber === null);
  }

  /** Hashes of every transaction now waiting in the public pool, in arrival order (the builder orders the block). */
  async pendingHashes(): Promise<string[]> {
    // Raw JSON-RPC: ethers cannot parse a pending block (its number is null).
    const block = await this.chain.rpc<{ transactions: string[] } | null>("eth_getBlockByNumber", [
      "pending",
      false,
    ]);
    return block?.transactions ?? [];
  }
}
