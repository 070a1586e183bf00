/**
 * The second chain's transactions as sentences learners read (the main chain's are decoded by the
 * engine, server/engine/calldata.ts): swaps on its DEX, token approvals and mints, bridge calls.
 */
import type { TransactionDescription, TransactionResponse } from "ethers";
import { AmmRouter__factory, WETH__factory } from "../../typechain-types";
import type { MinedBlock } from "../engine/bot";
import { bridgeCallSentence, bridgeInterface } from "../engine/bridgeCalls";
import type { CrossChainTx } from "../events";
import { formatToken } from "../format";
import { labelled, tokenAt, type Venue } from "./venue";

const routerInterface = AmmRouter__factory.createInterface();
const tokenInterface = WETH__factory.createInterface();

/** Each transaction of a mined block of `venue`'s chain, in block order, with what it did. */
export async function decodeBlock(venue: Venue, block: MinedBlock): Promise<CrossChainTx[]> {
  return Promise.all(
    block.receipts.map(async (receipt) => {
      const tx = await venue.chain.provider.getTransaction(receipt.hash);
      return {
        hash: receipt.hash,
        from: labelled(venue, receipt.from),
        to: receipt.to ? labelled(venue, receipt.to) : null,
        status: receipt.status === 1 ? "success" : "reverted",
        gasUsed: receipt.gasUsed.toString(),
        sentence: tx ? sentenceOf(venue, tx) : `${venue.registry.label(receipt.from)} sends a transaction`,
      } satisfies CrossChainTx;
    }),
  );
}

function sentenceOf(venue: Venue, tx: Pick<TransactionResponse, "from" | "to" | "data">): string {
  const from = venue.registry.label(tx.from);
  if (!tx.to) return `${from} deploys a contract`;
  const kind = venue.registry.lookup(tx.to)?.kind;
  const iface =
    kind === "router"
      ? routerInterface
      : kind === "token"
        ? tokenInterface
        : kind === "bridge"
          ? bridgeInterface
          : undefined;
  const call = iface?.parseTransaction({ data: tx.data });
  const sentence = call && callSentence(venue, from, tx.to, call);
  return sentence ?? `${from} calls ${call?.name ?? "a function"} on ${venue.registry.label(tx.to)}`;
}

function amount(venue: Venue, value: bigint, token: string): string {
  const known = tokenAt(venue, token);
  return known ? formatToken(value, known, 6) : `${value} units of ${venue.registry.label(token)}`;
}

function callSentence(
  venue: Venue,
  from: string,
  to: string,
  call: TransactionDescription,
): string | undefined {
  const a = call.args;
  const label = (address: string) => venue.registry.label(address);
  switch (call.name) {
    case "swapExactTokensForTokens": {
      const path = a.path as string[];
      return `${from} swaps ${amount(venue, a.amountIn, path[0]!)} for ≥ ${amount(venue, a.amountOutMin, path.at(-1)!)} on ${venue.dexName}`;
    }
    case "approve":
      return `${from} lets ${label(a.spender)} spend its ${label(to)}`;
    case "mint":
      return `${from} mints ${amount(venue, a.amount, to)} for ${label(a.to)}`;
    case "transfer":
      return `${from} sends ${amount(venue, a.value ?? a.amount, to)} to ${label(a.to)}`;
    default:
      return bridgeCallSentence(from, call, { label, amount: (value, token) => amount(venue, value, token) });
  }
}
