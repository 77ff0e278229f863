/**
 * Searching text for secrets. Reports where each needle was found, so a failing test names both.
 */

/** Every `"<needle label> in <place>"` where a needle occurs. Needles must be non-trivial strings. */
export function findLeaks(places: Record<string, string>, needles: Record<string, string>): string[] {
  const hits: string[] = [];
  for (const [label, needle] of Object.entries(needles)) {
    if (needle.length < 8) throw new Error(`needle "${label}" is too short to search for meaningfully`);
    for (const [place, text] of Object.entries(places)) {
      if (text.includes(needle)) hits.push(`${label} in ${place}`);
    }
  }
  return hits;
}

/** A JWT (what GenAuth management tokens are): header, payload and signature in base64url. */
export const JWT_PATTERN = /eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/;

/** Characters secrets, keys, tokens and passphrases are made of (hex, base64url, JWT dots). */
const TOKEN_RUN = /[A-Za-z0-9_.-]{8,}/g;

/**
 * Every `"<needle label> in <place>"` where a needle occurs, for many needles over much text: each
 * maximal run of {@link TOKEN_RUN} characters is checked against an index of the needles' first 8
 * characters, so the cost grows with the text, not with text × needles. Every needle must consist
 * of those characters (it then lies inside one run), and be at least 8 long.
 */
export function findLeaksInBulk(places: Iterable<[string, string]>, needles: Map<string, string>): string[] {
  const byPrefix = new Map<string, Array<[string, string]>>();
  for (const [label, needle] of needles) {
    if (!/^[A-Za-z0-9_.-]{8,}$/.test(needle)) {
      throw new Error(`needle "${label}" is shorter than 8 or has characters a bulk scan cannot index`);
    }
    const prefix = needle.slice(0, 8);
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), [label, needle]]);
  }
  const hits: string[] = [];
  for (const [place, text] of places) {
    for (const [run] of text.matchAll(TOKEN_RUN)) {
      for (let i = 0; i + 8 <= run.length; i++) {
        for (const [label, needle] of byPrefix.get(run.slice(i, i + 8)) ?? []) {
          if (run.startsWith(needle, i)) hits.push(`${label} in ${place}`);
        }
      }
    }
  }
  return hits;
}

/**
 * The needles of a leak scan: the given fixed secrets (key secrets, the passphrase) and every app
 * secret and management token the emulator issued, each labelled for the failure message.
 */
export function secretNeedles(
  fixed: Record<string, string>,
  issued: { appSecrets: string[]; tokens: string[] },
): Record<string, string> {
  const needles = { ...fixed };
  issued.appSecrets.forEach((s, i) => (needles[`app secret ${i}`] = s));
  issued.tokens.forEach((t, i) => (needles[`token ${i}`] = t));
  return needles;
}
