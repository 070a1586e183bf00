/**
 * The class as the page keeps it, without a browser: classroom events (whatever room the page
 * follows) move the students, the challenge's standings and podium, and the poll; the REST views
 * start it; the page follows the live chain when live mode comes on; a student's own losses are
 * found among the inspector's findings.
 */
import { describe, expect, it } from "vitest";
import type { ChallengeView, PollView } from "../server/classroom/views";
import type { MevClassified, SandboxEvent, Standing } from "../server/events";
import { LOBBY, roomAfterStatus, roomAtStart } from "../web/src/follow";
import { findingsAgainst } from "../web/src/model/blocks";
import {
  type ClassEvent,
  type ClassState,
  classFromViews,
  EMPTY_CLASS,
  isClassEvent,
  reduceClass,
} from "../web/src/model/classroom";
import { EMPTY_STATE, reduce } from "../web/src/model/reducer";

const stamp = { runId: "live", step: -1 };
const ADA = { label: "ada", address: "0x00000000000000000000000000000000000000Ad" };
const BO = { label: "bo", address: "0x00000000000000000000000000000000000000b0" };

const standing = (who: typeof ADA, score: string): Standing => ({
  name: who.label,
  address: who.address,
  balanceChanges: { WETH: "1000", ETH: "-21000" },
  gasPaid: "21000",
  score,
});

const fold = (events: ClassEvent[], from: ClassState = EMPTY_CLASS) => events.reduce(reduceClass, from);

describe("the class's events", () => {
  it("are told apart from the run's", () => {
    expect(isClassEvent({ type: "student:joined" })).toBe(true);
    expect(isClassEvent({ type: "challenge:standings" })).toBe(true);
    expect(isClassEvent({ type: "poll:revealed" })).toBe(true);
    expect(isClassEvent({ type: "block:mined" })).toBe(false);
    expect(isClassEvent({ type: "sandbox:healed" })).toBe(false);
  });

  it("list who joined, once each", () => {
    const joined = (student: typeof ADA, id: string): ClassEvent => ({
      ...stamp,
      type: "student:joined",
      id,
      student,
    });
    const state = fold([joined(ADA, "student-1"), joined(BO, "student-2"), joined(ADA, "student-1")]);
    expect(state.students).toEqual([ADA, BO]);
  });

  it("follow a challenge from its start to its podium", () => {
    const started: ClassEvent = {
      ...stamp,
      type: "challenge:started",
      id: "challenge-1",
      kind: "searcher",
      params: { houseBots: false },
      fromBlock: 40,
      blocks: 3,
      goal: "Extract what you can.",
    };
    let state = fold([started]);
    expect(state.challenge).toMatchObject({
      id: "challenge-1",
      status: "running",
      standings: [],
      block: null,
      toBlock: null,
    });
    const first = [standing(ADA, "500000000"), standing(BO, "-100")];
    state = fold(
      [{ ...stamp, type: "challenge:standings", id: "challenge-1", block: 40, standings: first }],
      state,
    );
    expect(state.challenge).toMatchObject({ block: 40, standings: first, status: "running" });
    // Another challenge's news changes nothing here.
    const stray: ClassEvent = {
      ...stamp,
      type: "challenge:standings",
      id: "challenge-9",
      block: 41,
      standings: [],
    };
    expect(fold([stray], state)).toBe(state);
    const final = [standing(BO, "900000000"), standing(ADA, "500000000")];
    state = fold(
      [{ ...stamp, type: "challenge:finished", id: "challenge-1", toBlock: 42, standings: final }],
      state,
    );
    expect(state.challenge).toMatchObject({ status: "finished", toBlock: 42, block: 42, standings: final });
  });

  it("follow a poll: opened, answered (counts only), revealed", () => {
    let state = fold([
      {
        ...stamp,
        type: "poll:opened",
        id: "poll-1",
        question: "Will alice be sandwiched?",
        kind: "choice",
        options: ["yes", "no"],
      },
    ]);
    expect(state.poll).toEqual({
      id: "poll-1",
      question: "Will alice be sandwiched?",
      kind: "choice",
      options: ["yes", "no"],
      status: "open",
      answers: 0,
      reveal: null,
    });
    state = fold([{ ...stamp, type: "poll:answered", id: "poll-1", answers: 2 }], state);
    expect(state.poll?.answers).toBe(2);
    const reveal = {
      distribution: { yes: 1, no: 1 },
      answers: [
        { name: "ada", answer: "yes" },
        { name: "bo", answer: "no" },
      ],
      truth: "yes",
      truthFrom: "run-3, mev:classified kind",
      closest: ["ada"],
    };
    state = fold([{ ...stamp, type: "poll:revealed", id: "poll-1", ...reveal }], state);
    expect(state.poll).toMatchObject({ status: "revealed", answers: 2, reveal });
    // A new poll replaces the revealed one.
    state = fold(
      [{ ...stamp, type: "poll:opened", id: "poll-2", question: "How much?", kind: "number", options: null }],
      state,
    );
    expect(state.poll).toMatchObject({ id: "poll-2", status: "open", answers: 0, reveal: null });
  });

  it("start from the REST views: the running challenge, the open poll", () => {
    const challenge = (id: string, status: ChallengeView["status"], fromBlock: number): ChallengeView => ({
      id,
      kind: "protect",
      status,
      params: {},
      goal: "Sell without being sandwiched.",
      fromBlock,
      toBlock: status === "finished" ? fromBlock + 2 : null,
      blocks: 3,
      standings: [],
    });
    const poll = (id: string, status: PollView["status"]): PollView => ({
      id,
      question: "?",
      kind: "number",
      options: null,
      status,
      answers: 0,
      reveal: null,
    });
    const state = classFromViews({
      students: [{ id: "student-1", name: "ada", address: ADA.address, funded: true }],
      challenges: [challenge("challenge-1", "finished", 10), challenge("challenge-2", "running", 20)],
      polls: [poll("poll-1", "open"), poll("poll-2", "revealed")],
    });
    expect(state.students).toEqual([ADA]);
    expect(state.challenge).toMatchObject({ id: "challenge-2", block: null });
    expect(state.poll?.id).toBe("poll-1");
    const finished = classFromViews({
      students: [],
      challenges: [challenge("challenge-1", "finished", 10)],
      polls: [],
    });
    expect(finished.challenge).toMatchObject({ id: "challenge-1", block: 12 });
    expect(finished.poll).toBeNull();
  });
});

