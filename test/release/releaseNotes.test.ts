/**
 * The release workflow's gate (scripts/release-notes.js): the GitHub release's notes are the
 * CHANGELOG section of the tag's version, and a tag whose version the repository does not carry
 * everywhere stops the release before anything is published.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { changelogSection, releaseNotes, tagVersion } = require("../../scripts/release-notes.js") as {
  changelogSection(changelog: string, version: string): string;
  releaseNotes(tag: string, dir?: string): string;
  tagVersion(tag: string): string;
};

const CHANGELOG = [
  "# Changelog",
  "",
  "## Unreleased",
  "",
  "- next",
  "",
  "## 0.2.0 (2026-12-06)",
  "",
  "- two",
  "- two, second line",
  "",
  "## 0.1.10",
  "",
  "- ten",
  "",
  "## 0.1.1 (unreleased)",
  "",
  "- one",
  "",
].join("\n");

test("the notes are the version's section only, without its heading", () => {
  expect(changelogSection(CHANGELOG, "0.2.0")).toBe("- two\n- two, second line\n");
  expect(changelogSection(CHANGELOG, "0.1.10")).toBe("- ten\n");
});

test("a missing, prefix-only or still unreleased section stops the release", () => {
  expect(() => changelogSection(CHANGELOG, "0.3.0")).toThrow(/no "## 0.3.0" section/);
  expect(() => changelogSection(CHANGELOG, "0.1.1")).toThrow(/still says unreleased/);
  // `## 0.1.10` is not the section of 0.1.1, nor `## 0.2.0` that of 0.2.
  expect(() => changelogSection(CHANGELOG, "0.2")).toThrow(/no "## 0.2" section/);
  expect(() => changelogSection("## 1.0.0\n\n## 0.9.0\n- x\n", "1.0.0")).toThrow(/is empty/);
});

test("only v<semver> tags are release tags", () => {
  expect(tagVersion("v0.1.0")).toBe("0.1.0");
  expect(tagVersion("v1.2.3-rc.1")).toBe("1.2.3-rc.1");
  for (const tag of ["0.1.0", "v0.1", "sdk/go/v0.1.0", "v0.1.0 "]) expect(() => tagVersion(tag)).toThrow();
});

describe("against a repository", () => {
  let dir: string;
  const write = (pkg: string, schema: string) => {
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ version: pkg }));
    writeFileSync(path.join(dir, "provider/native/schema.json"), JSON.stringify({ version: schema }));
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "genauth-release-notes-"));
    mkdirSync(path.join(dir, "provider/native"), { recursive: true });
    writeFileSync(path.join(dir, "CHANGELOG.md"), CHANGELOG);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("the tag, package.json and the schema agree: the notes", () => {
    write("0.2.0", "0.2.0");
    expect(releaseNotes("v0.2.0", dir)).toBe("- two\n- two, second line\n");
  });

  test("a version not bumped everywhere stops the release, naming the file", () => {
    write("0.2.0", "0.1.10");
    expect(() => releaseNotes("v0.2.0", dir)).toThrow(/schema\.json says 0\.1\.10, the tag v0\.2\.0/);
    write("0.1.10", "0.2.0");
    expect(() => releaseNotes("v0.2.0", dir)).toThrow(/package\.json says 0\.1\.10/);
  });
});
