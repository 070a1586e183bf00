/**
 * The sandbox's relayer, the off-chain half of the bridge. After each block of either chain it reads
 * the bridge's logs there: a `Locked` transfer is relayed to the other chain's bridge (the amount after
 * the fee, in that chain's token of the same symbol); a relayed transfer is released as soon as its
 * delay allows (its `release` lands in the first block where the bridge accepts it). Each log becomes
 * an event: `bridge:locked`, `bridge:relayed`, `bridge:released`. It trusts the logs it reads; the
 * bridge contracts trust it (IMockBridge: only the relayer may relay).
 */
import type { LogDescription, TransactionRequest } from "ethers";
import type { MinedBlock } from "../engine/bot";
import { bridgeInterface } from "../engine/bridgeCalls";
import type { EventDraft } from "../events";
import { GWEI } from "../format";
import { labelled, tokenAt, type Venue, venueAmount } from "./venue";

/** Gas limits of the relayer's calls (what they use, with room). */
export const RELAY_GAS = 150_000n;
export const RELEASE_GAS = 120_000n;
/** The relayer's priority fee: it is in no race. */
const RELAYER_TIP = GWEI;

/** A transfer relayed to `venue`'s bridge and not released yet. */
interface Waiting {
  venue: Venue;
  relayedAtBlock: number;
  releasableAtBlock: number;
  releaseSent: boolean;
}

export class Relayer {
  private readonly waiting = new Map<string, Waiting>();

  constructor(
    private readonly venues: readonly [Venue, Venue],
    /** The account that relays and releases (the bridges' `relayer`). */
    readonly account: string,
    private readonly emit: (draft: EventDraft) => void,
  ) {}

  /** Reads `block` of `venue`'s chain: publishes its bridge logs, relays new locks, releases what is due. */
  async afterBlock(venue: Venue, block: MinedBlock): Promise<void> {
    for (const receipt of block.receipts) {
      for (const log of receipt.logs) {
        if (log.address.toLowerCase() !== venue.bridge.toLowerCase()) continue;
        const parsed = bridgeInterface.parseLog(log);
        if (parsed?.name === "Locked") await this.relay(venue, block.number, receipt.hash, parsed);
        if (parsed?.name === "Relayed") this.noteRelayed(venue, block.number, receipt.hash, parsed);
        if (parsed?.name === "Released") this.noteReleased(venue, block.number, receipt.hash, parsed);
      }
    }
    await this.releaseDue(venue, block.number);
  }

  private async relay(source: Venue, block: number, tx: string, log: LogDescription): Promise<void> {
    const { transferId, sender, recipient, token, destinationChainId } = log.args;
    const [amount, fee] = [log.args.amount as bigint, log.args.fee as bigint];
    const destination = this.venues.find((v) => v !== source && BigInt(v.ref.id) === destinationChainId);
    const sourceToken = tokenAt(source, token);
    if (!sourceToken) return; // only WETH and USDC cross: a lock of another token stays locked
    this.emit({
      type: "bridge:locked",
      chain: source.ref,
      toChain: destination?.ref ?? { id: Number(destinationChainId), name: `chain ${destinationChainId}` },
      block,
      tx,
      transferId,
      sender: labelled(source, sender),
      recipient: labelled(source, recipient),
      amount: venueAmount(sourceToken, amount),
      fee: venueAmount(sourceToken, fee),
      amountAfterFee: venueAmount(sourceToken, amount - fee),
    });
    // A lock for a chain the sandbox does not run stays locked.
    if (!destination) return;
    const data = bridgeInterface.encodeFunctionData("relay", [
      transferId,
      destination.tokens[sourceToken.symbol].address,
      recipient,
      amount - fee,
    ]);
    await destination.send(this.account, this.call(destination, data, RELAY_GAS));
  }

  private noteRelayed(venue: Venue, block: number, tx: string, log: LogDescription): void {
    const { transferId, recipient, token, amount, releasableAtBlock } = log.args;
    const from = this.venues.find((v) => v !== venue)!;
    this.waiting.set(transferId, {
      venue,
      relayedAtBlock: block,
      releasableAtBlock: Number(releasableAtBlock),
      releaseSent: false,
    });
    this.emit({
      type: "bridge:relayed",
      chain: venue.ref,
      fromChain: from.ref,
      block,
      tx,
      transferId,
      recipient: labelled(venue, recipient),
      amount: venueAmount(tokenAt(venue, token)!, amount),
      releasableAtBlock: Number(releasableAtBlock),
    });
  }

  private noteReleased(venue: Venue, block: number, tx: string, log: LogDescription): void {
    const { transferId, recipient, token, amount } = log.args;
    const relayedAt = this.waiting.get(transferId)?.relayedAtBlock ?? block;
    this.waiting.delete(transferId);
    this.emit({
      type: "bridge:released",
      chain: venue.ref,
      block,
      tx,
      transferId,
      recipient: labelled(venue, recipient),
      amount: venueAmount(tokenAt(venue, token)!, amount),
      blocksWaited: block - relayedAt,
    });
  }

  /** Sends `release` for every transfer the bridge will accept in the next block of `venue`'s chain. */
  private async releaseDue(venue: Venue, latest: number): Promise<void> {
    for (const [transferId, waiting] of this.waiting) {
      if (waiting.venue !== venue || waiting.releaseSent || waiting.releasableAtBlock > latest + 1) continue;
      waiting.releaseSent = true;
      const data = bridgeInterface.encodeFunctionData("release", [transferId]);
      await venue.send(this.account, this.call(venue, data, RELEASE_GAS));
    }
  }

  private call(venue: Venue, data: string, gasLimit: bigint): TransactionRequest {
    const baseFee = venue.chain.baseFeePerGas;
    return {
      to: venue.bridge,
      data,
      gasLimit,
      maxPriorityFeePerGas: RELAYER_TIP,
      maxFeePerGas: 2n * baseFee + RELAYER_TIP,
    };
  }
}
