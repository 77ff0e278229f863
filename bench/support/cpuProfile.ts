import { readFileSync } from "node:fs";
import * as path from "node:path";

/** The parts of a V8 `.cpuprofile` (Profiler.Profile) the summary reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** One function's self time. */
export interface SelfTime {
  /** `name (file:line)`, the file relative to the repository or node_modules. */
  entry: string;
  /** Who the code belongs to: see {@link ownerOf}. */
  owner: string;
  ms: number;
}

const REPO = path.resolve(__dirname, "..", "..");

/**
 * Who a script belongs to: "this package" (provider/ sources or their lib/ build), "emulator",
 * "bench harness" (bench/, test/), a node_modules package by name, "node" (internals), or "(vm)"
 * (GC, idle, program and other V8 pseudo-frames).
 */
export function ownerOf(url: string): string {
  if (url === "") return "(vm)";
  if (url.startsWith("node:")) return "node";
  const file = url.replace(/^file:\/\//, "");
  const modules = file.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const rest = file.slice(modules + "/node_modules/".length).split("/");
    const name = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    return name === "pulumi-genauth" ? "this package" : name;
  }
  if (!file.startsWith(REPO + "/")) return "other";
  const top = file.slice(REPO.length + 1).split("/")[0];
  if (top === "provider") return "this package";
  if (top === "lib") {
    const second = file.slice(REPO.length + 1).split("/")[1];
    return second === "provider" ? "this package" : second === "emulator" ? "emulator" : "this package";
  }
  if (top === "emulator") return "emulator";
  return "bench harness";
}

function label(url: string, functionName: string, line: number): string {
  const file = url.replace(/^file:\/\//, "");
  const modules = file.lastIndexOf("/node_modules/");
  const short =
    modules >= 0
      ? file.slice(modules + "/node_modules/".length)
      : file.startsWith(REPO + "/")
        ? file.slice(REPO.length + 1)
        : file;
  return `${functionName || "(anonymous)"} (${short || "native"}${short ? `:${line + 1}` : ""})`;
}

/** Self time per function, summed over the profiles, largest first (from samples and time deltas). */
export function selfTimes(profiles: readonly CpuProfile[]): SelfTime[] {
  const byEntry = new Map<string, SelfTime>();
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    // Each sample's time is the delta to the next sample (V8's own attribution).
    for (let i = 0; i < samples.length; i++) {
      const node = nodes.get(samples[i]);
      if (!node) continue;
      const us = i + 1 < deltas.length ? deltas[i + 1] : 0;
      const { functionName, url, lineNumber } = node.callFrame;
      const entry = label(url, functionName, lineNumber);
      const owner = ownerOf(url);
      const slot = byEntry.get(entry) ?? { entry, owner, ms: 0 };
      slot.ms += us / 1000;
      byEntry.set(entry, slot);
    }
  }
  return [...byEntry.values()].sort((a, b) => b.ms - a.ms);
}

/** Self time summed per owner, largest first. */
export function byOwner(times: readonly SelfTime[]): Array<{ owner: string; ms: number }> {
  const sums = new Map<string, number>();
  for (const t of times) sums.set(t.owner, (sums.get(t.owner) ?? 0) + t.ms);
  return [...sums.entries()].map(([owner, ms]) => ({ owner, ms })).sort((a, b) => b.ms - a.ms);
}

/** Reads `.cpuprofile` files. */
export function readProfiles(files: readonly string[]): CpuProfile[] {
  return files.map((file) => JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
}

/**
 * Total (inclusive) time per function of `owner`: samples whose stack passes through it, each
 * sample counted once per function, largest first. Shows what this package's code costs including
 * the library calls it makes (e.g. `new pulumi.Config`), which self time attributes to the library.
 */
export function totalTimes(profiles: readonly CpuProfile[], owner: string): SelfTime[] {
  const byEntry = new Map<string, SelfTime>();
  let anyMs = 0;
  for (const profile of profiles) {
    const parent = new Map<number, number>();
    for (const n of profile.nodes as Array<CpuProfile["nodes"][number] & { children?: number[] }>) {
      for (const child of n.children ?? []) parent.set(child, n.id);
    }
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const ms = (i + 1 < deltas.length ? deltas[i + 1] : 0) / 1000;
      const seen = new Set<string>();
      for (let id: number | undefined = samples[i]; id !== undefined; id = parent.get(id)) {
        const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
        if (ownerOf(url) !== owner) continue;
        seen.add(label(url, functionName, lineNumber));
      }
      if (seen.size > 0) anyMs += ms;
      for (const entry of seen) {
        const slot = byEntry.get(entry) ?? { entry, owner, ms: 0 };
        slot.ms += ms;
        byEntry.set(entry, slot);
      }
    }
  }
  const all = { entry: `(any ${owner} frame on the stack)`, owner, ms: anyMs };
  return [all, ...[...byEntry.values()].sort((a, b) => b.ms - a.ms)];
}
