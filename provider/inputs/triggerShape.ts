/**
 * What a `rotationTrigger` may be: a JSON value, at most {@link MAX_TRIGGER_DEPTH} levels deep and
 * {@link MAX_TRIGGER_BYTES} long as canonical JSON. It is stored twice in state (input and output),
 * shown by `preview --diff` and compared on every diff, so a large one costs on every run; a deep
 * one overflows the stack of any recursive reader. Checked by the resource constructor and again by
 * the provider's `check` (values may come from other SDKs). The walk is iterative: no value can
 * overflow the stack before the bounds are checked.
 */

/** The deepest nesting of arrays and objects accepted (`"x"` is 0 levels deep, `{ a: [1] }` 2). */
export const MAX_TRIGGER_DEPTH = 32;

/** The longest trigger accepted: 16 KiB of canonical JSON (UTF-8). */
export const MAX_TRIGGER_BYTES = 16 * 1024;

/**
 * Where measuring stops: a trigger past this is reported as "more than" it. Bounds the work on
 * values that are huge, or small but sharing one object many times over (exponential as JSON).
 */
const STOP_BYTES = 64 * MAX_TRIGGER_BYTES;

/** What a trigger must be, appended to every refusal of a value that is not JSON. */
const MUST_BE_JSON =
  'rotationTrigger must be a JSON value (string, number, boolean, null, array or plain object), e.g. a date string such as "2026-11"';

/** What the user should use instead of an oversized trigger. */
const SHORTER = 'use a short value such as a date string ("2026-11") or a release number';

/**
 * Why a trigger was refused: where (`rotationTrigger.a[2]`) and what is wrong there and what to do
 * (`is a BigInt; rotationTrigger must be a JSON value ...`).
 */
export interface TriggerProblem {
  path: string;
  problem: string;
}

/** The shape of an accepted trigger, as measured while checking it. */
export interface TriggerSize {
  /** Levels of nested arrays and objects. */
  depth: number;
  /** Length of its canonical JSON text, in UTF-8 bytes. */
  bytes: number;
}

/** A value still to visit, with its parent so a path is built only for a problem. */
interface Node {
  value: unknown;
  parent: Node | undefined;
  /** `.key` or `[i]`, appended to the parent's path. */
  segment: string;
  /** Containers above this value. */
  depth: number;
}

/** Marks the end of a container's children, so only its ancestors count as a cycle. */
interface Leave {
  leave: object;
}

/** A walk through a trigger: what is left to visit, the containers above, and what was measured. */
interface Walk {
  stack: Array<Node | Leave>;
  ancestors: Set<object>;
  /** Canonical JSON bytes counted so far. */
  bytes: number;
  /** The deepest nesting met so far. */
  depth: number;
}

/**
 * Checks that `value` is a JSON value within the bounds, naming the first offending spot under
 * `root` (e.g. `rotationTrigger`). Returns its size when it is, a problem otherwise. Never throws.
 */
export function checkTrigger(value: unknown, root: string): TriggerProblem | TriggerSize {
  const walk: Walk = {
    stack: [{ value, parent: undefined, segment: "", depth: 0 }],
    ancestors: new Set<object>(),
    bytes: 0,
    depth: 0,
  };
  while (walk.stack.length > 0 && walk.bytes <= STOP_BYTES) {
    const item = walk.stack.pop()!;
    if ("leave" in item) {
      walk.ancestors.delete(item.leave);
      continue;
    }
    const problem = visit(walk, item);
    if (problem !== undefined) return { path: pathOf(root, item), problem: `${problem}; ${MUST_BE_JSON}` };
  }
  // Unvisited values left mean measuring stopped early: the size is a lower bound.
  const complete = walk.stack.every((item) => "leave" in item);
  return boundsProblem(root, walk, complete) ?? { depth: walk.depth, bytes: walk.bytes };
}

