/**
 * The committed schema is what the generator writes from the TypeScript doc comments: a doc
 * comment changed without `npm run schema` fails here.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { buildSchema, SCHEMA_FILE, schemaText } from "../../scripts/native-schema";

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
  const pkg = JSON.parse(readFileSync(path.join(__dirname, "../../package.json"), "utf8"));
  expect(schema.version).toBe(pkg.version);
  expect(resource.requiredInputs).toEqual(["appId"]);
});
