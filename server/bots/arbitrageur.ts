// PLACEHOLDER: the arbitrageur bot is being written; this stub lets the engine compile meanwhile.
import type { Bot } from "../engine/bot";

export interface ArbitrageurSettings {
  maxHops: number;
}

export function createArbitrageur(_settings: ArbitrageurSettings): Bot {
  return { name: "arbitrageur", actor: "arbitrageur" };
}
