/**
 * Field-by-field checks of untrusted values (control-plane bodies, fault rules, seed files, start
 * options). Each check either returns the value with its type narrowed or throws a FieldError whose
 * message names the field, what it must be and what it was, so no caller needs a cast and every refusal
 * reads the same way. Small enough that a schema library would not earn its place.
 */

/** An untrusted value was refused; `field` says where it is (e.g. `fault rule effect.kind`). */
export class FieldError extends Error {
  /** Where the bad value is. */
  readonly field: string;

  constructor(field: string, expectation: string, value: unknown) {
    super(`${field} must be ${expectation}; got ${show(value)}`);
    this.name = "FieldError";
    this.field = field;
  }
}

/** A JSON object's fields, not yet checked. */
export type Fields = Readonly<Record<string, unknown>>;

/** Whether a value is a (non-array, non-null) object. */
export function isFields(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object, or a FieldError. */
export function fields(value: unknown, field: string): Fields {
  if (!isFields(value)) throw new FieldError(field, "an object", value);
  return value;
}

/** An array, or a FieldError. */
export function list(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new FieldError(field, "an array", value);
  return value;
}

/** A non-empty string, or a FieldError. */
export function text(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "") throw new FieldError(field, "a non-empty string", value);
  return value;
}

/** An integer of at least `min` (and at most `max` when given; any integer without `min`), or a FieldError. */
export function integer(value: unknown, field: string, min?: number, max?: number): number {
  const low = min ?? Number.MIN_SAFE_INTEGER;
  const high = max ?? Number.MAX_SAFE_INTEGER;
  if (typeof value !== "number" || !Number.isInteger(value) || value < low || value > high) {
    const range =
      min === undefined ? "" : max === undefined ? ` of at least ${min}` : ` from ${min} to ${max}`;
    throw new FieldError(field, `an integer${range}`, value);
  }
  return value;
}

/** A finite number of at least `min`, or a FieldError. */
export function number(value: unknown, field: string, min: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new FieldError(field, `a number of at least ${min}`, value);
  }
  return value;
}

/** true or false, or a FieldError. */
export function flag(value: unknown, field: string): boolean {
  if (typeof value !== "boolean") throw new FieldError(field, "true or false", value);
  return value;
}

/** One of `choices`, or a FieldError (`expectation` overrides the default "one of a, b, c"). */
export function oneOf<T extends string | number>(
  value: unknown,
  field: string,
  choices: readonly T[],
  expectation = `one of ${choices.join(", ")}`,
): T {
  const found = choices.find((choice) => choice === value);
  if (found === undefined) throw new FieldError(field, expectation, value);
  return found;
}

/** Undefined when the value is absent, else what `check` makes of it. */
export function optional<T>(
  value: unknown,
  field: string,
  check: (value: unknown, field: string) => T,
): T | undefined {
  return value === undefined ? undefined : check(value, field);
}

/** How a refused value is shown: JSON, and "nothing" for a missing one. */
function show(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}
