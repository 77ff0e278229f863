/**
 * The settings table is the one list of settings: the lists derived from it follow it, and the
 * hand-written configuration table of the docs (kept readable by hand) names the same settings, in
 * the same order, with the same config keys, environment variables, secrecy and defaults.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { CONNECTION_FIELDS } from "../../../provider/core/lifecycle/check";
import { resolveSettings, configSource } from "../../../provider/inputs/config";
import {
  CONFIG_KEYS,
  CONNECTION_SETTINGS,
  ENV_VARS,
  SETTING_NAMES,
  settingRow,
  settingsKey,
  SettingValues,
} from "../../../provider/inputs/settings";

const DOCS = path.resolve(__dirname, "../../../docs/installation-configuration.md");

/** The rows of the docs' configuration table: the cells of each line under its header. */
function docsRows(): string[][] {
  const lines = readFileSync(DOCS, "utf8").split("\n");
  const header = lines.indexOf("| config key | environment | default | meaning |");
  expect(header).toBeGreaterThan(0);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.split(" | ").map((cell) => cell.replace(/^\| ?| ?\|$/g, "")));
  }
  return rows;
}

describe("the settings table", () => {
  it("gives every setting the config key genauth:<name> and its row's environment variable", () => {
    for (const name of SETTING_NAMES) {
      expect(CONFIG_KEYS[name]).toBe(`genauth:${name}`);
      expect(ENV_VARS[name]).toBe(settingRow(name).env);
      expect(ENV_VARS[name]).toMatch(/^GENAUTH_[A-Z_]+$/);
    }
  });

  it("gives connection the fields of its connection rows, in table order", () => {
    expect(CONNECTION_FIELDS).toEqual(SETTING_NAMES.filter((name) => settingRow(name).connection));
    expect(CONNECTION_SETTINGS).toEqual(CONNECTION_FIELDS);
  });

  it("gives every integer setting a default of at least its minimum", () => {
    for (const name of SETTING_NAMES.filter((n) => settingRow(n).kind === "integer")) {
      const { default: fallback, min } = settingRow(name);
      expect(typeof fallback).toBe("number");
      expect(fallback as number).toBeGreaterThanOrEqual(min!);
    }
  });

  it("resolves to a value for every setting, the defaults where nothing is set", () => {
    const r = resolveSettings([
      configSource((key) => ({ "genauth:accessKeyId": "i", "genauth:accessKeySecret": "s" })[key]),
    ]);
    expect(r.ok && Object.keys(r.values)).toEqual(SETTING_NAMES);
    for (const name of SETTING_NAMES) {
      const fallback = settingRow(name).default;
      if (fallback !== undefined) expect(r.ok && r.values[name]).toBe(fallback);
    }
  });
});

describe("settingsKey", () => {
  const base: SettingValues = {
    host: "https://api.genauth.ai",
    accessKeyId: "i",
    accessKeySecret: "s",
    userPoolId: undefined,
    requestTimeoutMs: 10_000,
    maxAttempts: 5,
    retryBaseDelayMs: 500,
    retryBudgetMs: 60_000,
    maxProcessingDelayMs: 30_000,
    tlsCaCertificates: undefined,
    tlsInsecureSkipVerify: false,
    allowInsecureHttp: false,
  };

  it("is the same for equal values and differs when any one setting differs", () => {
    expect(settingsKey({ ...base })).toBe(settingsKey(base));
    const changed: Record<string, unknown> = {
      host: "https://other.example",
      accessKeyId: "j",
      accessKeySecret: "t",
      userPoolId: "pool",
      requestTimeoutMs: 1,
      maxAttempts: 1,
      retryBaseDelayMs: 0,
      retryBudgetMs: 0,
      maxProcessingDelayMs: 0,
      tlsCaCertificates: "pem",
      tlsInsecureSkipVerify: true,
      allowInsecureHttp: true,
    };
    expect(Object.keys(changed)).toEqual(SETTING_NAMES);
    for (const name of SETTING_NAMES) {
      expect(settingsKey({ ...base, [name]: changed[name] } as SettingValues)).not.toBe(settingsKey(base));
    }
  });
});

describe("docs/installation-configuration.md", () => {
  it("lists every setting in table order with its config key, environment variable and secrecy", () => {
    const rows = docsRows();
    expect(rows.map(([key]) => key)).toEqual(
      SETTING_NAMES.map((name) => `\`${CONFIG_KEYS[name]}\`${settingRow(name).secret ? " (secret)" : ""}`),
    );
    expect(rows.map(([, env]) => env)).toEqual(SETTING_NAMES.map((name) => `\`${ENV_VARS[name]}\``));
  });

  it("shows each setting's default, and no value for a setting without one", () => {
    const rows = docsRows();
    for (const [i, name] of SETTING_NAMES.entries()) {
      const fallback = settingRow(name).default;
      if (fallback === undefined) expect(rows[i][2]).not.toMatch(/^`/);
      else expect(rows[i][2]).toBe(`\`${fallback}\``);
    }
  });

  it("names every connection field, in table order", () => {
    const fields = CONNECTION_FIELDS.map((name) => `\`${name}\``).join(", ");
    expect(readFileSync(DOCS, "utf8").replace(/\s+/g, " ")).toContain(
      `\`connection\` has a field of the same name for each key (${fields})`,
    );
  });
});
