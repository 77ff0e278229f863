#!/usr/bin/env node
/**
 * The release workflow's first check and its release notes:
 *
 *   node scripts/release-notes.js v0.1.0     prints CHANGELOG.md's `## 0.1.0 ...` section (the
 *                                            GitHub release's notes), or fails when the tag is not
 *                                            package.json's version, the schema's version differs,
 *                                            or the section is missing, empty or still "unreleased"
 *
 * A tag pushed before the version bump or the CHANGELOG section would otherwise publish packages
 * whose numbers disagree with the plugin the SDKs ask for, which cannot be unpublished.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/**
 * The body of the CHANGELOG section whose heading is `## <version>` (optionally followed by a
 * date or a note), without the heading; throws when there is none, it is empty, or its heading
 * still says "unreleased".
 */
function changelogSection(changelog, version) {
  const lines = changelog.split("\n");
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const heading = new RegExp(`^## v?${escaped}(?![\\w.-])`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) throw new Error(`CHANGELOG.md has no "## ${version}" section`);
  if (/unreleased/i.test(lines[start])) {
    throw new Error(`CHANGELOG.md's "${lines[start]}" still says unreleased: date it before tagging`);
  }
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  const body = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join("\n")
    .trim();
  if (!body) throw new Error(`CHANGELOG.md's "${lines[start]}" section is empty`);
  return `${body}\n`;
}

/** The version a tag names (`v1.2.3` → `1.2.3`); throws on anything else. */
function tagVersion(tag) {
  const match = /^v(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(tag);
  if (!match) throw new Error(`"${tag}" is not a release tag (v<major>.<minor>.<patch>)`);
  return match[1];
}

/** The release notes for `tag`, after checking that every version in the repository is the tag's. */
function releaseNotes(tag, dir = root) {
  const version = tagVersion(tag);
  const read = (file) => fs.readFileSync(path.join(dir, file), "utf8");
  const versions = {
    "package.json": JSON.parse(read("package.json")).version,
    "provider/native/schema.json": JSON.parse(read("provider/native/schema.json")).version,
  };
  for (const [file, found] of Object.entries(versions)) {
    if (found !== version) throw new Error(`${file} says ${found}, the tag ${tag}: bump it (npm run schema)`);
  }
  return changelogSection(read("CHANGELOG.md"), version);
}

module.exports = { changelogSection, releaseNotes, tagVersion };

if (require.main === module) {
  try {
    process.stdout.write(releaseNotes(process.argv[2] ?? ""));
  } catch (error) {
    console.error(`release-notes: ${error.message}`);
    process.exit(1);
  }
}
