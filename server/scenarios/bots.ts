/**
 * Which bots a scenario lets loose, and with what settings. The bots decide the rest. A new bot is
 * its folder in server/bots and one line in {@link BOTS}.
 */
import { type ArbitrageurSettings, createArbitrageur } from "../bots/arbitrageur";
import { createBackrunner } from "../bots/backrunner";
import { createCrossChainArbitrageur } from "../bots/crossChain";
import { createJitProvider } from "../bots/jit";
import { createLiquidator } from "../bots/liquidator";
import { createSandwicher } from "../bots/sandwicher";
import type { Bot } from "../engine/bot";
import type { World } from "../world/types";

/** Every bot by the name of its settings, in the order the engine runs them. */
const BOTS = {
  sandwicher: createSandwicher,
  arbitrageur: (settings: Omit<ArbitrageurSettings, "actor">) => createArbitrageur(settings),
  /** A second arbitrage searcher (account #8, its own executor), for the auction scenarios. */
  rival: (settings: Omit<ArbitrageurSettings, "actor">) => createArbitrageur({ ...settings, actor: "rival" }),
  liquidator: createLiquidator,
  jit: createJitProvider,
  backrunner: createBackrunner,
  /** Trades across the bridge a cross-chain run opens (server/crosschain). */
  crossChain: createCrossChainArbitrageur,
};

type BotName = keyof typeof BOTS;

/** The settings of each bot a scenario runs; a bot without settings does not run. */
export type BotSettings = { [Name in BotName]?: Parameters<(typeof BOTS)[Name]>[0] };

export function botsFor(_world: World, settings: BotSettings): Bot[] {
  return (Object.keys(BOTS) as BotName[]).flatMap((name) => {
    const botSettings = settings[name];
    const create = BOTS[name] as (s: NonNullable<typeof botSettings>) => Bot;
    return botSettings ? [create(botSettings)] : [];
  });
}
