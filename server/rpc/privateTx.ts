/**
 * Flashbots' private transactions on both JSON-RPC URLs: eth_sendPrivateTransaction hands a signed
 * transaction to the builder alone (the protected path: no pending filter, pending block or bot sees
 * it) and answers its hash; eth_cancelPrivateTransaction withdraws it while it waits, for its sender
 * or the key that signed the request that sent it, as on Flashbots (the X-Flashbots-Signature proves
 * who asks; classroom mode requires it).
 */
import {
  BundleError,
  cancelPrivateTransactionSchema,
  parseBundleParams,
  sendPrivateTransactionSchema,
  toBlockNumber,
} from "../builder/bundleFormat";
import type { Chain } from "../chain/chain";
import type { BuilderMethodDeps, BundleSender } from "./builderMethods";

export const PRIVATE_TX_METHODS = new Set(["eth_sendPrivateTransaction", "eth_cancelPrivateTransaction"]);

export async function privateTxMethod(
  method: string,
  params: unknown,
  { chain, builder }: BuilderMethodDeps,
  sender: BundleSender,
): Promise<unknown> {
  if (method === "eth_sendPrivateTransaction") {
    const { tx } = await parsePrivateTransaction(method, params, chain);
    return builder.protect(tx, sender.signer);
  }
  const { txHash } = parseBundleParams(method, cancelPrivateTransactionSchema, params);
  if (!sender.signer && sender.cancelNeedsSignature) {
    throw new BundleError(
      `${method} must say who is asking: sign the request with the X-Flashbots-Signature header (<address>:<EIP-191 signature of keccak256(body)>), as the transaction's sender or the key that signed its eth_sendPrivateTransaction`,
    );
  }
  if (!builder.cancelProtected(txHash, sender.signer ?? null)) {
    throw new BundleError(
      `${method}: no private transaction ${txHash} is waiting (never sent, or already in a block)`,
    );
  }
  return true;
}

/** eth_sendPrivateTransaction's parameter object, checked: one that could never be included is refused. */
export async function parsePrivateTransaction(method: string, params: unknown, chain: Chain) {
  const parsed = parseBundleParams(method, sendPrivateTransactionSchema, params);
  const { maxBlockNumber } = parsed;
  const next = (await chain.latestBlock()).number + 1;
  if (maxBlockNumber !== undefined && toBlockNumber(maxBlockNumber) < next) {
    throw new BundleError(
      `${method}: maxBlockNumber ${toBlockNumber(maxBlockNumber)} is before the next block, ${next}: the transaction could never be included`,
    );
  }
  return parsed;
}
