/** How the cross-chain arbitrageur sends its three legs: a router swap, a bridge lock, a router swap. */
import type { SideToken } from "../../crosschain/config";
import { swapCall, type Venue } from "../../crosschain/venue";
import { bridgeInterface } from "../../engine/bridgeCalls";
import { feeFields } from "../kit/fees";
import { CROSS_CHAIN_TIP, LOCK_GAS_LIMIT, SWAP_GAS_LIMIT } from "./settings";

/** Swaps exactly `amountIn` of one token for at least `amountOutMin` of the other on `venue`'s pool. */
export async function sendSwap(
  venue: Venue,
  trader: string,
  path: readonly [SideToken, SideToken],
  amountIn: bigint,
  amountOutMin: bigint,
): Promise<string> {
  const call = await swapCall(venue, trader, path, amountIn, amountOutMin);
  return venue.send(trader, {
    ...call,
    gasLimit: SWAP_GAS_LIMIT,
    ...feeFields(venue.chain.baseFeePerGas, CROSS_CHAIN_TIP),
  });
}

/** Locks `amount` WETH in `venue`'s bridge for itself on chain `destination`. */
export function sendLock(venue: Venue, trader: string, amount: bigint, destination: number): Promise<string> {
  const data = bridgeInterface.encodeFunctionData("lock", [
    venue.tokens.WETH.address,
    amount,
    destination,
    trader,
  ]);
  return venue.send(trader, {
    to: venue.bridge,
    data,
    gasLimit: LOCK_GAS_LIMIT,
    ...feeFields(venue.chain.baseFeePerGas, CROSS_CHAIN_TIP),
  });
}
