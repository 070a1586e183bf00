/**
 * MEV-Share's requests as Flashbots specifies them (github.com/flashbots/mev-share, bundles v0.1):
 * mev_sendBundle and mev_simBundle, and the MEV-Share part of eth_sendPrivateTransaction's
 * `preferences`. Validated with zod at the boundary; each error names the field, what was wrong
 * and what is accepted.
 */
import { z } from "zod";
import type { MevShareHint } from "../events";
import { BundleError, MAX_BUNDLE_TXS, toBlockNumber } from "./bundleFormat";

/** Every hint the sandbox shares (Flashbots' names). */
export const MEV_SHARE_HINTS = [
  "hash",
  "tx_hash",
  "calldata",
  "contract_address",
  "function_selector",
  "logs",
  "default_logs",
  "full",
] as const satisfies readonly MevShareHint[];

/** The refund share when the user names none: Flashbots' default, 90% of what the back-run pays. */
export const DEFAULT_REFUND_PERCENT = 90;
/** The widest block range a bundle may name (inclusion.maxBlock − inclusion.block), as Flashbots allows. */
export const MAX_INCLUSION_BLOCKS = 30;

const quantity = z.union([
  z.string().regex(/^0x[0-9a-fA-F]+$/, "a hex quantity such as 0x1a"),
  z.number().int().nonnegative(),
]);
const hexData = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, "a 0x-prefixed hex string of whole bytes");
const txHash = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a 32-byte hash (0x + 64 hex digits)");
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address (0x + 40 hex digits)");
const percent = z.number({ error: "must be a whole percentage from 0 to 100" }).int().min(0).max(100);
const hint = z.enum(MEV_SHARE_HINTS, { error: `must be one of ${MEV_SHARE_HINTS.join(", ")}` });

const privacySchema = z.strictObject({
  hints: z.array(hint).max(MEV_SHARE_HINTS.length).optional(),
  /** Builders to share with: accepted and ignored (the sandbox has one). */
  builders: z.array(z.string().max(100)).max(100).optional(),
});

const BODY_ITEM_ACCEPTED =
  "must be { hash } (a shared transaction's hash, from the stream), or { tx, canRevert } (a signed transaction); a nested { bundle } is not accepted here";

const bodyItem = z.union(
  [
    z.strictObject({ hash: txHash }),
    z.strictObject({ tx: hexData, canRevert: z.boolean().optional() }),
    z.strictObject({ bundle: z.unknown() }),
  ],
  { error: BODY_ITEM_ACCEPTED },
);

export const mevSendBundleSchema = z.strictObject({
  version: z.literal("v0.1", { error: 'must be "v0.1" (the MEV-Share bundle version the sandbox speaks)' }),
  inclusion: z.strictObject({ block: quantity, maxBlock: quantity.optional() }),
  body: z
    .array(bodyItem)
    .min(1, "a bundle needs at least one item")
    .max(MAX_BUNDLE_TXS, `a bundle holds at most ${MAX_BUNDLE_TXS} items`),
  validity: z
    .strictObject({
      refund: z.array(z.strictObject({ bodyIdx: z.number().int().nonnegative(), percent })).optional(),
      refundConfig: z.array(z.strictObject({ address, percent })).optional(),
    })
    .optional(),
  privacy: privacySchema.optional(),
  metadata: z.strictObject({ originId: z.string().max(100).optional() }).optional(),
});

/** mev_simBundle's overrides: only the parent block, which must be the latest (the sandbox simulates on it). */
export const simOptionsSchema = z.strictObject({
  parentBlock: z.union([quantity, z.literal("latest")]).optional(),
  timeout: z.number().optional(),
});

/**
 * eth_sendPrivateTransaction's preferences as MEV-Share reads them: `privacy.hints` shares the
 * transaction on the stream, `validity.refund` names who gets its refund. Flashbots' other keys
 * (fast, canRevert, mempool, auctionTimeout …) pass and have no effect.
 */
export const privatePreferencesSchema = z.looseObject({
  privacy: privacySchema.optional(),
  validity: z
    .looseObject({ refund: z.array(z.strictObject({ address, percent })).max(10).optional() })
    .optional(),
});

/** Who gets a refund, and their percentage of it (the percentages add up to 100). */
export interface RefundRecipient {
  address: string;
  percent: number;
}

/** What a back-run bundle owes its user: the builder refunds them after it in the block. */
export interface BackrunTerms {
  order: string;
  /** How many of the bundle's first transactions are the user's. */
  userTxs: number;
  shareBps: number;
  recipients: RefundRecipient[];
  /** Who pays for the back-run: the sender of its first own transaction. */
  searcher: string;
}

