/**
 * "Back-run this": the searcher's tool in a click. A pending swap's own signed transaction (rebuilt
 * from what `eth_getTransactionByHash` says, and checked against its hash), then the student's swap
 * on the same pool the other way, then a payment to the block producer: one bundle for the next
 * block, sent with `eth_sendBundle` and signed as Flashbots' clients sign (`X-Flashbots-Signature`).
 * Planning and signing are pure of I/O; `sendBackrun` does the reading and sending.
 */
import { id, type TransactionRequest, type Wallet } from "ethers";
import { type RpcTransaction, rebuildSignedTransaction } from "../../../server/lib/rpcTransaction";
import { getAmountIn, getAmountOut, quote } from "../../../server/math/amm";
import type { PoolState, TokenState, WorldState } from "../../../server/world/describe";
import type { ChainClient } from "./chain";
import {
  approveRequest,
  DEADLINE_SECONDS,
  feeFields,
  orient,
  type Reserves,
  ROUTER,
  signAll,
  swapRequest,
  TRANSFER_GAS,
} from "./swap";

/** A signed transaction rebuilt from its JSON-RPC fields; throws unless its hash is the one asked for. */
export function rebuildSigned(rpc: RpcTransaction): string {
  return rebuildSignedTransaction(rpc).serialized;
}

/** A pending single-pool swap through a router of the world, decoded from its calldata. */
export interface TargetSwap {
  pool: PoolState;
  tokenIn: TokenState;
  tokenOut: TokenState;
  /** The input it sells (exact-input swaps), or the output it buys (exact-output swaps). */
  exact: { side: "in" | "out"; amount: bigint };
}

/** The swap `tx` makes, or the reason it cannot be back-run here. */
export function decodeTargetSwap(
  world: WorldState,
  tx: { to: string | null; input: string },
): TargetSwap | string {
  const router = world.contracts.find(
    (c) => c.kind === "router" && c.address.toLowerCase() === tx.to?.toLowerCase(),
  );
  if (!router) return "it is not a swap through one of the sandbox's routers";
  const call = ROUTER.parseTransaction({ data: tx.input });
  const exactIn = call?.name === "swapExactTokensForTokens";
  if (!call || !(exactIn || call.name === "swapTokensForExactTokens")) return "it is not a token swap";
  const path = call.args.path as string[];
  if (path.length !== 2) return "it swaps through several pools: only single-pool swaps can be back-run here";
  const token = (address: string) =>
    world.tokens.find((t) => t.address.toLowerCase() === address.toLowerCase());
  const [tokenIn, tokenOut] = [token(path[0]!), token(path[1]!)];
  const dex = router.name.replace(/ router$/, "");
  const pool = world.pools.find(
    (p) =>
      p.dex === dex &&
      [p.token0, p.token1].sort().join() === [tokenIn?.symbol, tokenOut?.symbol].sort().join(),
  );
  if (!tokenIn || !tokenOut || !pool) return "it swaps tokens the sandbox has no pool for";
  const amount = (exactIn ? call.args.amountIn : call.args.amountOut) as bigint;
  return { pool, tokenIn, tokenOut, exact: { side: exactIn ? "in" : "out", amount } };
}

export interface BackrunPlan {
  target: TargetSwap;
  /** What the target puts in and takes out, on the reserves read. */
  targetIn: bigint;
  targetOut: bigint;
  /** The student sells `amountIn` of the target's output token, right after it… */
  amountIn: bigint;
  /** …and receives this much of the target's input token (the swap's exact minimum). */
  amountOut: bigint;
  /** `amountOut` valued at the pool's price before the target, in the token sold. */
  valueBefore: bigint;
}

/** What the target does to the pool, and what the student's opposite swap of `amountIn` then gets. */
export function planBackrun(target: TargetSwap, reserves: Reserves, amountIn: bigint): BackrunPlan {
  const fee = BigInt(target.pool.feeBps);
  const { reserveIn, reserveOut } = orient(target.pool, target.tokenIn.symbol, reserves);
  const exactIn = target.exact.side === "in";
  const targetIn = exactIn
    ? target.exact.amount
    : getAmountIn(target.exact.amount, reserveIn, reserveOut, fee);
  const targetOut = exactIn ? getAmountOut(targetIn, reserveIn, reserveOut, fee) : target.exact.amount;
  const amountOut = getAmountOut(amountIn, reserveOut - targetOut, reserveIn + targetIn, fee);
  return {
    target,
    targetIn,
    targetOut,
    amountIn,
    amountOut,
    // Nothing back is worth nothing (and quote() refuses a zero amount).
    valueBefore: amountOut === 0n ? 0n : quote(amountOut, reserveIn, reserveOut),
  };
}

