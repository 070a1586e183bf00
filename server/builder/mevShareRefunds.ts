/**
 * MEV-Share refunds: after the builder chose a block's bundles, each back-run it took pays its user
 * back in the same block. What the back-run paid is read from the chain as the block producer's
 * balance change its own transactions cause at their place in the block (two simulations: the block
 * up to the user's transactions, then up to the back-run's last); the user's share of that goes to
 * them as a transfer signed by the block producer, right after the back-run.
 *
 *   refund = payment × shareBps / 10000, split among the recipients by their percentages
 *   (the rounding remainder to the first), each part a transfer from the producer.
 */
import { Transaction, Wallet } from "ethers";
import type { Chain } from "../chain/chain";
import { ACTORS, COINBASE_ADDRESS, hardhatAccount } from "../world/actors";
import { type RawTx, toRawTx } from "./bundleFormat";
import type { PendingBundle } from "./intake";
import { simulate, withSnapshot } from "./simulation";

/** Gas of a refund transfer's limit: a plain transfer uses 21,000; a recipient contract's receive gets the rest. */
export const REFUND_GAS_LIMIT = 30_000n;
const BPS = 10_000n;

/** A refund the builder put in a block. Amounts in wei. */
export interface RefundRecord {
  /** The shared order's hash (the transaction's, or the user's bundle's). */
  order: string;
  /** The bundle built from the back-run. */
  bundle: string;
  recipient: string;
  searcher: string;
  searcherPayment: bigint;
  shareBps: number;
  amount: bigint;
  refundTx: string;
}

let producerWallet: Wallet | undefined;

/** The block producer's key (Hardhat's public test account #9): it signs the refunds. */
function producer(): Wallet {
  producerWallet ??= new Wallet(hardhatAccount(ACTORS.builder.index).privateKey);
  return producerWallet;
}

/** The chosen bundles in block order, each back-run followed by its refunds; and those refunds. */
export async function settleRefunds(
  chain: Chain,
  included: readonly PendingBundle[],
  timestamp: number,
): Promise<{ bundles: PendingBundle[]; refunds: RefundRecord[] }> {
  const bundles: PendingBundle[] = [];
  const refunds: RefundRecord[] = [];
  let nonce: number | undefined;
  for (const bundle of included) {
    const terms = bundle.mevShare;
    if (!terms) {
      bundles.push(bundle);
      continue;
    }
    const before = bundles.flatMap((b) => b.txs);
    const payment = await backrunPayment(chain, before, bundle, timestamp);
    const parts = refundParts(payment, terms.shareBps, terms.recipients);
    const transfers: RawTx[] = [];
    for (const part of parts) {
      nonce ??= await producerNonce(chain);
      const tx = await signRefund(chain, part.address, part.amount, nonce++);
      transfers.push(tx);
      refunds.push({
        order: terms.order,
        bundle: bundle.hash,
        recipient: part.address,
        searcher: terms.searcher,
        searcherPayment: payment,
        shareBps: terms.shareBps,
        amount: part.amount,
        refundTx: tx.hash,
      });
    }
    bundles.push(transfers.length === 0 ? bundle : { ...bundle, txs: [...bundle.txs, ...transfers] });
  }
  return { bundles, refunds };
}

/**
 * What the back-run's own transactions pay the block producer where they run: its balance change
 * over the block up to them, less its change over the block up to the user's transactions.
 */
async function backrunPayment(
  chain: Chain,
  before: readonly RawTx[],
  bundle: PendingBundle,
  timestamp: number,
): Promise<bigint> {
  const userTxs = bundle.txs.slice(0, bundle.mevShare!.userTxs);
  const diff = async (txs: readonly RawTx[]) =>
    (await withSnapshot(chain, () => simulate(chain, txs, timestamp))).coinbaseDiff;
  return (await diff([...before, ...bundle.txs])) - (await diff([...before, ...userTxs]));
}

/** The refund of a payment, split among the recipients (the rounding remainder to the first); nothing when it is 0. */
export function refundParts(
  payment: bigint,
  shareBps: number,
  recipients: readonly { address: string; percent: number }[],
): { address: string; amount: bigint }[] {
  if (payment <= 0n) return [];
  const total = (payment * BigInt(shareBps)) / BPS;
  const parts = recipients.map((r) => ({ address: r.address, amount: (total * BigInt(r.percent)) / 100n }));
  const remainder = total - parts.reduce((sum, p) => sum + p.amount, 0n);
  if (parts[0]) parts[0].amount += remainder;
  return parts.filter((p) => p.amount > 0n);
}

async function producerNonce(chain: Chain): Promise<number> {
  return Number(BigInt(await chain.rpc<string>("eth_getTransactionCount", [COINBASE_ADDRESS, "latest"])));
}

/** A transfer of `amount` wei from the block producer to `to`, no tip. */
async function signRefund(chain: Chain, to: string, amount: bigint, nonce: number): Promise<RawTx> {
  const raw = await producer().signTransaction({
    type: 2,
    chainId: await chain.chainId(),
    nonce,
    to,
    value: amount,
    gasLimit: REFUND_GAS_LIMIT,
    maxPriorityFeePerGas: 0n,
    maxFeePerGas: 2n * chain.baseFeePerGas,
  });
  return toRawTx(Transaction.from(raw), COINBASE_ADDRESS);
}
