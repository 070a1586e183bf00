/** Reading a pending transaction as a router swap: what the sandwicher, the JIT provider and the back-runner watch for. */
import { AmmRouter__factory } from "../../../typechain-types";
import type { PendingTx } from "../../engine/bot";
import type { TokenSymbol } from "../../world/config";
import { tokenByAddress, type WorldIndex } from "../../world/market";
import type { DexHandle, World } from "../../world/types";

const routerInterface = AmmRouter__factory.createInterface();

/** A pending `swapExactTokensForTokens` sent to one of the world's routers. */
export interface RouterSwap {
  tx: PendingTx;
  dex: DexHandle;
  amountIn: bigint;
  amountOutMin: bigint;
  /** Symbols of the path; undefined where a token is not one of the world's. */
  path: (TokenSymbol | undefined)[];
}

/** The call, if it is a `swapExactTokensForTokens` sent to one of the world's routers. */
export function routerSwap(world: World, index: WorldIndex, tx: PendingTx): RouterSwap | undefined {
  const dex = tx.to ? index.routers.get(tx.to.toLowerCase()) : undefined;
  if (!dex) return undefined;
  let call: ReturnType<typeof routerInterface.parseTransaction>;
  try {
    call = routerInterface.parseTransaction({ data: tx.data });
  } catch {
    return undefined; // calldata that does not decode: the router would revert it anyway
  }
  if (call?.name !== "swapExactTokensForTokens") return undefined;
  const path = (call.args.path as string[]).map((address) => tokenByAddress(world, address)?.symbol);
  return { tx, dex, amountIn: call.args.amountIn, amountOutMin: call.args.amountOutMin, path };
}
