/** Which bots a scenario lets loose, and with what settings. The bots decide the rest. */
import type { Bot } from "../engine/bot";
import type { World } from "../world/types";

export interface BotSettings {
  sandwicher?: { capital: bigint };
  arbitrageur?: { maxHops?: number };
  liquidator?: { flash: boolean };
}

export function botsFor(_world: World, _settings: BotSettings): Bot[] {
  return [];
}
