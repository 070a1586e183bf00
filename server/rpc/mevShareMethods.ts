/**
 * MEV-Share on JSON-RPC, as Flashbots' relay serves it (and @flashbots/mev-share-client calls it):
 * eth_sendPrivateTransaction with `preferences.privacy.hints` (the transaction goes to the protected
 * path and its hints to the stream), mev_sendBundle (a back-run of a shared transaction, or a user's
 * own bundle, shared when it names hints) and mev_simBundle. A request signed with
 * X-Flashbots-Signature belongs to its signer, as every bundle does.
 *
 * These run a transaction (the hints' logs, a simulation) or must not land mid-build: each takes the
 * chain lock, then the builder's turn, itself (the gateway does not wrap them).
 */

import { BundleError, toBlockNumber } from "../builder/bundleFormat";
import { parseMevBundle, sharingOf, simOptionsSchema } from "../builder/mevShareFormat";
import type { BuilderMethodDeps, BundleSender } from "./builderMethods";
import { parsePrivateTransaction } from "./privateTx";

export const MEV_SHARE_METHODS = new Set(["mev_sendBundle", "mev_simBundle"]);

/** Whether a request is MEV-Share's: mev_sendBundle, mev_simBundle, or a private transaction sent with hints. */
export function isMevShareRequest(method: string, params: unknown): boolean {
  if (MEV_SHARE_METHODS.has(method)) return true;
  if (method !== "eth_sendPrivateTransaction") return false;
  const first = (Array.isArray(params) ? params[0] : params) as
    | { preferences?: { privacy?: { hints?: unknown } } }
    | undefined;
  const hints = first?.preferences?.privacy?.hints;
  return Array.isArray(hints) && hints.length > 0;
}

export async function mevShareMethod(
  method: string,
  params: unknown,
  deps: BuilderMethodDeps,
  sender: BundleSender,
): Promise<unknown> {
  const { builder, chain } = deps;
  const turn = <T>(task: () => Promise<T>) => deps.serialize(() => builder.exclusive(task));
  if (method === "mev_sendBundle") {
    const request = parseMevBundle(method, oneParam(method, params));
    const origin = deps.originOf?.(sender.signer) ?? "rpc";
    return turn(() => builder.mevSendBundle(request, origin, sender.signer));
  }
  if (method === "mev_simBundle") {
    const list = Array.isArray(params) ? params : [params];
    if (list.length < 1 || list.length > 2) {
      throw new BundleError(
        `${method} takes the bundle and, optionally, the simulation options; got ${list.length} parameters`,
      );
    }
    const request = parseMevBundle(method, list[0]);
    await checkSimOptions(method, list[1], deps);
    return deps.serialize(() => builder.mevSimBundle(request));
  }
  const { hints, recipients } = sharingOf(method, privatePreferences(params));
  return turn(async () => {
    const { tx } = await parsePrivateTransaction(method, params, chain);
    return builder.protectShared(tx, hints!, recipients, sender.signer);
  });
}

function oneParam(method: string, params: unknown): unknown {
  const list = Array.isArray(params) ? params : [params];
  if (list.length !== 1) throw new BundleError(`${method} takes one parameter object, got ${list.length}`);
  return list[0];
}

function privatePreferences(params: unknown): unknown {
  const first = (Array.isArray(params) ? params[0] : params) as { preferences?: unknown } | undefined;
  return first?.preferences;
}

/** mev_simBundle runs on the latest state only: a parentBlock, if given, must be the latest block. */
async function checkSimOptions(
  method: string,
  options: unknown,
  { chain }: BuilderMethodDeps,
): Promise<void> {
  if (options === undefined) return;
  const parsed = simOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `options.${issue.path.join(".")}` : "options";
    const accepted =
      issue.code === "unrecognized_keys"
        ? " (the sandbox simulates on the latest state with the next block's header: only parentBlock, the latest, is accepted)"
        : "";
    throw new BundleError(`${method}: ${where}: ${issue.message}${accepted}`);
  }
  const { parentBlock } = parsed.data;
  if (parentBlock === undefined || parentBlock === "latest") return;
  const latest = (await chain.latestBlock()).number;
  if (toBlockNumber(parentBlock) !== latest) {
    throw new BundleError(
      `${method}: options.parentBlock must be the latest block, ${latest} (0x${latest.toString(16)}): the sandbox simulates on the latest state only, got ${toBlockNumber(parentBlock)}`,
    );
  }
}
