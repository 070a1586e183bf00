// PLACEHOLDER: the sandwicher bot is being written; this stub lets the engine compile meanwhile.
import type { Bot } from "../engine/bot";

export interface SandwicherSettings {
  capital: bigint;
}

export function createSandwicher(_settings: SandwicherSettings): Bot {
  return { name: "sandwicher", actor: "searcher" };
}
