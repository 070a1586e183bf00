/**
 * A few lines instead of a UI framework: `h()` builds elements, `replace()` swaps a panel's
 * content. Text goes in as text nodes (never innerHTML), so nothing a server sends can inject markup.
 */

export type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

const SVG_NS = "http://www.w3.org/2000/svg";

function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : String(child));
  }
}

function setAttrs(element: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, ""), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
}

/** An HTML element: `h("p", { class: "x" }, "text", child)`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttrs(element, attrs);
  append(element, children);
  return element;
}

/** An SVG element. */
export function s(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const element = document.createElementNS(SVG_NS, tag) as SVGElement;
  setAttrs(element, attrs);
  append(element, children);
  return element;
}

/** Replaces the content of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** The element with this id; throws when the page lacks it (a bug in index.html). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id}`);
  return element as T;
}

/**
 * An element rebuilt only when its key changes: a form keeps what someone types, and its focus,
 * through the re-renders that every event causes.
 */
export function keyed<T extends Element>(): (key: string, build: () => T) => T {
  let last: { key: string; element: T } | null = null;
  return (key, build) => {
    if (last?.key !== key) last = { key, element: build() };
    return last.element;
  };
}

/** Whether `parent` already shows exactly `children` (the same nodes, in order). */
export function shows(parent: Element, children: readonly Child[]): boolean {
  const nodes: Child[] = [];
  const flatten = (list: readonly Child[]) => {
    for (const child of list) {
      if (Array.isArray(child)) flatten(child);
      else if (child !== null && child !== undefined && child !== false) nodes.push(child);
    }
  };
  flatten(children);
  return nodes.length === parent.childNodes.length && nodes.every((node, i) => node === parent.childNodes[i]);
}