/**
 * The back-run's default size: what the target receives. Selling that much back (without fees)
 * returns the pool to its price before the target, where the opposite trade stops paying.
 */
export function defaultBackrunAmount(target: TargetSwap, reserves: Reserves): bigint {
  return planBackrun(target, reserves, 1n).targetOut;
}

/** The student's part of the bundle: [approve?, the opposite swap, the payment to the block producer]. */
export function backrunRequests(
  plan: BackrunPlan,
  options: {
    router: string;
    student: string;
    coinbase: string;
    payment: bigint;
    approve: boolean;
    deadline: bigint;
  },
): TransactionRequest[] {
  const swap = swapRequest(
    {
      amountIn: plan.amountIn,
      amountOutMin: plan.amountOut,
      tokenIn: plan.target.tokenOut,
      tokenOut: plan.target.tokenIn,
    },
    options.router,
    options.student,
    options.deadline,
  );
  const pay: TransactionRequest = { to: options.coinbase, value: options.payment, gasLimit: TRANSFER_GAS };
  return [
    ...(options.approve ? [approveRequest(plan.target.tokenOut.address, options.router)] : []),
    swap,
    pay,
  ];
}

/** The exact bytes of an `eth_sendBundle` request for `blockNumber`. */
export function bundleBody(txs: readonly string[], blockNumber: number, requestId = 1): string {
  return JSON.stringify({
    jsonrpc: "2.0",
    id: requestId,
    method: "eth_sendBundle",
    params: [{ txs, blockNumber: `0x${blockNumber.toString(16)}` }],
  });
}

/** `X-Flashbots-Signature`: `address:signature`, the EIP-191 signature of the hex text of keccak256(body). */
export async function flashbotsSignature(wallet: Pick<Wallet, "address" | "signMessage">, body: string) {
  return `${wallet.address}:${await wallet.signMessage(id(body))}`;
}

export interface SentBundle {
  bundleHash: string;
  blockNumber: number;
  plan: BackrunPlan;
}

/** Reads the target and the pool, builds the bundle for the next block, signs it and sends it. */
export async function sendBackrun(
  chain: ChainClient,
  wallet: Wallet,
  input: { world: WorldState; targetHash: string; amountIn: bigint; payment: bigint; coinbase: string },
): Promise<SentBundle> {
  const pending = await chain.transaction(input.targetHash);
  if (!pending) throw new Error("the target is no longer pending: it was mined or dropped");
  if (pending.blockNumber !== null) throw new Error("the target is already mined: a back-run comes too late");
  const target = decodeTargetSwap(input.world, pending);
  if (typeof target === "string") throw new Error(`this transaction cannot be back-run: ${target}`);
  const router = pending.to!;
  const [latest, reserves, allowance, nonce] = await Promise.all([
    chain.latestBlock(),
    chain.reserves(target.pool),
    chain.allowance(target.tokenOut.address, wallet.address, router),
    chain.nonce(wallet.address),
  ]);
  const plan = planBackrun(target, reserves, input.amountIn);
  const requests = backrunRequests(plan, {
    router,
    student: wallet.address,
    coinbase: input.coinbase,
    payment: input.payment,
    approve: allowance < input.amountIn,
    deadline: BigInt(latest.timestamp) + DEADLINE_SECONDS,
  });
  // In a bundle the builder is paid by the transfer: no tip.
  const fees = feeFields(latest.baseFeePerGas, 0n);
  const own = await signAll(wallet, requests, { chainId: chain.chainId, nonce, fees });
  const blockNumber = latest.number + 1;
  const body = bundleBody([rebuildSigned(pending), ...own], blockNumber);
  const answer = await chain.postSigned<{ bundleHash: string }>(body, {
    "X-Flashbots-Signature": await flashbotsSignature(wallet, body),
  });
  return { bundleHash: answer.bundleHash, blockNumber, plan };
}
