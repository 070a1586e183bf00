/** Which bots a scenario lets loose, and with what settings. The bots decide the rest. */
import { type ArbitrageurSettings, createArbitrageur } from "../bots/arbitrageur";
import { type BackrunnerSettings, createBackrunner } from "../bots/backrunner";
import { createJitProvider, type JitSettings } from "../bots/jit";
import { createLiquidator, type LiquidatorSettings } from "../bots/liquidator";
import { createSandwicher, type SandwicherSettings } from "../bots/sandwicher";
import type { Bot } from "../engine/bot";
import type { World } from "../world/types";

export interface BotSettings {
  sandwicher?: SandwicherSettings;
  arbitrageur?: Omit<ArbitrageurSettings, "actor">;
  /** A second arbitrage searcher (account #8, its own executor), for the auction scenarios. */
  rival?: Omit<ArbitrageurSettings, "actor">;
  liquidator?: LiquidatorSettings;
  jit?: JitSettings;
  backrunner?: BackrunnerSettings;
}

export function botsFor(_world: World, settings: BotSettings): Bot[] {
  const bots: Bot[] = [];
  if (settings.sandwicher) bots.push(createSandwicher(settings.sandwicher));
  if (settings.arbitrageur) bots.push(createArbitrageur(settings.arbitrageur));
  if (settings.rival) bots.push(createArbitrageur({ ...settings.rival, actor: "rival" }));
  if (settings.liquidator) bots.push(createLiquidator(settings.liquidator));
  if (settings.jit) bots.push(createJitProvider(settings.jit));
  if (settings.backrunner) bots.push(createBackrunner(settings.backrunner));
  return bots;
}
