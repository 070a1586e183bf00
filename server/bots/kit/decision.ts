/** A bot's decision as the events carry it: a refusal (`opportunity:skipped`) or what it sent (`opportunity:found`). */
import type {
  EventDraft,
  FormulaUse,
  OpportunityFound,
  OpportunityKind,
  OpportunitySkipped,
  TokenAmount,
} from "../../events";

/** Why a bot declines: a reason code, the sentence that explains it, and the numbers behind it. */
export interface Refusal {
  kind: "refuse";
  /** Stable id: a hash of the inputs. */
  id: string;
  reason: string;
  explanation: string;
  /** What the bot read, as exact strings. */
  inputs: Record<string, string>;
  /** The formulas it used, with their numbers. */
  formulas: FormulaUse[];
}

/** The `opportunity:skipped` event of a refusal. */
export function skippedEvent(
  bot: string,
  kind: OpportunityKind,
  block: number,
  refusal: Refusal,
): EventDraft<OpportunitySkipped> {
  return {
    type: "opportunity:skipped",
    id: refusal.id,
    bot,
    kind,
    block,
    inputs: refusal.inputs,
    formulas: refusal.formulas,
    reason: refusal.reason,
    explanation: refusal.explanation,
  };
}

/** What a bot tells learners about an opportunity it takes, before it knows its transactions. */
export interface Finding {
  id: string;
  inputs: Record<string, string>;
  formulas: FormulaUse[];
  /** The size it chose. */
  size: TokenAmount;
  expectedProfit: TokenAmount;
  gasCost: TokenAmount;
  summary: string;
}

/** The `opportunity:found` event of a finding, with the transactions sent for it. */
export function foundEvent(
  bot: string,
  kind: OpportunityKind,
  block: number,
  finding: Finding,
  txs: string[],
): EventDraft<OpportunityFound> {
  return {
    type: "opportunity:found",
    id: finding.id,
    bot,
    kind,
    block,
    inputs: finding.inputs,
    formulas: finding.formulas,
    size: finding.size,
    expectedProfit: finding.expectedProfit,
    gasCost: finding.gasCost,
    txs,
    summary: finding.summary,
  };
}
