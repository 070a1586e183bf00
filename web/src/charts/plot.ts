/**
 * The page's one way to draw a chart: uPlot (canvas) behind a small spec, so every chart has the
 * same axes, fonts and labels. Axis values sit outside the plot, each axis sized to its longest value
 * (no line or mark draws over them); annotations (the optimum, the wall, "the bot chose here") are
 * marks and dashed rules named in the legend, never text on the plot. A one-point chart is centred.
 */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import "../styles/charts.css";
import { type Child, h } from "../dom";

/**
 * How a series is drawn: a line, a step line (a price that holds until it moves), a move (a line
 * through its few points, across the gaps between them), or marks only (a dot, or a ring around one).
 */
export type SeriesKind = "line" | "step" | "move" | "points" | "ring";

export interface SeriesSpec {
  label: string;
  values: (number | null)[];
  kind: SeriesKind;
  /** Colour and dash by index (0–3), matching the legend's swatches: colour is never the only sign. */
  style: number;
}

/** A straight dashed rule across the plot: x = at (vertical) or y = at (horizontal). */
export interface RuleSpec {
  axis: "x" | "y";
  at: number;
  label: string;
}

export interface ChartSpec {
  testId: string;
  title: Child;
  /** The whole chart in words, for screen readers (and tests). */
  description: string;
  xLabel: string;
  yLabel: string;
  xs: number[];
  series: SeriesSpec[];
  rules?: RuleSpec[];
  height?: number;
  /** Extra data attributes for the figure (data-…). */
  data?: Record<string, string>;
  /** The x values are whole numbers (blocks): ticks only on them, never at 30.5. */
  wholeX?: boolean;
}

/** Tick steps for whole-number axes: 1, 2, 5, 10, 20, 50 … */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000];

const FALLBACK_COLOURS = ["#1d4ed8", "#c2410c", "#047857", "#6d28d9"];
const DASHES: number[][] = [[], [10, 6], [3, 5], [14, 4, 3, 4]];
const RULE_DASH = [6, 4];
const FONT = '12px system-ui, "DejaVu Sans", sans-serif';
const LABEL_FONT = 'bold 12px system-ui, "DejaVu Sans", sans-serif';
/** Figures already drawn, by spec: a panel re-renders after every event, a chart is drawn once. */
const drawn = new Map<string, HTMLElement>();
const KEEP = 40;

/** A plot's height: shorter on a short screen (a laptop's 768px), where a step's charts share the first screen. */
function plotHeight(): number {
  return window.matchMedia("(max-height: 800px)").matches ? 150 : 200;
}

function colour(style: number): string {
  const css = getComputedStyle(document.documentElement)
    .getPropertyValue(`--series-${style % 4}`)
    .trim();
  return css || FALLBACK_COLOURS[style % 4]!;
}

/** "1,234.5", "0.0012": tick values in plain words, at most 6 significant digits. */
export function tickText(value: number): string {
  return value.toLocaleString("en-US", { maximumSignificantDigits: 6 });
}

/** A scale range with room around the data; a single value gets a span of its own around it. */
function padded(min: number | null, max: number | null): uPlot.Range.MinMax {
  const [low, high] = [min ?? 0, max ?? 1];
  if (high === low) {
    const half = Math.abs(low) * 0.05 || 1;
    return [low - half, high + half];
  }
  const margin = (high - low) * 0.08;
  return [low - margin, high + margin];
}

/** Room for the axis's longest value, its ticks and gap: values never run into the plot. */
function axisSize(self: uPlot, values: string[] | null, axisIdx: number): number {
  const axis = self.axes[axisIdx]!;
  const ticks = (axis.ticks?.size ?? 10) + (axis.gap ?? 5);
  if (axis.side === 2 || axis.side === 0) return ticks + 18;
  self.ctx.font = FONT;
  const longest = Math.max(0, ...(values ?? []).map((v) => self.ctx.measureText(v ?? "").width));
  return Math.ceil(ticks + longest / (window.devicePixelRatio || 1) + 8);
}

function seriesOptions(spec: SeriesSpec): uPlot.Series {
  const stroke = colour(spec.style);
  const dash = DASHES[spec.style % 4];
  if (spec.kind === "points" || spec.kind === "ring") {
    const ring = spec.kind === "ring";
    return {
      label: spec.label,
      stroke,
      paths: () => null,
      points: { show: true, size: ring ? 18 : 11, width: 2, stroke, fill: ring ? "transparent" : stroke },
    };
  }
  return {
    label: spec.label,
    stroke,
    width: 2,
    dash,
    spanGaps: spec.kind === "move",
    points: {
      show: spec.kind === "move" || spec.values.filter((v) => v !== null).length <= 1,
      size: 8,
      fill: stroke,
    },
    ...(spec.kind === "step" && { paths: uPlot.paths.stepped!({ align: 1 }) }),
  };
}

