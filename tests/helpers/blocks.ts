/**
 * Building real blocks on the sandbox world for the inspector's tests: swaps sent from named actors
 * with explicit tips (the chain orders a block by tip), then one `mine()` and the block's receipts.
 */
import { type ContractTransactionResponse, MaxUint256, type Signer, type TransactionReceipt } from "ethers";
import type { Chain } from "../../server/chain/chain";
import { type MinedBlock, minedBlockOf } from "../../server/engine/bot";
import { GWEI } from "../../server/format";
import { poolNamed } from "../../server/scenarios/text";
import type { TokenSymbol } from "../../server/world/config";
import { reservesFor as reservesForIn } from "../../server/world/market";
import type { PoolHandle, World } from "../../server/world/types";

export { GWEI };
/** Far above the base fee: what a transaction pays is base fee + its tip, so the tip decides the order. */
export const MAX_FEE_PER_GAS = 200n * GWEI;
/** Explicit gas: no estimation (which would throw for a transaction meant to revert), and fast sending. */
export const GAS_LIMIT = 1_000_000n;
const FAR_DEADLINE = 2n ** 40n;

/** Fee fields of a transaction that should land at the position `tipGwei` gives it. */
export function tipped(tipGwei: bigint) {
  return { maxPriorityFeePerGas: tipGwei * GWEI, maxFeePerGas: MAX_FEE_PER_GAS, gasLimit: GAS_LIMIT };
}

/** Mines one block with everything pending and returns it as the engine hands it to the inspector. */
export async function mineBlock(chain: Chain): Promise<MinedBlock> {
  return minedBlockOf(chain, await chain.mine());
}

export { poolNamed };

/** A pool's reserves of `tokenIn` and `tokenOut`, in that order. */
export async function reservesFor(pool: PoolHandle, tokenIn: TokenSymbol, tokenOut: TokenSymbol) {
  const trades = new Set([pool.token0, pool.token1]);
  if (!trades.has(tokenIn) || !trades.has(tokenOut) || tokenIn === tokenOut) {
    throw new Error(`${pool.name} does not trade ${tokenIn} for ${tokenOut}`);
  }
  return reservesForIn(pool, tokenIn);
}

/** Approves every given token for `spender` from each signer, in one mined batch. */
export async function approveAll(
  chain: Chain,
  world: World,
  signers: readonly Signer[],
  symbols: readonly TokenSymbol[],
  spender: string,
): Promise<TransactionReceipt[]> {
  return chain.minedBatch(
    signers.flatMap((signer) =>
      symbols.map(
        (symbol) => () => world.tokens[symbol].contract.connect(signer).approve(spender, MaxUint256),
      ),
    ),
  );
}

export interface SwapOrder {
  from: Signer;
  dex: "dexA" | "dexB";
  tokenIn: TokenSymbol;
  tokenOut: TokenSymbol;
  amountIn: bigint;
  tipGwei: bigint;
}

/** Sends (does not mine) a router exact-input swap with no slippage limit; returns its hash. */
export async function sendSwap(world: World, order: SwapOrder): Promise<string> {
  const tx: ContractTransactionResponse = await world.dexes[order.dex].router
    .connect(order.from)
    .swapExactTokensForTokens(
      order.amountIn,
      0n,
      [world.tokens[order.tokenIn].address, world.tokens[order.tokenOut].address],
      await order.from.getAddress(),
      FAR_DEADLINE,
      tipped(order.tipGwei),
    );
  return tx.hash;
}

/** `account`'s balance of `symbol`, now. */
export function balanceOf(world: World, symbol: TokenSymbol, account: string): Promise<bigint> {
  return world.tokens[symbol].contract.balanceOf(account);
}
