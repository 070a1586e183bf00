/** The run's blocks in execution order, each transaction labelled with the MEV the inspector found. */
import type {
  FlashLoanTaken,
  MevClassified,
  MinedTx,
  OpportunityKind,
  RefundPaid,
  TokenAmount,
} from "../../../server/events";
import { upsertBy } from "./lists";
import type { RunSlice } from "./run";
import type { SliceReducer } from "./slice";

/** Where a transaction stands in the MEV the inspector found in its block. */
export type TxRole = "frontrun" | "victim" | "backrun" | "arbitrage" | "liquidation" | "jit";

export interface TxLabel {
  kind: OpportunityKind;
  role: TxRole;
  /** Index of the finding in the block's `mev` list: transactions with the same group belong together. */
  group: number;
}

export interface BlockTxView extends MinedTx {
  labels: TxLabel[];
  /** The flash loans the inspector found in this transaction. */
  loans: FlashLoanTaken[];
}

export interface BlockView {
  number: number;
  hash: string;
  timestamp: number;
  step: number;
  gasUsed: string;
  baseFeePerGas: string;
  coinbaseTake: TokenAmount;
  txs: BlockTxView[];
  /** What the inspector found in this block, in its order. */
  mev: MevClassified[];
  /** MEV-Share refunds the builder paid in this block. */
  refunds: RefundPaid[];
}

export interface BlocksSlice {
  blocks: BlockView[];
}

export const blocksReducer: SliceReducer<BlocksSlice> = {
  empty: { blocks: [] },
  reduce({ blocks }, event) {
    switch (event.type) {
      case "block:mined": {
        const block: BlockView = {
          number: event.block,
          hash: event.hash,
          timestamp: event.timestamp,
          step: event.step,
          gasUsed: event.gasUsed,
          baseFeePerGas: event.baseFeePerGas,
          coinbaseTake: event.coinbaseTake,
          txs: event.txs.map((tx) => ({ ...tx, labels: [], loans: [] })),
          mev: [],
          refunds: [],
        };
        // Seen before (a snapshot and a live event overlap): in place. A known number with another
        // hash: the chain went back (a run reset it), and the blocks from there on are gone.
        if (blocks.some((b) => b.number === event.block && b.hash === event.hash)) {
          return { blocks: upsertBy(blocks, block, (b) => b.number === event.block) };
        }
        return { blocks: [...blocks.filter((b) => b.number < event.block), block] };
      }
      case "mev:classified":
        return {
          blocks: blocks.map((block) => (block.number === event.block ? classify(block, event) : block)),
        };
      case "flashloan:taken":
        return {
          blocks: blocks.map((block) =>
            block.number === event.block
              ? {
                  ...block,
                  txs: block.txs.map((tx) =>
                    tx.hash === event.tx ? { ...tx, loans: [...tx.loans, event] } : tx,
                  ),
                }
              : block,
          ),
        };
      case "refund:paid":
        return {
          blocks: blocks.map((block) =>
            block.number === event.block ? { ...block, refunds: [...block.refunds, event] } : block,
          ),
        };
      default:
        return {};
    }
  },
};

/** The block with `finding` added to its findings and each of its transactions labelled with its role. */
function classify(block: BlockView, finding: MevClassified): BlockView {
  const group = block.mev.length;
  const roles = rolesOf(finding);
  const roleOf = new Map(finding.txs.map((hash, i) => [hash, roles[i]!]));
  return {
    ...block,
    mev: [...block.mev, finding],
    txs: block.txs.map((tx) => {
      const role = roleOf.get(tx.hash);
      return role ? { ...tx, labels: [...tx.labels, { kind: finding.kind, role, group }] } : tx;
    }),
  };
}

/**
 * The role of each transaction of a finding: a sandwich is [frontrun, victim…, backrun]; in other
 * findings (a JIT around a swap, a back-run after its target) the victim's transaction is the victim.
 */
export function rolesOf(finding: Pick<MevClassified, "kind" | "txs" | "victim">): TxRole[] {
  const kind = finding.kind;
  if (kind !== "sandwich") return finding.txs.map((hash) => (hash === finding.victim?.tx ? "victim" : kind));
  const last = finding.txs.length - 1;
  return finding.txs.map((_, i) => (i === 0 ? "frontrun" : i === last ? "backrun" : "victim"));
}

/** The latest block, or the latest block of step `step` when one is selected. */
export function blockToShow(
  state: BlocksSlice & Pick<RunSlice, "steps">,
  step: number | null,
): BlockView | null {
  if (step !== null) {
    const numbers = state.steps.find((s) => s.index === step)?.blocks ?? [];
    const last = numbers[numbers.length - 1];
    return last === undefined ? null : (state.blocks.find((b) => b.number === last) ?? null);
  }
  return state.blocks[state.blocks.length - 1] ?? null;
}

/** Every sandwich the inspector found in this run, latest last. */
export function sandwiches(state: BlocksSlice): MevClassified[] {
  return state.blocks.flatMap((b) => b.mev.filter((m) => m.kind === "sandwich"));
}

/** Every finding of this run, in block order. */
export function findings(state: BlocksSlice): MevClassified[] {
  return state.blocks.flatMap((b) => b.mev);
}

/** The findings whose victim is `address` (a student's own trades attacked), in block order. */
export function findingsAgainst(state: BlocksSlice, address: string): MevClassified[] {
  const me = address.toLowerCase();
  return findings(state).filter((f) => f.victim?.actor.address.toLowerCase() === me);
}
