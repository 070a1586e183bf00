/**
 * MEV-Share as the engine sees it: the sandbox's own accounts sending on it (a user's transaction
 * with hints, a bot's back-run), the hints shared since the last look (`hint:shared`, and handed to
 * the bots), and the refunds the builder paid in a block (`refund:paid`).
 */
import { keccak256, type TransactionRequest } from "ethers";
import type { Builder } from "../builder/builder";
import type { MevBundleRequest, RefundRecipient } from "../builder/mevShareFormat";
import type { EventDraft, MevShareHint, MevShareStreamEvent } from "../events";
import type { World } from "../world/types";
import type { CalldataDecoder } from "./calldata";
import { rememberSentPrivately } from "./outbox";
import type { PendingFeed } from "./pendingFeed";
import { nextNonce, signAll } from "./signing";

export class MevShareDesk {
  /** The last shared order this desk published. */
  private cursor = 0;

  constructor(
    private readonly world: World,
    private readonly builder: Builder,
    private readonly decoder: CalldataDecoder,
    private readonly feed: PendingFeed,
    private readonly emit: (draft: EventDraft) => void,
  ) {}

  /** Starts watching the stream from now. */
  begin(): void {
    this.cursor = this.builder.mevShare.lastSeq;
  }

  /** Publishes the hints shared since the last look (`hint:shared`) and returns them as the stream carried them. */
  publishHints(): MevShareStreamEvent[] {
    const orders = this.builder.mevShare.sharedAfter(this.cursor);
    this.cursor = this.builder.mevShare.lastSeq;
    for (const order of orders) {
      this.emit({
        type: "hint:shared",
        block: order.sharedAt,
        hints: order.hints,
        shareBps: order.shareBps,
        hint: order.event,
      });
    }
    return orders.map((order) => order.event);
  }

  /** Publishes the refunds the builder paid in block `number` (`refund:paid`). */
  publishRefunds(number: number): void {
    const label = (address: string) => ({ address, label: this.world.registry.label(address) });
    for (const refund of this.builder.mevShare.refundsIn(number)) {
      this.emit({
        type: "refund:paid",
        block: number,
        user: label(refund.recipient),
        txHash: refund.order,
        searcher: label(refund.searcher),
        searcherPayment: refund.searcherPayment.toString(),
        shareBps: refund.shareBps,
        amount: refund.amount.toString(),
        refundTx: refund.refundTx,
        bundle: refund.bundle,
      });
    }
  }

  /**
   * `from` sends `tx` privately with `hints`, as eth_sendPrivateTransaction with `privacy.hints`: it
   * waits for the next block on the protected path, and its hints go out on the stream.
   */
  async sendShared(
    from: string,
    tx: TransactionRequest,
    hints: MevShareHint[],
    recipients: RefundRecipient[] = [],
  ): Promise<string> {
    const { chain } = this.world;
    const [signed] = await signAll(chain, from, [tx], await nextNonce(chain, this.builder, from));
    const hash = await this.builder.exclusive(() => this.builder.protectShared(signed!, hints, recipients));
    await rememberSentPrivately(this.decoder, this.feed, signed!, hash);
    return hash;
  }

  /** A bot's back-run of the shared transaction `target` for the next block (see BotContext.sendMevBundle). */
  async sendBackrun(
    origin: string,
    from: string,
    target: string,
    txs: readonly TransactionRequest[],
  ): Promise<{ bundle: string; txs: string[] }> {
    const { chain } = this.world;
    const signed = await signAll(chain, from, txs, await nextNonce(chain, this.builder, from));
    const block = (await chain.latestBlock()).number + 1;
    const request: MevBundleRequest = {
      block,
      maxBlock: block,
      target: target.toLowerCase(),
      txs: signed.map((raw) => ({ raw, canRevert: false })),
      refundPercent: null,
      refundConfig: [],
      hints: null,
    };
    const { bundleHash } = await this.builder.exclusive(() =>
      this.builder.mevSendBundle(request, origin, from),
    );
    return { bundle: bundleHash, txs: [target, ...signed.map((raw) => keccak256(raw))] };
  }
}
