/**
 * Every relative link and `#anchor` in README.md, ARCHITECTURE.md and docs/*.md resolves: the file (or folder) exists,
 * and an anchor names a heading of the target page by GitHub's slug rules. Pages moved or headings
 * renamed cannot leave a link dangling.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const PAGES = [
  "README.md",
  "ARCHITECTURE.md",
  ...readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** The page's lines outside fenced code blocks and YAML front matter. */
function prose(file: string): string[] {
  const lines = readFileSync(file, "utf8").split("\n");
  let start = 0;
  if (lines[0] === "---") start = lines.indexOf("---", 1) + 1;
  let fenced = false;
  return lines.slice(start).filter((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** GitHub's anchor for a heading's text (github-slugger): rendered text, lower case, punctuation dropped, spaces to `-`. */
export function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // links and images: their text
    .replace(/<[^>]+>/g, "") // inline HTML
    .replace(/[`*]/g, "") // code spans and emphasis
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
}

/** The anchors of a Markdown file's headings, duplicates numbered as GitHub does (`x`, `x-1`, ...). */
function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of prose(file)) {
    const heading = /^#{1,6} (.*?)\s*#*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n === 0 ? base : `${base}-${n}`);
  }
  return result;
}

/** The link targets of a page (inline links and images), code spans left out. */
function links(file: string): string[] {
  const targets: string[] = [];
  for (const line of prose(file)) {
    const text = line.replace(/`[^`]*`/g, "");
    for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) targets.push(match[1]);
  }
  return targets;
}

/** Why `target` (a link in `page`) does not resolve, or undefined when it does. */
function problem(page: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto: ... not checked here
  const [pathPart, anchor] = target.split("#", 2) as [string, string | undefined];
  const file =
    pathPart === "" ? path.join(ROOT, page) : path.resolve(path.dirname(path.join(ROOT, page)), pathPart);
  if (!file.startsWith(ROOT + path.sep) && file !== ROOT) return "points outside the repository";
  if (!existsSync(file)) return `${path.relative(ROOT, file)} does not exist`;
  if (anchor === undefined) return undefined;
  if (statSync(file).isDirectory() || !file.endsWith(".md"))
    return "has an anchor into a file that is not Markdown";
  return anchors(file).has(anchor)
    ? undefined
    : `${path.relative(ROOT, file)} has no heading with anchor #${anchor}`;
}

describe("links in README.md, ARCHITECTURE.md and docs/*.md", () => {
  test("the slug rule gives GitHub's anchors", () => {
    expect(slug("What `pulumi preview --diff` shows for each rotation")).toBe(
      "what-pulumi-preview---diff-shows-for-each-rotation",
    );
    expect(slug("Control API (`/__emulator/`, JSON)")).toBe("control-api-__emulator-json");
    expect(slug("Every Pulumi language: the native `genauth` provider")).toBe(
      "every-pulumi-language-the-native-genauth-provider",
    );
    expect(slug("C#")).toBe("c");
  });

  test.each(PAGES)("every relative link and anchor in %s resolves", (page) => {
    const broken = links(path.join(ROOT, page))
      .map((target) => ({ target, why: problem(page, target) }))
      .filter((link) => link.why !== undefined);
    expect(broken).toEqual([]);
  });

  test("the pages the Pulumi Registry publishes are there, with a package layout", () => {
    for (const page of ["docs/_index.md", "docs/installation-configuration.md"]) {
      const text = readFileSync(path.join(ROOT, page), "utf8");
      expect(text).toMatch(/^---\ntitle: .+\nmeta_desc: .+\nlayout: package\n---\n/);
    }
  });
});

describe("docs and scripts name no path of one particular machine", () => {
  const files = [
    "README.md",
    "ARCHITECTURE.md",
    ".ci/run",
    ...PAGES.filter((p) => p.startsWith("docs/")),
    ...readdirSync(path.join(ROOT, "scripts"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name))),
  ];
  test.each(files)("%s names no /work/ path", (file) => {
    expect(readFileSync(path.join(ROOT, file), "utf8")).not.toMatch(/(^|[\s"'`(=])\/work\//m);
  });
});

describe("docs start the emulator by our package's name", () => {
  // `npx genauth-emulator` outside a project that installed pulumi-genauth asks the registry for a
  // package named genauth-emulator, which we do not own: whoever registers it runs code for our users.
  const pages = [
    ...PAGES,
    ...readdirSync(path.join(ROOT, "examples"))
      .map((dir) => `examples/${dir}/README.md`)
      .filter((file) => existsSync(path.join(ROOT, file))),
  ];
  test.each(pages)("%s never says `npx genauth-emulator` without --package pulumi-genauth", (page) => {
    expect(readFileSync(path.join(ROOT, page), "utf8")).not.toMatch(/npx (--yes )?genauth-emulator/);
  });
});
