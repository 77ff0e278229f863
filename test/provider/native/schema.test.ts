/**
 * The committed schema is what the generator writes from the TypeScript doc comments: a doc
 * comment changed without `npm run schema` fails here.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  buildSchema,
  NODEJS_SDK_PACKAGE,
  PLUGIN_DOWNLOAD_URL,
  SCHEMA_FILE,
  schemaText,
} from "../../../scripts/native-schema";

type Spec = { description?: string; secret?: boolean; properties?: Record<string, Spec> };
const schema = buildSchema() as {
  version: string;
  config: { variables: Record<string, Spec> };
  provider: { inputProperties: Record<string, Spec> };
  types: Record<string, Spec>;
  resources: Record<string, Spec & { inputProperties: Record<string, Spec>; requiredInputs: string[] }>;
};
const resource = schema.resources["genauth:index:ApplicationSecret"];

test("provider/native/schema.json is exactly what the generator writes (run npm run schema)", () => {
  expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(schemaText());
});

test("descriptions are the doc comments, paragraphs kept, @default as a sentence", () => {
  expect(resource.inputProperties.appId.description).toBe(
    "The GenAuth application whose secret this resource manages. Changing it replaces the resource.",
  );
  expect(resource.inputProperties.onDelete.description).toMatch(/\n\nDefault: "retain"\.$/);
  expect(schema.types["genauth:index:RotationRecord"].properties!.reason.description).toBe(
    "Why the secret in state is the one it is.",
  );
});

test("every resource, type and config property has a description", () => {
  const all = [
    resource,
    ...Object.values(resource.properties!),
    ...Object.values(resource.inputProperties),
    ...Object.values(schema.types).flatMap((t) => [t, ...Object.values(t.properties!)]),
    ...Object.values(schema.config.variables),
  ];
  for (const spec of all) expect(spec.description).toMatch(/\S/);
});

test("the secret output, connection and the access key secret are secret; nothing else", () => {
  const secretNames = (props: Record<string, Spec>) =>
    Object.keys(props).filter((k) => props[k].secret === true);
  expect(secretNames(resource.properties!)).toEqual(["secret", "connection"]);
  expect(secretNames(resource.inputProperties)).toEqual(["connection"]);
  expect(secretNames(schema.config.variables)).toEqual(["accessKeySecret"]);
  expect(secretNames(schema.types["genauth:index:Connection"].properties!)).toEqual(["accessKeySecret"]);
});

test("the config keys are the genauth:* keys, with their defaults and environment variables", () => {
  expect(Object.keys(schema.config.variables)).toEqual([
    "host",
    "accessKeyId",
    "accessKeySecret",
    "userPoolId",
    "requestTimeoutMs",
    "maxAttempts",
    "retryBaseDelayMs",
    "retryBudgetMs",
    "maxProcessingDelayMs",
    "tlsCaCertificates",
    "tlsInsecureSkipVerify",
    "allowInsecureHttp",
  ]);
  expect(schema.provider.inputProperties).toEqual(schema.config.variables);
  expect(schema.config.variables.requestTimeoutMs.description).toBe(
    "Per-request timeout, in milliseconds. Falls back to the environment variable `GENAUTH_REQUEST_TIMEOUT_MS`. Default: `10000`.",
  );
});

test("the schema's version is the package's, and appId is the one required input", () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, "../../../package.json"), "utf8"));
  expect(schema.version).toBe(pkg.version);
  expect(resource.requiredInputs).toEqual(["appId"]);
});

describe("release metadata", () => {
  const full = buildSchema() as Record<string, unknown> & {
    keywords: string[];
    language: Record<string, Record<string, unknown>>;
  };
  const sdk = (...parts: string[]) => path.join(__dirname, "../../../sdk", ...parts);
  const json = (file: string) => JSON.parse(readFileSync(file, "utf8"));

  test("the schema names where the CLI downloads the plugin, and who publishes it under what license", () => {
    expect(full).toMatchObject({
      pluginDownloadURL: PLUGIN_DOWNLOAD_URL,
      repository: "https://github.com/pulumi-genauth/pulumi-genauth",
      homepage: "https://github.com/pulumi-genauth/pulumi-genauth",
      license: "Apache-2.0",
      publisher: expect.stringMatching(/\S/),
      logoUrl: expect.stringMatching(/^https:\/\//),
    });
    expect(PLUGIN_DOWNLOAD_URL).toBe("github://api.github.com/pulumi-genauth");
    expect(full.keywords).toEqual(expect.arrayContaining(["category/security", "kind/native"]));
  });

  test("every language has its package name, and the Go import path matches sdk/go/go.mod", () => {
    expect(Object.keys(full.language).sort()).toEqual(["csharp", "go", "java", "nodejs", "python"]);
    expect(full.language.nodejs.packageName).toBe(NODEJS_SDK_PACKAGE);
    expect(NODEJS_SDK_PACKAGE).not.toBe(json(path.join(__dirname, "../../../package.json")).name);
    expect(full.language.python.packageName).toBe("pulumi_genauth");
    expect(full.language.csharp.rootNamespace).toBe("PulumiGenAuth");
    expect(full.language.java.basePackage).toMatch(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/);
    const goModule = /^module (\S+)$/m.exec(readFileSync(sdk("go", "go.mod"), "utf8"))![1];
    expect(full.language.go.importBasePath).toBe(`${goModule}/genauth`);
    expect(goModule).toBe("github.com/pulumi-genauth/pulumi-genauth/sdk/go");
  });

  test("every committed SDK carries the download URL as server, and the schema's version", () => {
    const plugins = {
      go: json(sdk("go", "genauth", "pulumi-plugin.json")),
      python: json(sdk("python", "pulumi_genauth", "pulumi-plugin.json")),
      nodejs: json(sdk("nodejs", "package.json")).pulumi,
    };
    for (const plugin of Object.values(plugins)) {
      expect(plugin).toEqual({
        resource: true,
        name: "genauth",
        version: schema.version,
        server: PLUGIN_DOWNLOAD_URL,
      });
    }
    expect(json(sdk("nodejs", "package.json")).name).toBe(NODEJS_SDK_PACKAGE);
    // Go programs get the URL from the resource options the SDK adds, not from a file.
    expect(readFileSync(sdk("go", "genauth", "internal", "pulumiUtilities.go"), "utf8")).toContain(
      `pulumi.PluginDownloadURL("${PLUGIN_DOWNLOAD_URL}")`,
    );
  });

  test("every SDK holds the LICENSE, and the Python package data lists the stubs and plugin file", () => {
    const license = readFileSync(path.join(__dirname, "../../../LICENSE"), "utf8");
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    for (const lang of ["go", "python", "nodejs"])
      expect(readFileSync(sdk(lang, "LICENSE"), "utf8")).toBe(license);
    const pyproject = readFileSync(sdk("python", "pyproject.toml"), "utf8");
    expect(pyproject).toMatch(/^ {2}name = "pulumi-genauth"$/m);
    expect(pyproject).toMatch(/pulumi_genauth = \["py\.typed", "pulumi-plugin\.json"\]/);
    expect(pyproject).toMatch(/"pulumi_genauth\.config" = \["\*\.pyi"\]/);
    expect(pyproject).toContain('readme = "pulumi_genauth/README.md"');
    expect(readFileSync(sdk("python", "pulumi_genauth", "README.md"), "utf8")).toMatch(/\S/);
  });
});
