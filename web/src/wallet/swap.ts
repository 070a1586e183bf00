/**
 * A swap from the page: quoted with the contract's own formula (server/math/amm.ts, `getAmountOut`)
 * on reserves read from the chain, the slippage tolerance turned into `amountOutMin` as wallets do,
 * then signed in the browser (the key never leaves it) and sent to the public mempool or the
 * protected path. The pure parts (plan, transactions) are apart from the sending.
 */
import { MaxUint256, type TransactionRequest, type Wallet } from "ethers";
import { amountOutMinFor, getAmountOut } from "../../../server/math/amm";
import type { PoolState, TokenState, WorldState } from "../../../server/world/describe";
import { IERC20__factory } from "../../../typechain-types/factories/@openzeppelin/contracts/token/ERC20/IERC20__factory";
import { IAmmRouter__factory } from "../../../typechain-types/factories/contracts/dex/interfaces/IAmmRouter__factory";
import type { ChainClient } from "./chain";

export const ROUTER = IAmmRouter__factory.createInterface();
export const ERC20 = IERC20__factory.createInterface();

// Gas limits as the sandbox's own bots set them (server/bots: SWAP_GAS_LIMIT, PAYMENT_GAS), with room for approve.
export const SWAP_GAS = 200_000n;
export const APPROVE_GAS = 60_000n;
export const TRANSFER_GAS = 21_000n;
/** The tip a public or protected swap from the page offers: 1 gwei. */
export const PAGE_TIP = 1_000_000_000n;
/** How long a swap stays valid, in seconds of chain time. */
export const DEADLINE_SECONDS = 3_600n;

export interface Reserves {
  reserve0: bigint;
  reserve1: bigint;
}

export interface SwapPlan {
  pool: PoolState;
  tokenIn: TokenState;
  tokenOut: TokenState;
  amountIn: bigint;
  reserveIn: bigint;
  reserveOut: bigint;
  /** What the pool gives now: getAmountOut on the reserves read. */
  amountOut: bigint;
  slippageBps: bigint;
  /** The least the swap accepts; less and it reverts. */
  amountOutMin: bigint;
}

/** Reserves of `pool` oriented for selling `symbolIn`. */
export function orient(pool: PoolState, symbolIn: string, reserves: Reserves) {
  const forward = pool.token0 === symbolIn;
  return {
    reserveIn: forward ? reserves.reserve0 : reserves.reserve1,
    reserveOut: forward ? reserves.reserve1 : reserves.reserve0,
  };
}

export function planSwap(input: {
  pool: PoolState;
  tokenIn: TokenState;
  tokenOut: TokenState;
  amountIn: bigint;
  reserves: Reserves;
  slippageBps: bigint;
}): SwapPlan {
  const { reserveIn, reserveOut } = orient(input.pool, input.tokenIn.symbol, input.reserves);
  const amountOut = getAmountOut(input.amountIn, reserveIn, reserveOut, BigInt(input.pool.feeBps));
  return {
    ...input,
    reserveIn,
    reserveOut,
    amountOut,
    amountOutMin: amountOutMinFor(amountOut, input.slippageBps),
  };
}

/** The router of a pool's DEX, from the world's contracts ("DEX A router"). */
export function routerOf(world: Pick<WorldState, "contracts">, pool: Pick<PoolState, "dex">): string {
  const router = world.contracts.find((c) => c.kind === "router" && c.name === `${pool.dex} router`);
  if (!router) throw new Error(`the world has no router for ${pool.dex}`);
  return router.address;
}

/** Fee fields as a wallet sets them: the tip, and room for the base fee to double. */
export function feeFields(baseFee: bigint, tip: bigint) {
  return { type: 2, maxPriorityFeePerGas: tip, maxFeePerGas: 2n * baseFee + tip };
}

export function approveRequest(token: string, spender: string): TransactionRequest {
  return {
    to: token,
    data: ERC20.encodeFunctionData("approve", [spender, MaxUint256]),
    gasLimit: APPROVE_GAS,
  };
}

export function swapRequest(
  plan: Pick<SwapPlan, "amountIn" | "amountOutMin" | "tokenIn" | "tokenOut">,
  router: string,
  to: string,
  deadline: bigint,
): TransactionRequest {
  const path = [plan.tokenIn.address, plan.tokenOut.address];
  return {
    to: router,
    data: ROUTER.encodeFunctionData("swapExactTokensForTokens", [
      plan.amountIn,
      plan.amountOutMin,
      path,
      to,
      deadline,
    ]),
    gasLimit: SWAP_GAS,
  };
}

export interface SentSwap {
  approveHash: string | null;
  swapHash: string;
}

/** Signs `requests` with consecutive nonces from `nonce`, all with the same fees. */
export async function signAll(
  wallet: Wallet,
  requests: readonly TransactionRequest[],
  context: { chainId: number; nonce: number; fees: ReturnType<typeof feeFields> },
): Promise<string[]> {
  return Promise.all(
    requests.map((request, i) =>
      wallet.signTransaction({
        ...request,
        ...context.fees,
        chainId: context.chainId,
        nonce: context.nonce + i,
      }),
    ),
  );
}

/**
 * Approves the router first when its allowance is short (the approval and the swap land in
 * nonce order), then sends the swap: publicly, or privately on the protected path.
 */
export async function sendSwap(
  chain: ChainClient,
  wallet: Wallet,
  plan: SwapPlan,
  options: { router: string; viaProtected: boolean },
): Promise<SentSwap> {
  const { router, viaProtected } = options;
  const [latest, allowance, nonce] = await Promise.all([
    chain.latestBlock(),
    chain.allowance(plan.tokenIn.address, wallet.address, router),
    chain.nonce(wallet.address, viaProtected),
  ]);
  const swap = swapRequest(plan, router, wallet.address, BigInt(latest.timestamp) + DEADLINE_SECONDS);
  const needsApproval = allowance < plan.amountIn;
  const requests = needsApproval ? [approveRequest(plan.tokenIn.address, router), swap] : [swap];
  const fees = feeFields(latest.baseFeePerGas, PAGE_TIP);
  const signed = await signAll(wallet, requests, { chainId: chain.chainId, nonce, fees });
  const hashes: string[] = [];
  for (const raw of signed) hashes.push(await chain.sendRaw(raw, viaProtected));
  return { approveHash: needsApproval ? hashes[0]! : null, swapHash: hashes.at(-1)! };
}
