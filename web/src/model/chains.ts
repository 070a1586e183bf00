/**
 * The two chains of a cross-chain run, side by side: each chain's blocks with the price of its
 * WETH/USDC pool after each, and the bridge's transfers. The main chain's blocks and prices come from
 * its own events (`block:mined`, `pool:updated`), the side chain's from `crosschain:block`.
 */
import type { ChainRef, CrossChainOpened, TokenAmount } from "../../../server/events";
import { upsertBy } from "./lists";
import type { PoolsSlice } from "./pools";
import type { SliceReducer } from "./slice";

export interface ChainBlockView {
  number: number;
  txs: number;
  /** The pool's price after the block: "1 WETH = price USDC". */
  price: TokenAmount | null;
}

export interface ChainColumn {
  chain: ChainRef;
  pool: string;
  blocks: ChainBlockView[];
}

export interface TransferView {
  transferId: string;
  from: ChainRef;
  to: ChainRef;
  sender: string;
  amountAfterFee: TokenAmount;
  fee: TokenAmount;
  lockedAt: number;
  relayedAt: number | null;
  releasableAt: number | null;
  releasedAt: number | null;
  /** Blocks between the relay and the release, as the bridge:released event says. */
  blocksWaited: number | null;
}

export interface ChainsSlice {
  link: Pick<CrossChainOpened, "delayBlocks" | "feeBps" | "relayer"> | null;
  columns: ChainColumn[];
  transfers: TransferView[];
}

const EMPTY: ChainsSlice = { link: null, columns: [], transfers: [] };

export const chainsReducer: SliceReducer<ChainsSlice, ChainsSlice & PoolsSlice> = {
  empty: EMPTY,
  reduce(state, event) {
    switch (event.type) {
      case "crosschain:opened":
        return {
          link: { delayBlocks: event.delayBlocks, feeBps: event.feeBps, relayer: event.relayer },
          columns: event.chains.map((c) => ({ chain: c.chain, pool: c.pool.label, blocks: [] })),
          transfers: [],
        };
      case "block:mined": {
        const main = state.columns[0];
        if (!main) return {};
        // Until the pool moves in this block, its price is the one before it.
        const price =
          state.pools.find((p) => p.label === main.pool)?.price ?? main.blocks.at(-1)?.price ?? null;
        return {
          columns: withBlock(state.columns, 0, { number: event.block, txs: event.txs.length, price }),
        };
      }
      case "pool:updated": {
        const main = state.columns[0];
        const last = main?.blocks.at(-1);
        if (!main || !last || event.pool.label !== main.pool || last.number !== event.block) return {};
        return { columns: withBlock(state.columns, 0, { ...last, price: event.price }) };
      }
      case "crosschain:block": {
        const index = state.columns.findIndex((c) => c.chain.id === event.chain.id);
        if (index < 0) return {};
        return {
          columns: withBlock(state.columns, index, {
            number: event.block,
            txs: event.txs.length,
            price: event.price,
          }),
        };
      }
      case "bridge:locked":
        return {
          transfers: [
            ...state.transfers,
            {
              transferId: event.transferId,
              from: event.chain,
              to: event.toChain,
              sender: event.sender.label,
              amountAfterFee: event.amountAfterFee,
              fee: event.fee,
              lockedAt: event.block,
              relayedAt: null,
              releasableAt: null,
              releasedAt: null,
              blocksWaited: null,
            },
          ],
        };
      case "bridge:relayed":
        return update(state, event.transferId, {
          relayedAt: event.block,
          releasableAt: event.releasableAtBlock,
        });
      case "bridge:released":
        return update(state, event.transferId, { releasedAt: event.block, blocksWaited: event.blocksWaited });
      default:
        return {};
    }
  },
};

/** `columns` with block `block` recorded (replaced when already there) in column `index`. */
function withBlock(columns: readonly ChainColumn[], index: number, block: ChainBlockView): ChainColumn[] {
  return columns.map((column, i) =>
    i === index
      ? { ...column, blocks: upsertBy(column.blocks, block, (b) => b.number === block.number) }
      : column,
  );
}

function update(state: ChainsSlice, transferId: string, change: Partial<TransferView>): Partial<ChainsSlice> {
  const old = state.transfers.find((t) => t.transferId === transferId);
  if (!old) return {};
  return { transfers: upsertBy(state.transfers, { ...old, ...change }, (t) => t.transferId === transferId) };
}
