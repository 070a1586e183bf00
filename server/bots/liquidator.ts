// PLACEHOLDER: the liquidator bot is being written; this stub lets the engine compile meanwhile.
import type { Bot } from "../engine/bot";

export interface LiquidatorSettings {
  flash: boolean;
}

export function createLiquidator(_settings: LiquidatorSettings): Bot {
  return { name: "liquidator", actor: "liquidator" };
}
