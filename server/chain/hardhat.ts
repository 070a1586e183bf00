/**
 * The in-process Hardhat network: the only module of the engine that knows it runs on Hardhat.
 */
import type { HardhatNetworkConfig, HardhatRuntimeEnvironment } from "hardhat/types";
import { type BatchSender, Chain, type RpcCall, type RpcProvider } from "./chain";

/**
 * A Chain over Hardhat's in-process network (hardhat.config.ts: automine off, FIFO pool; the builder
 * orders blocks). In fork mode it knows what it forked, so that a reset forks the same state again.
 */
export function hardhatChain(hre: HardhatRuntimeEnvironment): Chain {
  const provider = hre.ethers.provider as unknown as RpcProvider;
  const batches = edrBatches(hre);
  const forking = (hre.network.config as HardhatNetworkConfig).forking;
  if (!forking?.enabled) return new Chain(provider, undefined, batches);
  return new Chain(provider, { jsonRpcUrl: forking.url, blockNumber: forking.blockNumber }, batches);
}

/** The node (EDR) under Hardhat's provider wrappers: it takes a JSON-RPC batch as one request. */
interface EdrNode {
  handleRequest(request: string): Promise<{ data: string | EdrReply }>;
}

type EdrReply = { result: unknown[] } | { error: { code: number; message: string; data?: unknown } };

/** A node's refusal of a call in a batch, as Hardhat's provider reports a single call's. */
class EdrBatchError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly data: unknown,
  ) {
    super(message);
  }
}

/**
 * Batches sent straight to the node under Hardhat's wrappers (which pass one call at a time; each
 * call is a trip to the node's thread and back, the cost that matters for a builder re-sending a
 * block's worth of transactions). Where the node cannot be found, the calls go one by one.
 */
function edrBatches(hre: HardhatRuntimeEnvironment): BatchSender {
  return async (calls: readonly RpcCall[]) => {
    // Looked up each time: hardhat_reset replaces the node under the same wrappers.
    const edr = await findEdrNode(hre);
    if (!edr) return sendOneByOne(hre, calls);
    const request = JSON.stringify(calls.map(([method, params]) => ({ method, params })));
    const { data } = await edr.handleRequest(request);
    const reply = (typeof data === "string" ? JSON.parse(data) : data) as EdrReply;
    if ("error" in reply) throw new EdrBatchError(reply.error.message, reply.error.code, reply.error.data);
    return reply.result;
  };
}

async function sendOneByOne(hre: HardhatRuntimeEnvironment, calls: readonly RpcCall[]): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const [method, params] of calls) results.push(await hre.network.provider.send(method, params));
  return results;
}

/** The node under Hardhat's provider wrappers, started first if it is not yet. */
async function findEdrNode(hre: HardhatRuntimeEnvironment): Promise<EdrNode | null> {
  const started = edrNodeOf(hre);
  if (started) return started;
  await hre.network.provider.send("eth_chainId", []);
  return edrNodeOf(hre);
}

/** Walks Hardhat's provider wrappers (Hardhat 2's field names) down to the node, if it is started. */
function edrNodeOf(hre: HardhatRuntimeEnvironment): EdrNode | null {
  let layer = hre.network.provider as unknown as Record<string, unknown> | undefined;
  for (let depth = 0; layer && depth < 16; depth++) {
    const inner = layer._provider as Partial<EdrNode> | undefined;
    if (typeof inner?.handleRequest === "function") return inner as EdrNode;
    layer = (layer.provider ?? layer._wrappedProvider ?? layer._wrapped) as
      | Record<string, unknown>
      | undefined;
  }
  return null;
}
