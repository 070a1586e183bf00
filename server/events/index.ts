/**
 * The event catalog: everything the engine tells the world, declared once. The CLI, the server and
 * the web app all import these types (web/ with `import type`). See ../shared/DESIGN.md.
 *
 * Conventions:
 * - `type` is `domain:verb`; every event carries the run id and the step index.
 * - Amounts are decimal strings of base units with the token's symbol and decimals beside them.
 * - Addresses come with the registry's label ("alice", "DEX A WETH/USDC").
 * - Nothing here depends on wall-clock time: the same run gives the same events, byte for byte.
 *
 * One file per domain (run, chain, market, mev, mevShare, flashLoan, builder, risk, sandbox, classroom, crosschain), the union of them all in
 * catalog.ts, the bus in bus.ts. A new event: its interface in its domain's file, one line in the
 * union; the page and the socket map follow from the types.
 */

export * from "./builder";
export { EventBus } from "./bus";
export type { EventDraft, SandboxEvent, SandboxEventMap, SandboxEventType } from "./catalog";
export * from "./chain";
export * from "./classroom";
export type { DecodedAction, FormulaUse, Labelled, TokenAmount, TxSource } from "./common";
export * from "./crosschain";
export type { FlashLoanSource, FlashLoanTaken } from "./flashLoan";
export { parseJsonLines, RunFileError, toJsonLines } from "./jsonLines";
export * from "./market";
export * from "./mev";
export * from "./mevShare";
export type { PanelId } from "./panels";
export * from "./risk";
export * from "./run";
export * from "./sandbox";
