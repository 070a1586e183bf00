/**
 * Turns the event stream into the story a learner reads in the terminal. Pure: event in, lines out.
 */
import type { SandboxEvent, TokenAmount } from "../../server/events";
import { formatAmount, formatBps, formatUsd, HEALED_ACTION_TEXT } from "../../server/format";
import { SCENARIOS } from "../../server/scenarios";
import { renderPnl } from "./pnlTable";

const fmt = (a: TokenAmount, digits = 4) =>
  `${formatAmount(BigInt(a.amount), a.decimals, digits)} ${a.symbol}`;
const usd = (value: string) => formatUsd(BigInt(value));
const short = (hash: string) => `${hash.slice(0, 10)}…`;

/** Wraps a paragraph at `width` columns, indented. */
export function wrap(text: string, width = 96, indent = "  "): string {
  return text
    .split("\n")
    .map((paragraph) => {
      const lines: string[] = [];
      let line = "";
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        if (line && line.length + word.length + 1 > width) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      lines.push(line);
      return lines.map((l) => indent + l).join("\n");
    })
    .join("\n");
}

export function narrate(event: SandboxEvent, stepCount: number): string[] {
  switch (event.type) {
    case "run:started":
      return [
        `Scenario ${event.scenario} — ${paramsText(event.scenario, event.params)}`,
        "The world as the run starts (read from the chain):",
      ];
    case "step:started":
      return ["", `━━ Step ${event.index + 1}/${stepCount} · ${event.title} ━━`];
    case "tx:pending":
      return [
        `  mempool  ${event.action.sentence}  [${short(event.hash)}${event.source === "external" ? ", from outside" : ""}]`,
      ];
    case "opportunity:found":
      return [wrap(`bot      ${event.bot} found ${article(event.kind)}: ${event.summary}`, 100, "  ")];
    case "opportunity:skipped":
      return [wrap(`bot      ${event.bot} declines ${article(event.kind)}: ${event.explanation}`, 100, "  ")];
    case "block:mined": {
      const lines = [
        `  block    #${event.block} mined with ${event.txs.length} transaction(s), in this order:`,
      ];
      for (const tx of event.txs) {
        const mark = tx.status === "success" ? "ok      " : "REVERTED";
        lines.push(`             ${tx.index + 1}. ${mark} ${tx.action.sentence}`);
      }
      lines.push(
        `           the block producer (builder) earned ${fmt(event.coinbaseTake, 6)} (priority fees and direct payments)`,
      );
      return lines;
    }
    case "pool:updated":
      return [
        `  pool     ${event.pool.label}: 1 ${event.base} = ${fmt(event.price, 2)}  (reserves ${fmt(event.reserve0, 2)} + ${fmt(event.reserve1, 2)})`,
      ];
    case "oracle:updated":
      return [`  oracle   ${event.symbol}/USD = ${usd(event.price)}`];
    case "position:updated": {
      const hf =
        event.healthFactor === "max" ? "∞ (no debt)" : formatAmount(BigInt(event.healthFactor), 18, 4, 2);
      return [
        `  lending  ${event.user.label}: collateral ${usd(event.collateralUsd)}, debt ${usd(event.debtUsd)}, health factor ${hf}`,
      ];
    }
    case "mev:classified": {
      const lines = [wrap(`inspector ${event.kind.toUpperCase()}: ${event.explanation}`, 100, "  ")];
      if (event.victimReceipt) lines.push(wrap(`receipt  ${event.victimReceipt.summary}`, 100, "  "));
      return lines;
    }
    case "flashloan:taken":
      return [wrap(`inspector FLASH LOAN: ${event.explanation}`, 100, "  ")];
    case "step:finished": {
      const lines = ["", wrap(event.narration)];
      for (const f of event.formulas) {
        lines.push(`  formula  ${f.name}: ${f.expression}`);
        const inputs = Object.entries(f.inputs)
          .map(([k, v]) => `${k} = ${v}`)
          .join(", ");
        lines.push(wrap(`with ${inputs} → ${f.result}`, 100, "             "));
      }
      return lines;
    }
    case "run:finished":
      return ["", "Profit and loss per actor (balance changes over the run):", ...renderPnl(event.summary)];
    case "run:failed":
      return ["", `Run failed: ${event.error.name}: ${event.error.message}`];
    case "balances:updated":
      return [];
    case "bundle:received":
      return [
        wrap(
          `builder  received bundle ${short(event.bundle)} from ${event.origin} for block #${event.targetBlock} (private: no bot sees it): ${event.txs.map((tx) => tx.action.sentence).join("; then ")}`,
          100,
          "  ",
        ),
      ];
    case "bundle:cancelled":
      return [
        `  builder  bundle ${short(event.bundle)} cancelled (replacementUuid ${event.replacementUuid})`,
      ];
    case "block:built":
      return event.bundles.map((b) =>
        wrap(
          `builder  #${event.block} ${b.outcome === "included" ? "INCLUDED" : "DROPPED"} bundle ${short(b.bundle)} from ${b.origin}: ${b.explanation}`,
          100,
          "  ",
        ),
      );
    case "auction:bid":
      return [
        `  bid      ${event.bot} bids ${fmt(event.bid, 6)} (${event.auction === "public" ? `tip ${formatAmount(BigInt(event.tipPerGas), 9, 3)} gwei, round ${event.round}` : "sealed, in a bundle"}) for an opportunity worth ${fmt(event.value, 6)}`,
      ];
    case "bandit:updated": {
      const arm = event.arms[event.arm]!;
      return [
        `  bandit   ${event.bot} round ${event.round}: bid ${formatBps(BigInt(arm.bidBps))} of the value, ${event.won ? "won" : "lost"}, kept ${fmt(event.profit, 6)}; that arm is now ${arm.wins}/${arm.pulls} wins`,
      ];
    }
    case "risk:limit-hit":
      return [
        wrap(`risk     ${event.bot}: ${event.control} ${event.effect}: ${event.explanation}`, 100, "  "),
      ];
    case "risk:killed":
      return [wrap(`risk     ${event.bot}: killed by the instructor: ${event.explanation}`, 100, "  ")];
    case "risk:resumed":
      return [wrap(`risk     ${event.bot}: resumed by the instructor: ${event.explanation}`, 100, "  ")];
    case "student:joined":
      return [`  class    ${event.student.label} joined (${event.student.address})`];
    case "challenge:started":
      return [
        `  challenge ${event.id} (${event.kind}) from block ${event.fromBlock} for ${event.blocks} blocks: ${event.goal}`,
      ];
    case "challenge:standings":
    case "challenge:finished": {
      const when =
        event.type === "challenge:finished" ? `final, block ${event.toBlock}` : `block ${event.block}`;
      const ranks = event.standings.map((s, i) => `${i + 1}. ${s.name} ${formatUsd(BigInt(s.score))}`);
      return [`  standings ${event.id} (${when}): ${ranks.join(", ") || "nobody yet"}`];
    }
    case "poll:opened":
      return [`  poll     ${event.question}${event.options ? ` (${event.options.join(" / ")})` : ""}`];
    case "poll:answered":
      return [`  poll     ${event.answers} answer(s) so far`];
    case "poll:revealed":
      return [
        `  poll     the answer is ${event.truth} (${event.truthFrom}); closest: ${event.closest.join(", ") || "nobody"}`,
      ];
    case "hint:shared": {
      const logs = event.hint.logs ? `, ${event.hint.logs.length} log(s)` : "";
      return [
        `  mev-share hint ${short(event.hint.hash)} on the stream (hints: ${event.hints.join(", ")}${logs}); the transaction itself stays private`,
      ];
    }
    case "refund:paid":
      return [
        `  refund   the builder paid ${event.user.label} ${formatAmount(BigInt(event.amount), 18, 6)} ETH: ${formatBps(BigInt(event.shareBps))} of the ${formatAmount(BigInt(event.searcherPayment), 18, 6)} ETH ${event.searcher.label}'s back-run paid [${short(event.refundTx)}]`,
      ];
    case "crosschain:opened": {
      const [a, b] = event.chains.map((c) => `the ${c.chain.name} (${c.chain.id}, ${c.pool.label})`);
      return [
        `  bridge   opened between ${a} and ${b}: released ${event.delayBlocks} block(s) after the relay, fee ${formatBps(BigInt(event.feeBps))}, relayed by ${event.relayer.label}`,
      ];
    }
    case "crosschain:block": {
      const lines = [
        `  ${event.chain.name} block #${event.block} mined with ${event.txs.length} transaction(s), in this order:`,
      ];
      for (const [i, tx] of event.txs.entries()) {
        lines.push(
          `             ${i + 1}. ${tx.status === "success" ? "ok      " : "REVERTED"} ${tx.sentence}`,
        );
      }
      lines.push(`  ${event.chain.name} pool ${event.pool.label}: 1 ${event.base} = ${fmt(event.price, 2)}`);
      return lines;
    }
    case "bridge:locked":
      return [
        `  bridge   ${event.sender.label} locked ${fmt(event.amount)} on the ${event.chain.name} for the ${event.toChain.name} (fee ${fmt(event.fee, 6)}; ${fmt(event.amountAfterFee)} crosses; transfer ${short(event.transferId)})`,
      ];
    case "bridge:relayed":
      return [
        `  bridge   relayed to the ${event.chain.name} in block #${event.block}: ${fmt(event.amount)} for ${event.recipient.label}, releasable from block #${event.releasableAtBlock}`,
      ];
    case "bridge:released":
      return [
        `  bridge   released on the ${event.chain.name} in block #${event.block}: ${fmt(event.amount)} to ${event.recipient.label}, ${event.blocksWaited} block(s) after the relay`,
      ];
    case "sandbox:healed":
      return [
        `  healed   ${event.problem}: the sandbox ${HEALED_ACTION_TEXT[event.action]} (block ${event.block})`,
      ];
  }
}

/** "victimSize 10 WETH, slippage 2%": parameters as a learner wrote them (amounts in whole tokens). */
export function paramsText(scenario: string, params: Record<string, unknown>): string {
  const specs = SCENARIOS.find((s) => s.name === scenario)?.params ?? {};
  const parts = Object.entries(params).map(([name, value]) => {
    const spec = specs[name];
    if (spec?.kind === "amount")
      return `${name} ${formatAmount(BigInt(String(value)), spec.decimals, 6)} ${spec.symbol}`;
    if (spec?.kind === "number" && spec.unit)
      return `${name} ${value}${spec.unit === "%" ? "%" : ` ${spec.unit}`}`;
    return `${name} ${String(value)}`;
  });
  return parts.length > 0 ? parts.join(", ") : "no parameters";
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
