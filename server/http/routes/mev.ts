/**
 * MEV: scan for arbitrage, the bots' decisions and statistics, simulation of signed transactions
 * (one by one, or as a bundle at the top of the next block, as eth_callBundle),
 * the inspector's labels for a block, a block re-executed in another order (server/control/reorder.ts),
 * and execution of a scanned opportunity by a named searcher.
 */
import type { TransactionReceipt } from "ethers";
import { type RequestHandler, Router } from "express";
import { z } from "zod";
import { MAX_REORDER_TRANSACTIONS } from "../../control/reorder";
import type { MinedBlock } from "../../engine/bot";
import { invalidInput, notFound } from "../../errors";
import type { OpportunityKind } from "../../events";
import { inspectBlock, inspectFlashLoans } from "../../inspector/inspector";
import { parseAmount } from "../../scenarios/params";
import { OPPORTUNITY_KINDS } from "../../store/mevViews";
import { TOKENS, type TokenSymbol, USD_DECIMALS } from "../../world/config";
import type { AppDeps } from "../deps";
import { parseOr400 } from "../errors";
import { RunIdSchema } from "./runs";

const SYMBOLS = TOKENS.map((t) => t.symbol) as [TokenSymbol, ...TokenSymbol[]];

export const ScanSchema = z.strictObject({
  /** Smallest profit worth reporting, in US dollars ("10", "0.5"). */
  min_profit: z
    .union([z.string(), z.number()], { error: 'must be a number of US dollars, e.g. "10"' })
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return 0n;
      const usd = parseAmount(String(value), USD_DECIMALS);
      if (usd === undefined) {
        ctx.addIssue({ code: "custom", message: 'must be a non-negative number of US dollars, e.g. "10"' });
        return z.NEVER;
      }
      return usd;
    }),
  max_hops: z.number({ error: "must be a whole number from 2 to 4" }).int().min(2).max(4).default(3),
  tokens: z
    .array(z.enum(SYMBOLS, { error: `must be token symbols among ${SYMBOLS.join(", ")}` }))
    .max(10)
    .default([]),
});

/** A time as ms since the epoch ("1764640000000") or an ISO date ("2026-12-02T10:00:00Z"). */
const TIME = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (Number.isFinite(ms)) return ms;
    ctx.addIssue({
      code: "custom",
      message: 'must be ms since the epoch or an ISO date, e.g. "2026-12-02T10:00:00Z"',
    });
    return z.NEVER;
  })
  .optional();

/** Filters of the MEV queries: which run or scenario, bot, kind, and a time range [since, until). */
export const MevFilterSchema = z.strictObject({
  run: RunIdSchema.optional(),
  scenario: z.string().min(1).max(64).optional(),
  bot: z.string().max(64).optional(),
  kind: z.enum(OPPORTUNITY_KINDS as [OpportunityKind, ...OpportunityKind[]]).optional(),
  since: TIME,
  until: TIME,
});

export const OpportunitiesQuerySchema = MevFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  type: z.enum(["found", "skipped"]).optional(),
});

const HEX_TX = /^0x(?:[0-9a-fA-F]{2})+$/;
export const SimulateSchema = z.strictObject({
  txs: z
    .array(z.string().regex(HEX_TX, "must be a signed raw transaction, 0x-prefixed hex").max(262_144), {
      error: "must be an array of signed raw transactions",
    })
    .min(1)
    .max(10),
});

/** A bundle to simulate: the parameters object of eth_callBundle, validated by the builder. */
export const SimulateBundleSchema = z.strictObject({
  bundle: z.record(z.string(), z.unknown(), {
    error:
      "must be eth_callBundle's parameters: { txs, blockNumber, stateBlockNumber, timestamp?, coinbase? }",
  }),
});

const BlockParamsSchema = z.object({
  number: z
    .string()
    .regex(/^\d{1,12}$/, "must be a block number")
    .transform(Number),
});
export const ReorderSchema = z.strictObject({
  order: z
    .array(z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be a transaction hash (0x and 64 hex digits)"), {
      error: "must be the block's transaction hashes in the new order",
    })
    .min(1)
    .max(2 * MAX_REORDER_TRANSACTIONS),
});
const OpportunityParamsSchema = z.object({
  id: z.string().regex(/^0x[0-9a-f]{16}$/, "must be an opportunity id such as 0x1234abcd5678ef90"),
});
export const ExecuteSchema = z.strictObject({
  searcher: z.string().min(1).max(64).default("arbitrageur"),
});

