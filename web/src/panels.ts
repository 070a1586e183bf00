/**
 * Every panel of the board, in one list: its landmark (a section of index.html), the element whose
 * content it draws, the slices of the view it reads (model/reducer.ts) and how it draws them.
 * main.ts renders the list, in this order, after every event.
 *
 * A new panel: its view file (views/), its slice (model/), one entry here, its name in PanelId
 * (server/events/panels.ts) and its section `<name>-panel` in index.html (in the board's context
 * region); a step shows it by naming it in its focus (layout.ts places it).
 */
import type { PanelId, TxPending } from "../../server/events";
import type { WorldState } from "../../server/world/describe";
import type { Classroom } from "./classroom";
import type { Child } from "./dom";
import { blockToShow, findingsAgainst } from "./model/blocks";
import { buildOf, pendingBundles } from "./model/builder";
import type { SliceName, SlicesOf, ViewState } from "./model/reducer";
import type { RunMeta } from "./model/runMeta";
import type { StudentSession } from "./student";
import { answerKeyItems, answerKeyPanel } from "./views/answerKey";
import { auctionPanel } from "./views/auction";
import { banditPanel } from "./views/bandit";
import { blockPanel } from "./views/block";
import { builderPanel } from "./views/builder";
import { chainsPanel } from "./views/chains";
import { createClassView } from "./views/classroom";
import { lendingPanel } from "./views/lending";
import { mempoolPanel } from "./views/mempool";
import { actorsPanel, findingsPanel } from "./views/outcome";
import { poolsPanel } from "./views/pools";
import { riskPanel } from "./views/risk";
import { stepPanel } from "./views/step";
import { timelinePanel } from "./views/timeline";
import { createWalletView } from "./views/wallet";
import { yourTrade } from "./views/you";

/** What the page knows beside the run's events, and what it lets a panel do. */
export interface PageContext {
  world: WorldState | null;
  /** The run's plan and flags, when the page knows the run. */
  run: RunMeta | null;
  /** The step opened in the timeline; null follows the live step. */
  selectedStep: number | null;
  selectStep(step: number | null): void;
  /** The student using this page (joining, their wallet): their transactions read "you". */
  student: StudentSession;
  /** The class (students, challenge, poll), whatever room the page follows. */
  classroom: Classroom;
}

/** The board's panels by their PanelId; the class column's, the student's wallet and the class. */
export type PanelName = PanelId | "wallet" | "class";

export interface Panel {
  /** The panel's name: its landmark is the section `<name>-panel`, hidden while it has nothing to show. */
  name: PanelName;
  /** The element inside the landmark whose content the panel draws. */
  mount: string;
  reads: readonly SliceName[];
  /** Whether the panel shows at all (a run without bundles has no builder panel); always when absent. */
  shown?(view: ViewState, page: PageContext): boolean;
  render(view: ViewState, page: PageContext): Child[];
}

/** A panel given only the slices it names in `reads`: the compiler holds it to them. */
function panel<K extends SliceName>(definition: {
  name: PanelName;
  mount: string;
  reads: readonly K[];
  // Function properties, not methods: their parameters are checked strictly.
  shown?: (view: SlicesOf<K>, page: PageContext) => boolean;
  render: (view: SlicesOf<K>, page: PageContext) => Child[];
}): Panel {
  // The compiler cannot see that every ViewState holds the slices K (it holds them all).
  return definition as Panel;
}

/** The mempool's cards: only transactions it has not drawn before animate in. */
function mempool(): Panel {
  let drawn = new Set<string>();
  return panel({
    name: "mempool",
    mount: "mempool",
    reads: ["mempool", "builder"],
    render(view, { student }) {
      const waiting = pendingBundles(view);
      const me = student.me;
      const you = me
        ? { address: me.address, backrun: (tx: TxPending) => void student.pickTarget(tx) }
        : undefined;
      const content = mempoolPanel(view.mempool, drawn, waiting, you);
      drawn = new Set([
        ...view.mempool.map((tx) => tx.hash),
        ...waiting.flatMap((b) => b.txs.map((tx) => tx.hash)),
      ]);
      return content;
    },
  });
}

/** The latest block (or the selected step's): a newly mined one slides in, once. */
function block(): Panel {
  let drawn: number | null = null;
  return panel({
    name: "block",
    mount: "block",
    reads: ["blocks", "run", "builder"],
    render(view, { selectedStep, student }) {
      const shown = blockToShow(view, selectedStep);
      const fresh = shown !== null && selectedStep === null && shown.number !== drawn;
      if (selectedStep === null) drawn = shown?.number ?? null;
      const build = shown ? buildOf(view, shown.number) : undefined;
      return blockPanel(shown, fresh, { bundles: view.bundles, build, me: student.me?.address });
    },
  });
}

