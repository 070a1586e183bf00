/**
 * The risk controls' rules, pure (server/bots/kit/risk.ts): each limit stops a bot at the right
 * moment, not a block or a trade before, and the controls take precedence in their order.
 */
import { describe, expect, it } from "vitest";
import {
  type Attempt,
  assessRisk,
  DEFAULT_RISK_LIMITS,
  EMPTY_HISTORY,
  type RiskHistory,
  type RiskLimits,
  resumedHistory,
  withAttempt,
  withEquity,
} from "../server/bots/kit/risk";
import { stopExplanation } from "../server/bots/kit/riskText";

const ETH = 10n ** 18n;
const LIMITS: RiskLimits = {
  maxPosition: 10n * ETH,
  maxDrawdown: ETH / 10n,
  minSuccessRateBps: 4_000,
  successWindow: 5,
  throttleAfterFailures: 3,
  throttleBlocks: 2,
};

const trade = (block: number, success: boolean): Attempt => ({
  block,
  tx: `0x${block.toString(16).padStart(64, "0")}`,
  success,
  gasPaid: 4_447_000_000_000_000n,
});

/** A record of trades at blocks 10, 11, … with these outcomes, its equity steady at 100 ETH. */
function record(outcomes: readonly boolean[]): RiskHistory {
  let history = withEquity(EMPTY_HISTORY, 9, 100n * ETH);
  outcomes.forEach((success, i) => {
    history = withAttempt(history, trade(10 + i, success));
  });
  return history;
}

describe("risk controls: the pure rules", () => {
  it("lets a bot act when no control applies, and reports its figures", () => {
    const { stop, figures } = assessRisk(record([true, false]), LIMITS, 12, ETH);
    expect(stop).toBeNull();
    expect(figures).toMatchObject({ attempts: 2, successes: 1, consecutiveFailures: 1, drawdown: 0n });
  });

  it("drawdown: stops once equity is further below its peak than the limit, not at the limit itself", () => {
    let history = withEquity(EMPTY_HISTORY, 1, 100n * ETH);
    history = withEquity(history, 2, 101n * ETH); // the peak
    history = withEquity(history, 3, 101n * ETH - LIMITS.maxDrawdown); // exactly at the limit
    expect(assessRisk(history, LIMITS, 3).stop).toBeNull();
    expect(assessRisk(history, LIMITS, 3).figures.drawdown).toBe(LIMITS.maxDrawdown);
    history = withEquity(history, 4, 101n * ETH - LIMITS.maxDrawdown - 1n); // one wei past it
    const { stop, figures } = assessRisk(history, LIMITS, 4);
    expect(stop).toMatchObject({ control: "drawdown", effect: "halted", since: 4 });
    expect(figures).toMatchObject({ peak: 101n * ETH, drawdown: LIMITS.maxDrawdown + 1n });
    expect(stopExplanation(stop!, figures, LIMITS)).toContain("0.1 ETH drawdown limit");
  });

  it("drawdown: the peak rises with equity, so a new high resets how far it may fall", () => {
    let history = withEquity(EMPTY_HISTORY, 1, 100n * ETH);
    history = withEquity(history, 2, 105n * ETH);
    history = withEquity(history, 3, 105n * ETH - LIMITS.maxDrawdown);
    expect(assessRisk(history, LIMITS, 3).stop).toBeNull();
    expect(assessRisk(history, LIMITS, 3).figures.peak).toBe(105n * ETH);
  });

  it("minimum success rate: judged once the window is full, on the last `successWindow` trades", () => {
    // 1 of 5 = 20% < 40%: but only once five trades were made
    expect(assessRisk(record([true, false, false, false]), LIMITS, 14).stop?.control).not.toBe(
      "success-rate",
    );
    const { stop, figures } = assessRisk(
      record([true, false, false, false, false]),
      { ...LIMITS, throttleAfterFailures: 9 },
      15,
    );
    expect(stop).toMatchObject({ control: "success-rate", effect: "halted" });
    expect(figures).toMatchObject({ attempts: 5, successes: 1 });
    // 2 of the last 5 = 40%: not below the minimum; older failures fall out of the window
    const steady = record([false, false, false, true, false, true, false, false]);
    expect(assessRisk(steady, { ...LIMITS, throttleAfterFailures: 9 }, 18).stop).toBeNull();
  });

  it("throttle: after N failures in a row it sits out `throttleBlocks` blocks, then may act again", () => {
    const history = record([true, false, false]); // two failures: blocks 11, 12
    expect(assessRisk(history, LIMITS, 12).stop).toBeNull();
    const third = withAttempt(history, trade(13, false)); // the third, mined in block 13
    expect(assessRisk(third, LIMITS, 13).stop).toMatchObject({
      control: "throttle",
      effect: "throttled",
      until: 15,
    });
    expect(assessRisk(third, LIMITS, 14).stop).toMatchObject({ control: "throttle", until: 15 });
    expect(assessRisk(third, LIMITS, 15).stop).toBeNull();
    expect(assessRisk(third, LIMITS, 15).figures.throttledUntil).toBeNull();
    // a success ends the run of failures
    expect(assessRisk(withAttempt(third, trade(16, true)), LIMITS, 16).figures.consecutiveFailures).toBe(0);
  });

  it("position limit: refuses a trade whose size, with trades not yet mined, is over the limit", () => {
    const open: RiskHistory = { ...record([]), openPosition: 4n * ETH };
    expect(assessRisk(open, LIMITS, 10, 6n * ETH).stop).toBeNull(); // 4 + 6 = 10: at the limit
    const { stop } = assessRisk(open, LIMITS, 10, 6n * ETH + 1n);
    expect(stop).toMatchObject({ control: "position", effect: "refused", proposed: 6n * ETH + 1n });
    // with no trade proposed, nothing to refuse
    expect(assessRisk(open, LIMITS, 10).stop).toBeNull();
  });

  it("kill switch: stops everything until resumed, before any other control", () => {
    const killed: RiskHistory = {
      ...record([false, false, false]),
      killed: { block: 12, reason: "class break" },
    };
    const { stop, figures } = assessRisk(killed, LIMITS, 13, 100n * ETH);
    expect(stop).toMatchObject({
      control: "kill-switch",
      effect: "halted",
      since: 12,
      reason: "class break",
    });
    expect(stopExplanation(stop!, figures, LIMITS)).toContain("(class break)");
    expect(assessRisk(resumedHistory(killed), LIMITS, 13).stop).toBeNull();
  });

  it("a halt holds until resumed, and resuming starts the record and the peak afresh", () => {
    let history = withEquity(EMPTY_HISTORY, 1, 100n * ETH);
    history = withEquity(history, 2, 99n * ETH);
    const halt = assessRisk(history, LIMITS, 2).stop!;
    history = { ...withEquity(history, 3, 100n * ETH), halted: halt }; // equity recovers: still halted
    expect(assessRisk(history, LIMITS, 3).stop).toBe(halt);
    const resumed = resumedHistory(withEquity(history, 4, 99n * ETH));
    expect(assessRisk(resumed, LIMITS, 4)).toMatchObject({
      stop: null,
      figures: { peak: 99n * ETH, attempts: 0 },
    });
  });

  it("the defaults never stop a bot that trades within its means", () => {
    const history = record([true, false, true, false, true]);
    expect(assessRisk(history, DEFAULT_RISK_LIMITS, 15, 200n * ETH).stop).toBeNull();
  });
});
