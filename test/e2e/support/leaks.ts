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