export function mevRouter(
  { control }: AppDeps,
  guard: RequestHandler[],
  limited: RequestHandler[],
  reorderLimited: RequestHandler[] = [],
): Router {
  const router = Router();
  const { world } = control;

  router.post("/scan", ...limited, async (req, res) => {
    const body = parseOr400(ScanSchema, req.body, "scan request");
    const result = await control.arbitrage.scan({
      maxHops: body.max_hops,
      tokens: body.tokens,
      minProfitUsd: body.min_profit,
    });
    res.json(result);
  });

  // Viewers poll this page: serialized pages are kept until the next decision is logged.
  const pages = new Map<string, string>();
  let pagesVersion = -1;
  const PAGE_CACHE_SIZE = 64;
  router.get("/opportunities", (req, res) => {
    const query = parseOr400(OpportunitiesQuerySchema, req.query, "query");
    control.store.flush();
    if (pagesVersion !== control.store.version) {
      pages.clear();
      pagesVersion = control.store.version;
    }
    const key = JSON.stringify(query);
    let page = pages.get(key);
    if (page === undefined) {
      const type = query.type && (`opportunity:${query.type}` as const);
      page = JSON.stringify(control.store.decisions({ ...query, type }));
      if (pages.size >= PAGE_CACHE_SIZE) pages.clear();
      pages.set(key, page);
    }
    res.type("application/json").send(page);
  });

  router.get("/stats", (req, res) => {
    res.json(control.store.mevStats(parseOr400(MevFilterSchema, req.query, "query")));
  });

  router.post("/simulate", ...limited, async (req, res) => {
    if (req.body && typeof req.body === "object" && "bundle" in req.body) {
      const { bundle } = parseOr400(SimulateBundleSchema, req.body, "bundle simulation request");
      res.json(await control.bundles.simulate(bundle));
      return;
    }
    const body = parseOr400(SimulateSchema, req.body, "simulation request");
    res.json(await control.simulate(body.txs));
  });

  /** Block `number`'s receipts and the inspector's labels; 404 before it is mined. */
  async function inspected(number: number) {
    const block = await world.chain.provider.getBlock(number);
    if (!block) {
      const latest = await world.chain.provider.getBlockNumber();
      throw notFound("unknown_block", `block ${number} is not mined yet (latest: ${latest})`, { latest });
    }
    if (number === 0) throw invalidInput("genesis_block", "the genesis block has no transactions to inspect");
    const receipts = (
      await Promise.all(block.transactions.map((hash) => world.chain.provider.getTransactionReceipt(hash)))
    ).filter((r): r is TransactionReceipt => r !== null);
    const mined: MinedBlock = {
      number,
      timestamp: block.timestamp,
      baseFeePerGas: block.baseFeePerGas ?? 0n,
      receipts,
    };
    return { block, mined, receipts, labels: await inspectBlock(mined, world) };
  }

  router.get("/blocks/:number", async (req, res) => {
    const { number } = parseOr400(BlockParamsSchema, req.params, "block number");
    const { block, mined, receipts, labels } = await inspected(number);
    res.json({
      block: number,
      hash: block.hash,
      timestamp: block.timestamp,
      txs: receipts.map((r) => ({
        hash: r.hash,
        index: r.index,
        from: { address: r.from, label: world.registry.label(r.from) },
        to: r.to ? { address: r.to, label: world.registry.label(r.to) } : null,
        status: r.status === 1 ? "success" : "reverted",
        gasUsed: r.gasUsed.toString(),
      })),
      labels,
      flashLoans: await inspectFlashLoans(mined, world),
    });
  });

  // An open read: the block runs on a fork, the chain does not change.
  router.post("/blocks/:number/reorder", ...limited, ...reorderLimited, async (req, res) => {
    const { number } = parseOr400(BlockParamsSchema, req.params, "block number");
    const { order } = parseOr400(ReorderSchema, req.body, "reorder request");
    res.json(await control.reorder(number, order));
  });

  // What would have saved each victim: re-executed on forks, so asked for, never sent with the labels.
  router.get("/blocks/:number/mitigations", ...limited, async (req, res) => {
    const { number } = parseOr400(BlockParamsSchema, req.params, "block number");
    const { labels } = await inspected(number);
    res.json(await control.mitigations(number, labels));
  });

  router.post("/execute/:id", ...guard, async (req, res) => {
    const { id } = parseOr400(OpportunityParamsSchema, req.params, "opportunity id");
    const body = parseOr400(ExecuteSchema, req.body ?? {}, "execution request");
    res.json(await control.execute(id, body.searcher));
  });

  return router;
}