/** A mev_sendBundle request, checked. */
export interface MevBundleRequest {
  block: number;
  maxBlock: number;
  /** A back-run: the shared transaction it refers to (body[0] is `{ hash }`); null for a user's own bundle. */
  target: string | null;
  /** The bundle's own signed transactions, in order. */
  txs: { raw: string; canRevert: boolean }[];
  /** The refund share (a percentage) named in validity.refund, if any. */
  refundPercent: number | null;
  refundConfig: RefundRecipient[];
  /** The hints to share it with; null: not shared. */
  hints: MevShareHint[] | null;
}

type MevSendBundleParams = z.infer<typeof mevSendBundleSchema>;

/** Validates mev_sendBundle's (or mev_simBundle's) bundle: the schema, then what the fields mean together. */
export function parseMevBundle(method: string, value: unknown): MevBundleRequest {
  const parsed = mevSendBundleSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join(".") : "the parameter";
    throw new BundleError(`${method}: ${where}: ${issue.message}`);
  }
  return requestOf(method, parsed.data);
}

function requestOf(method: string, params: MevSendBundleParams): MevBundleRequest {
  const block = toBlockNumber(params.inclusion.block);
  const maxBlock = params.inclusion.maxBlock === undefined ? block : toBlockNumber(params.inclusion.maxBlock);
  if (maxBlock < block || maxBlock - block > MAX_INCLUSION_BLOCKS) {
    throw new BundleError(
      `${method}: inclusion.maxBlock must be from inclusion.block (${block}) to ${MAX_INCLUSION_BLOCKS} blocks after it, got ${maxBlock}`,
    );
  }
  const target = targetOf(method, params.body);
  const txs = params.body.flatMap((item) =>
    "tx" in item ? [{ raw: item.tx, canRevert: !!item.canRevert }] : [],
  );
  if (txs.length === 0) {
    throw new BundleError(
      `${method}: body holds no signed transaction: a back-run is [{ hash }, { tx, canRevert }, …], a user's bundle [{ tx, canRevert }, …]`,
    );
  }
  return {
    block,
    maxBlock,
    target,
    txs,
    refundPercent: refundPercentOf(method, params, target),
    refundConfig: recipientsOf(method, params.validity?.refundConfig, "validity.refundConfig"),
    hints: params.privacy?.hints && params.privacy.hints.length > 0 ? params.privacy.hints : null,
  };
}

/** The `{ hash }` a back-run starts with; only the first item may be one. */
function targetOf(method: string, body: MevSendBundleParams["body"]): string | null {
  body.forEach((item, i) => {
    if ("bundle" in item) {
      throw new BundleError(
        `${method}: body.${i}: nested bundles are not supported here: refer to a shared transaction by { hash } instead`,
      );
    }
    if ("hash" in item && i > 0) {
      throw new BundleError(
        `${method}: body.${i}: { hash } may only be the first item: a MEV-Share bundle back-runs one shared transaction, then its own`,
      );
    }
  });
  const first = body[0]!;
  return "hash" in first ? first.hash.toLowerCase() : null;
}

function refundPercentOf(method: string, params: MevSendBundleParams, target: string | null): number | null {
  const refund = params.validity?.refund ?? [];
  if (refund.length > 1) {
    throw new BundleError(
      `${method}: validity.refund: at most one entry (one shared item is refunded), got ${refund.length}`,
    );
  }
  const [entry] = refund;
  if (!entry) return null;
  if (entry.bodyIdx >= params.body.length || (target !== null && entry.bodyIdx !== 0)) {
    throw new BundleError(
      `${method}: validity.refund.0.bodyIdx must name ${target === null ? "an item of the body" : "the { hash } item, 0"}, got ${entry.bodyIdx}`,
    );
  }
  return entry.percent;
}

/** Refund recipients whose percentages add up to 100 (none: the default recipient). */
export function recipientsOf(
  method: string,
  list: readonly RefundRecipient[] | undefined,
  where: string,
): RefundRecipient[] {
  if (!list || list.length === 0) return [];
  const total = list.reduce((sum, r) => sum + r.percent, 0);
  if (total !== 100) {
    throw new BundleError(`${method}: ${where}: the percentages must add up to 100, got ${total}`);
  }
  return list.map((r) => ({ address: r.address, percent: r.percent }));
}

/** eth_sendPrivateTransaction's MEV-Share preferences: the hints (null: not shared) and the refund's recipients. */
export function sharingOf(
  method: string,
  preferences: unknown,
): { hints: MevShareHint[] | null; recipients: RefundRecipient[] } {
  if (preferences === undefined) return { hints: null, recipients: [] };
  const parsed = privatePreferencesSchema.safeParse(preferences);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BundleError(`${method}: preferences.${issue.path.join(".")}: ${issue.message}`);
  }
  const hints = parsed.data.privacy?.hints;
  return {
    hints: hints && hints.length > 0 ? hints : null,
    recipients: recipientsOf(method, parsed.data.validity?.refund, "preferences.validity.refund"),
  };
}
