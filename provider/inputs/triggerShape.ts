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

/**
 * Checks that `value` is a JSON value within the bounds, naming the first offending spot under
 * `root` (e.g. `rotationTrigger`). Returns its size when it is, a problem otherwise. Never throws.
 */
export function checkTrigger(value: unknown, root: string): TriggerProblem | TriggerSize {
  const stack: Array<Node | Leave> = [{ value, parent: undefined, segment: "", depth: 0 }];
  const ancestors = new Set<object>();
  let bytes = 0;
  let depth = 0;
  const at = (node: Node, problem: string): TriggerProblem => ({
    path: pathOf(root, node),
    problem: `${problem}; ${MUST_BE_JSON}`,
  });
  while (stack.length > 0 && bytes <= STOP_BYTES) {
    const item = stack.pop()!;
    if ("leave" in item) {
      ancestors.delete(item.leave);
      continue;
    }
    const v = item.value;
    switch (typeof v) {
      case "string":
        bytes += utf8Length(JSON.stringify(v));
        continue;
      case "boolean":
        bytes += v ? 4 : 5;
        continue;
      case "number":
        if (!Number.isFinite(v)) return at(item, `is ${v}, which JSON cannot represent`);
        bytes += String(v).length;
        continue;
      case "bigint":
        return at(item, "is a BigInt");
      case "function":
        return at(item, "is a function");
      case "symbol":
        return at(item, "is a symbol");
      case "undefined":
        return at(item, "is undefined");
    }
    if (v === null) {
      bytes += 4;
      continue;
    }
    const object = v as object;
    if (ancestors.has(object)) return at(item, "refers back to itself (a cyclic object)");
    const children: Node[] = [];
    const below = item.depth + 1;
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        // A hole is written as null, as JSON.stringify does.
        if (i in object) children.push({ value: object[i], parent: item, segment: `[${i}]`, depth: below });
        else bytes += 4;
      }
      bytes += 2 + Math.max(0, object.length - 1);
    } else {
      const proto: unknown = Object.getPrototypeOf(object);
      if (proto !== Object.prototype && proto !== null) {
        const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
        return at(item, `is a ${typeof name === "string" && name !== "" ? name : "non-plain"} object`);
      }
      // Keys whose value is undefined are left out, as JSON.stringify and the SDK do.
      const entries = Object.entries(object).filter(([, child]) => child !== undefined);
      for (const [key, child] of entries) {
        bytes += utf8Length(JSON.stringify(key)) + 1;
        children.push({ value: child, parent: item, segment: `.${key}`, depth: below });
      }
      bytes += 2 + Math.max(0, entries.length - 1);
    }
    depth = Math.max(depth, below);
    ancestors.add(object);
    stack.push({ leave: object });
    // Reversed, so children are visited in order and the first problem is the first in the value.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  // Unvisited values left mean measuring stopped early: the size is a lower bound.
  const complete = stack.every((item) => "leave" in item);
  const measured = complete ? `${bytes}` : `more than ${bytes}`;
  if (depth > MAX_TRIGGER_DEPTH) {
    return {
      path: root,
      problem: `is nested ${complete ? depth : `at least ${depth}`} levels deep, more than the ${MAX_TRIGGER_DEPTH} accepted; ${SHORTER}`,
    };
  }
  if (bytes > MAX_TRIGGER_BYTES) {
    return {
      path: root,
      problem:
        `is ${measured} bytes long as canonical JSON, more than the ${MAX_TRIGGER_BYTES} (16 KiB) accepted ` +
        `(it is stored twice in state and shown in every diff); ${SHORTER}`,
    };
  }
  return { depth, bytes };
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