/** The student's wallet, or "Join the class": its forms are kept between renders. */
function wallet(): Panel {
  let draw: ReturnType<typeof createWalletView> | null = null;
  return panel({
    name: "wallet",
    mount: "wallet",
    reads: [],
    shown: (_view, { student }) => student.state.mode !== "hidden",
    render(_view, { student, world }) {
      draw ??= createWalletView({
        join: (name, code) => void student.join(name, code),
        watchOnly: () => student.watchOnly(true),
        refresh: () => void student.refreshBalances(),
        reserves: (pool) => student.reserves(pool),
        swap: (plan, viaProtected) => void student.swap(plan, viaProtected),
        backrun: {
          send: (amountIn, payment) => void student.sendBackrun(amountIn, payment),
          close: () => student.closeBackrun(),
        },
      });
      return draw(student.state, world);
    },
  });
}

/** The challenge's leaderboard and the poll, for everyone; the poll's answer form is kept between renders. */
function classPanel(): Panel {
  let draw: ReturnType<typeof createClassView> | null = null;
  return panel({
    name: "class",
    mount: "class",
    reads: [],
    shown: (_view, { classroom }) => classroom.state.challenge !== null || classroom.state.poll !== null,
    render(_view, { classroom, student, world }) {
      draw ??= createClassView((pollId, answer) => {
        if (student.token) void classroom.sendAnswer(student.token, pollId, answer);
      });
      return draw({
        state: classroom.state,
        me: student.me,
        decimalsOf: (symbol) => world?.tokens.find((t) => t.symbol === symbol)?.decimals ?? 18,
        leaderboard: classroom.leaderboard,
        answer: classroom.answer,
        answerStatus: classroom.answerStatus,
      });
    },
  });
}

export const PANELS: readonly Panel[] = [
  panel({
    name: "step",
    mount: "step",
    reads: ["run", "blocks"],
    render: (view, page) => [
      // A student whose own trade was attacked reads what it cost them first.
      page.student.me && yourTrade(findingsAgainst(view, page.student.me.address)),
      ...stepPanel({ state: view, selected: page.selectedStep, stepCount: page.run?.stepCount ?? null }),
    ],
  }),
  panel({
    name: "timeline",
    mount: "timeline",
    reads: ["run"],
    render: (view, page) =>
      timelinePanel({
        state: view,
        plan: page.run?.steps ?? [],
        selected: page.selectedStep,
        onSelect: page.selectStep,
      }),
  }),
  mempool(),
  block(),
  panel({
    name: "answerKey",
    mount: "answerKey",
    reads: ["run", "lending", "auction", "builder", "blocks"],
    shown: (view, page) => {
      const { decisions, bids } = answerKeyItems(view, page.selectedStep);
      return decisions.length > 0 || bids.length > 0;
    },
    render: (view, page) => answerKeyPanel(view, page.selectedStep, page.world),
  }),
  panel({
    name: "builder",
    mount: "builder",
    reads: ["builder", "blocks"],
    shown: (view) => view.bundles.length > 0 || view.builds.length > 0,
    render: builderPanel,
  }),
  panel({
    name: "auction",
    mount: "auction",
    reads: ["auction", "builder", "blocks"],
    shown: (view) => view.bids.length > 0,
    render: auctionPanel,
  }),
  panel({
    name: "bandit",
    mount: "bandit",
    reads: ["auction"],
    shown: (view) => view.bandits.length > 0,
    render: banditPanel,
  }),
  panel({ name: "findings", mount: "findings", reads: ["blocks"], render: findingsPanel }),
  panel({
    name: "pools",
    mount: "pools",
    reads: ["pools", "blocks"],
    render: (view, page) => poolsPanel(view, page.world),
  }),
  panel({
    name: "lending",
    mount: "lending",
    reads: ["lending"],
    render: (view, page) => lendingPanel(view, page.world),
  }),
  panel({ name: "actors", mount: "actors", reads: ["outcome", "run"], render: actorsPanel }),
  panel({
    name: "risk",
    mount: "risk",
    reads: ["risk"],
    shown: (view) => view.riskEvents.length > 0,
    render: riskPanel,
  }),
  panel({
    name: "chains",
    mount: "chains",
    reads: ["chains"],
    shown: (view) => view.link !== null,
    render: chainsPanel,
  }),
  wallet(),
  classPanel(),
];

/** The board's panels (every one but the class column's), in the registry's order. */
export const BOARD_PANELS: readonly PanelId[] = PANELS.flatMap((p) =>
  p.name === "wallet" || p.name === "class" ? [] : [p.name],
);
