/**
 * The dependency rules of ../shared/DESIGN.md ("The spine, and which way dependencies point"),
 * checked by `npm run lint` (dependency-cruiser). Arrows only point down:
 *
 *   adapters          scripts/, server/http, server/rpc, server/sandbox.ts, web/
 *   runs, control     server/runs, server/control, server/classroom
 *   scenarios         server/scenarios
 *   bots, inspector   server/bots, server/inspector
 *   builder, engine   server/builder, server/engine, server/replay, server/crosschain
 *   chain, world      server/chain, server/world, server/store
 *   pure              server/math, server/lib, server/events, server/format.ts, server/errors.ts
 */

/** Each layer with the folders (as path patterns) it is made of, from the top down. */
const LAYERS = [
  ["adapters", "^(scripts|web)/|^server/(http|rpc)/|^server/sandbox\\.ts$"],
  ["runs and control", "^server/(runs|control|classroom)/"],
  ["scenarios", "^server/scenarios/"],
  ["bots and inspector", "^server/(bots|inspector)/"],
  ["builder and engine", "^server/(builder|engine|replay|crosschain)/"],
  ["chain, world and store", "^server/(chain|world|store)/"],
  ["pure", "^server/(math|lib|events)/|^server/(format|errors)\\.ts$"],
];

/** A layer may not import any layer above it. */
const upward = LAYERS.flatMap(([name, path], index) =>
  index === 0
    ? []
    : [
        {
          name: `no-upward-from-${name.replace(/\W+/g, "-")}`,
          comment: `${name} may not import a layer above it (DESIGN.md: arrows only point down)`,
          severity: "error",
          from: { path },
          to: {
            path: LAYERS.slice(0, index)
              .map(([, above]) => `(${above})`)
              .join("|"),
          },
        },
      ],
);

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "no two files import each other, directly or through others",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: "bots-never-see-the-inspector",
      comment: "bots decide from what any searcher sees; they do not read the inspector's labels",
      severity: "error",
      from: { path: "^server/bots/" },
      to: { path: "^server/inspector/" },
    },
    {
      name: "the-inspector-never-knows-the-bots",
      comment: "the inspector labels blocks from receipts and standard logs alone",
      severity: "error",
      from: { path: "^server/inspector/" },
      to: { path: "^server/bots/" },
    },
    {
      name: "the-builder-does-not-know-the-engine",
      comment: "the builder builds blocks; the engine uses it, never the other way round",
      severity: "error",
      from: { path: "^server/builder/" },
      to: { path: "^server/engine/" },
    },
    {
      name: "adapters-stand-apart",
      comment: "the HTTP server and the JSON-RPC server are separate adapters over the same layers",
      severity: "error",
      from: { path: "^server/(http|rpc)/" },
      to: { path: "^server/(http|rpc)/", pathNot: "^server/$1/" },
    },
    {
      name: "web-imports-only-types-from-the-server",
      comment:
        "nothing with I/O reaches the browser bundle: runtime code only from the pure layer (server/math, server/lib, server/events, server/format.ts, server/errors.ts)",
      severity: "error",
      from: { path: "^web/" },
      to: {
        path: "^server/",
        pathNot: "^server/(math/|lib/|events/|format\\.ts$|errors\\.ts$)",
        dependencyTypesNot: ["type-only"],
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|typechain-types|artifacts|cache)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