describe("the room the page follows", () => {
  const status = (runningRunId: string | null, liveEnabled: boolean) => ({ runningRunId, liveEnabled });

  it("opens on the running run, else the live chain in live mode, else the latest run", () => {
    expect(roomAtStart(status("run-4", true), { runningRunId: null, latest: "run-3" })).toBe("run-4");
    expect(roomAtStart(null, { runningRunId: "run-4", latest: "run-4" })).toBe("run-4");
    expect(roomAtStart(status(null, true), { runningRunId: null, latest: "run-3" })).toBe(LOBBY);
    expect(roomAtStart(status(null, false), { runningRunId: null, latest: "run-3" })).toBe("run-3");
    expect(roomAtStart(null, { runningRunId: null, latest: null })).toBe(LOBBY);
  });

  it("moves to a run that starts, and to the live chain when live mode comes on, not before", () => {
    expect(roomAfterStatus(status("run-5", false), status(null, false), "run-3")).toBe("run-5");
    expect(roomAfterStatus(status("run-5", false), status("run-5", false), "run-5")).toBeNull();
    // Live mode turned on: every viewer of an old run goes to the live chain.
    expect(roomAfterStatus(status(null, true), status(null, false), "run-3")).toBe(LOBBY);
    expect(roomAfterStatus(status(null, true), null, "run-3")).toBe(LOBBY);
    // Still on: a viewer who chose "show the run" stays there.
    expect(roomAfterStatus(status(null, true), status(null, true), "run-3")).toBeNull();
    expect(roomAfterStatus(status(null, false), status(null, true), LOBBY)).toBeNull();
  });
});

describe("a student's own losses", () => {
  it("are the findings whose victim is their address, whatever its case", () => {
    const sandwich = (victim: typeof ADA): MevClassified => ({
      ...stamp,
      type: "mev:classified",
      block: 7,
      kind: "sandwich",
      txs: ["0x1", "0x2", "0x3"],
      profits: [],
      victim: {
        actor: victim,
        tx: "0x2",
        actualOut: { amount: "900", symbol: "USDC", decimals: 6 },
        counterfactualOut: { amount: "1000", symbol: "USDC", decimals: 6 },
        loss: { amount: "100", symbol: "USDC", decimals: 6 },
      },
      explanation: "",
    });
    const mined: SandboxEvent = {
      ...stamp,
      type: "block:mined",
      block: 7,
      hash: "0xb7",
      timestamp: 0,
      baseFeePerGas: "0",
      gasUsed: "0",
      txs: [],
      coinbaseTake: { amount: "0", symbol: "ETH", decimals: 18 },
    };
    const view = [mined, sandwich(BO), sandwich(ADA)].reduce(reduce, EMPTY_STATE);
    const mine = findingsAgainst(view, ADA.address.toLowerCase());
    expect(mine.map((f) => f.victim?.actor.label)).toEqual(["ada"]);
  });
});

describe("the live chain's blocks", () => {
  const mined = (block: number, hash: string): SandboxEvent => ({
    ...stamp,
    type: "block:mined",
    block,
    hash,
    timestamp: 0,
    baseFeePerGas: "0",
    gasUsed: "0",
    txs: [],
    coinbaseTake: { amount: "0", symbol: "ETH", decimals: 18 },
  });

  it("start again from a number seen before when the chain was reset (another hash)", () => {
    const view = [mined(30, "0xa30"), mined(31, "0xa31"), mined(32, "0xa32"), mined(31, "0xa31")].reduce(
      reduce,
      EMPTY_STATE,
    );
    // The same block twice (a snapshot and a live event overlap): kept once, in place.
    expect(view.blocks.map((b) => b.hash)).toEqual(["0xa30", "0xa31", "0xa32"]);
    // A run reset the chain: block 31 again, another one; 32 is gone, the new 31 is the latest.
    const reset = reduce(view, mined(31, "0xb31"));
    expect(reset.blocks.map((b) => b.hash)).toEqual(["0xa30", "0xb31"]);
  });
});