/** Counts one value (a container's children are queued); what makes it no JSON value, if anything. */
function visit(walk: Walk, item: Node): string | undefined {
  const v = item.value;
  if (v === null || typeof v !== "object") {
    const scalar = scalarBytes(v);
    if (typeof scalar === "string") return scalar;
    walk.bytes += scalar;
    return undefined;
  }
  if (walk.ancestors.has(v)) return "refers back to itself (a cyclic object)";
  const children = Array.isArray(v) ? arrayChildren(walk, item, v) : objectChildren(walk, item, v);
  if (typeof children === "string") return children;
  walk.depth = Math.max(walk.depth, item.depth + 1);
  walk.ancestors.add(v);
  walk.stack.push({ leave: v });
  // Reversed, so children are visited in order and the first problem is the first in the value.
  for (let i = children.length - 1; i >= 0; i--) walk.stack.push(children[i]);
  return undefined;
}

/** The canonical JSON length of a value that is no container, or what makes it no JSON value. */
function scalarBytes(v: unknown): number | string {
  switch (typeof v) {
    case "string":
      return utf8Length(JSON.stringify(v));
    case "boolean":
      return v ? 4 : 5;
    case "number":
      return Number.isFinite(v) ? String(v).length : `is ${v}, which JSON cannot represent`;
    case "bigint":
      return "is a BigInt";
    case "function":
      return "is a function";
    case "symbol":
      return "is a symbol";
    case "undefined":
      return "is undefined";
    default:
      return 4; // null
  }
}

/** An array's elements to visit; its brackets, commas and holes (written as null) counted. */
function arrayChildren(walk: Walk, parent: Node, array: unknown[]): Node[] {
  const children: Node[] = [];
  for (let i = 0; i < array.length; i++) {
    // A hole is written as null, as JSON.stringify does.
    if (i in array) children.push({ value: array[i], parent, segment: `[${i}]`, depth: parent.depth + 1 });
    else walk.bytes += 4;
  }
  walk.bytes += 2 + Math.max(0, array.length - 1);
  return children;
}

/** A plain object's values to visit, its keys and punctuation counted; or why it is not plain. */
function objectChildren(walk: Walk, parent: Node, object: object): Node[] | string {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    return `is a ${typeof name === "string" && name !== "" ? name : "non-plain"} object`;
  }
  // Keys whose value is undefined are left out, as JSON.stringify and the SDK do.
  const entries = Object.entries(object).filter(([, child]) => child !== undefined);
  const children: Node[] = [];
  for (const [key, child] of entries) {
    walk.bytes += utf8Length(JSON.stringify(key)) + 1;
    children.push({ value: child, parent, segment: `.${key}`, depth: parent.depth + 1 });
  }
  walk.bytes += 2 + Math.max(0, entries.length - 1);
  return children;
}

/** A JSON value past the depth or size bound: the problem, measured as far as the walk got. */
function boundsProblem(root: string, walk: Walk, complete: boolean): TriggerProblem | undefined {
  if (walk.depth > MAX_TRIGGER_DEPTH) {
    return {
      path: root,
      problem: `is nested ${complete ? walk.depth : `at least ${walk.depth}`} levels deep, more than the ${MAX_TRIGGER_DEPTH} accepted; ${SHORTER}`,
    };
  }
  if (walk.bytes > MAX_TRIGGER_BYTES) {
    const measured = complete ? `${walk.bytes}` : `more than ${walk.bytes}`;
    return {
      path: root,
      problem:
        `is ${measured} bytes long as canonical JSON, more than the ${MAX_TRIGGER_BYTES} (16 KiB) accepted ` +
        `(it is stored twice in state and shown in every diff); ${SHORTER}`,
    };
  }
  return undefined;
}

/** True when {@link checkTrigger} found a problem. */
export function isTriggerProblem(result: TriggerProblem | TriggerSize): result is TriggerProblem {
  return "problem" in result;
}

function pathOf(root: string, node: Node): string {
  const segments: string[] = [];
  for (let n: Node | undefined = node; n; n = n.parent) segments.push(n.segment);
  return root + segments.reverse().join("");
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
