/**
 * Building real blocks on the sandbox world for the inspector's tests: swaps sent from named actors
 * with explicit tips (the chain orders a block by tip), then one `mine()` and the block's receipts.
 */
import type { ContractTransactionResponse, Signer, TransactionReceipt } from "ethers";
import type { Chain } from "../../server/chain/chain";
import type { MinedBlock } from "../../server/engine/bot";
import type { TokenSymbol } from "../../server/world/config";
import type { PoolHandle, World } from "../../server/world/types";

export const GWEI = 10n ** 9n;
/** Far above the base fee: what a transaction pays is base fee + its tip, so the tip decides the order. */
export const MAX_FEE_PER_GAS = 200n * GWEI;
/** Explicit gas: no estimation (which would throw for a transaction meant to revert), and fast sending. */
export const GAS_LIMIT = 1_000_000n;
const MAX_UINT256 = 2n ** 256n - 1n;
const FAR_DEADLINE = 2n ** 40n;

/** Fee fields of a transaction that should land at the position `tipGwei` gives it. */
export function tipped(tipGwei: bigint) {
  return { maxPriorityFeePerGas: tipGwei * GWEI, maxFeePerGas: MAX_FEE_PER_GAS, gasLimit: GAS_LIMIT };
}

/** Mines one block with everything pending and returns it as the engine hands it to the inspector. */
export async function mineBlock(chain: Chain): Promise<MinedBlock> {
  const block = await chain.mine();
  const receipts = await Promise.all(
    block.transactions.map(async (hash) => (await chain.provider.getTransactionReceipt(hash))!),
  );
  return {
    number: block.number,
    timestamp: block.timestamp,
    baseFeePerGas: block.baseFeePerGas ?? 0n,
    receipts: receipts.sort((a, b) => a.index - b.index),
  };
}

export function poolNamed(world: World, name: string): PoolHandle {
  const pool = world.pools.find((p) => p.name === name);
  if (!pool) throw new Error(`no pool named ${name}`);
  return pool;
}

/** A pool's reserves of `tokenIn` and `tokenOut`, in that order. */
export async function reservesFor(pool: PoolHandle, tokenIn: TokenSymbol, tokenOut: TokenSymbol) {
  const [reserve0, reserve1] = await pool.pair.getReserves();
  if (pool.token0 === tokenIn && pool.token1 === tokenOut)
    return { reserveIn: reserve0, reserveOut: reserve1 };
  if (pool.token1 === tokenIn && pool.token0 === tokenOut)
    return { reserveIn: reserve1, reserveOut: reserve0 };
  throw new Error(`${pool.name} does not trade ${tokenIn} for ${tokenOut}`);
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
        (symbol) => () => world.tokens[symbol].contract.connect(signer).approve(spender, MAX_UINT256),
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