/** The rules, drawn after the series: dashed, in the muted colour, clipped to the plot. */
function drawRules(rules: readonly RuleSpec[]) {
  return (u: uPlot) => {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
    ctx.clip();
    ctx.strokeStyle = "#4b5563";
    ctx.lineWidth = 1.5 * (window.devicePixelRatio || 1);
    ctx.setLineDash(RULE_DASH.map((d) => d * (window.devicePixelRatio || 1)));
    for (const rule of rules) {
      ctx.beginPath();
      if (rule.axis === "x") {
        const x = u.valToPos(rule.at, "x", true);
        ctx.moveTo(x, bbox.top);
        ctx.lineTo(x, bbox.top + bbox.height);
      } else {
        const y = u.valToPos(rule.at, "y", true);
        ctx.moveTo(bbox.left, y);
        ctx.lineTo(bbox.left + bbox.width, y);
      }
      ctx.stroke();
    }
    ctx.restore();
  };
}

function options(spec: ChartSpec, width: number): uPlot.Options {
  const rules = spec.rules ?? [];
  const ruleValues = (axis: "x" | "y") => rules.filter((r) => r.axis === axis).map((r) => r.at);
  const range =
    (axis: "x" | "y") =>
    (_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax =>
      padded(
        Math.min(min ?? Number.POSITIVE_INFINITY, ...ruleValues(axis)),
        Math.max(max ?? Number.NEGATIVE_INFINITY, ...ruleValues(axis)),
      );
  const axis = (label: string): uPlot.Axis => ({
    label,
    font: FONT,
    labelFont: LABEL_FONT,
    labelSize: 20,
    size: axisSize,
    stroke: "#1f2937",
    grid: { stroke: "#e5e7eb", width: 1 },
    ticks: { stroke: "#9ca3af", width: 1, size: 5 },
    values: (_u, splits) => splits.map(tickText),
  });
  return {
    width,
    height: spec.height ?? plotHeight(),
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false, range: range("x") }, y: { range: range("y") } },
    axes: [{ ...axis(spec.xLabel), ...(spec.wholeX && { incrs: WHOLE_STEPS }) }, axis(spec.yLabel)],
    series: [{}, ...spec.series.map(seriesOptions)],
    hooks: { draw: [drawRules(rules)] },
  };
}

function legend(spec: ChartSpec): Child[] {
  return [
    spec.series.map((s) =>
      h(
        "span",
        { class: `legend series-${s.style % 4}` },
        h("span", {
          class: `swatch ${s.kind === "points" || s.kind === "ring" ? `mark-${s.kind}` : `dash-${s.style % 4}`}`,
          "aria-hidden": "true",
        }),
        s.label,
      ),
    ),
    (spec.rules ?? []).map((r) =>
      h(
        "span",
        { class: "legend rule" },
        h("span", { class: "swatch rule", "aria-hidden": "true" }),
        r.label,
      ),
    ),
  ];
}

/** A figure: the title and legend above, the canvas chart, and the chart in words (visually hidden). */
export function chartFigure(spec: ChartSpec): HTMLElement {
  const key = JSON.stringify(spec, (_k, v) => (v instanceof Node ? v.textContent : v));
  const old = drawn.get(key);
  if (old) return old;
  const plot = h("div", { class: "plot", role: "img", "aria-label": spec.description });
  const attrs = Object.fromEntries(Object.entries(spec.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  const figure = h(
    "figure",
    { class: "chart-figure uplot-figure", "data-testid": spec.testId, ...attrs },
    h("figcaption", {}, spec.title, legend(spec)),
    plot,
    h("p", { class: "visually-hidden chart-words" }, spec.description),
  );
  const data: uPlot.AlignedData = [spec.xs, ...spec.series.map((s) => s.values)];
  const chart = new uPlot(options(spec, 480), data, plot);
  // Fit the panel's width once the figure is on the page, and whenever the panel resizes.
  const observer = new ResizeObserver(() => {
    if (!plot.isConnected) return;
    const width = Math.max(240, Math.floor(plot.clientWidth));
    if (width !== chart.width) chart.setSize({ width, height: spec.height ?? plotHeight() });
  });
  observer.observe(plot);
  drawn.set(key, figure);
  if (drawn.size > KEEP) drawn.delete(drawn.keys().next().value!);
  return figure;
}
