/**
 * What the cross-chain arbitrageur reads after each block of the main chain: both chains' WETH/USDC
 * pools, its USDC on each, and each bridge's fee and delay (public state, read with eth_call); and,
 * while a trade is under way, its receipts and its transfer on the destination's bridge.
 */
import type { TransactionReceipt } from "ethers";
import type { CrossChainLink } from "../../crosschain/link";
import { readBridge, readPool, readTokenBalance, type Venue } from "../../crosschain/venue";
import type { BotContext } from "../../engine/bot";
import { bridgeInterface } from "../../engine/bridgeCalls";
import { CROSS_CHAIN_ACTOR } from "./settings";
import type { ChainView, CrossChainSnapshot } from "./types";

async function readChain(venue: Venue, trader: string): Promise<ChainView> {
  const [reserves, capital, [feeBps], [delayBlocks]] = await Promise.all([
    readPool(venue),
    readTokenBalance(venue, "USDC", trader),
    readBridge(venue, "feeBps"),
    readBridge(venue, "delayBlocks"),
  ]);
  return {
    chain: venue.ref,
    pool: venue.pool,
    reserves,
    capital,
    bridgeFeeBps: feeBps as bigint,
    delayBlocks: Number(delayBlocks),
  };
}

/** Both chains as they are now. */
export async function readSnapshot(link: CrossChainLink, ctx: BotContext): Promise<CrossChainSnapshot> {
  const trader = ctx.world.actors[CROSS_CHAIN_ACTOR].address;
  const [main, side] = await Promise.all([readChain(link.main, trader), readChain(link.side, trader)]);
  return {
    chains: [main, side],
    tokens: link.main.tokens,
    block: ctx.blockNumber,
    nextBaseFee: ctx.nextBaseFee,
  };
}

/** The receipt of a transaction sent on `venue`'s chain; null while it is pending. */
export function receiptOn(venue: Venue, hash: string): Promise<TransactionReceipt | null> {
  return venue.chain.provider.getTransactionReceipt(hash);
}

/** Whether the destination's bridge has paid the transfer out. */
export async function isReleased(venue: Venue, transferId: string): Promise<boolean> {
  const transfer = await readBridge(venue, "transfers", [transferId]);
  return transfer.released as boolean;
}

/** The transfer a lock's receipt announces: its id and what crosses after the fee. */
export function lockedTransfer(
  venue: Venue,
  receipt: TransactionReceipt,
): { transferId: string; released: bigint } {
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== venue.bridge.toLowerCase()) continue;
    const parsed = bridgeInterface.parseLog(log);
    if (parsed?.name === "Locked") {
      return {
        transferId: parsed.args.transferId,
        released: (parsed.args.amount as bigint) - (parsed.args.fee as bigint),
      };
    }
  }
  throw new Error(`the lock ${receipt.hash} has no Locked log`);
}
