/**
 * Upgrade safety: read and delete run the `__provider` text stored in state by the release that
 * wrote it (pulumi#6238), and that text finds the current code only through module paths of this
 * package. Those paths are a promise to every stack ever deployed: the text may name nothing but
 * {@link SERIALIZED_MODULE_PATHS}, and each of them must stay exported and loadable.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import { promisify } from "util";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { ApplicationSecret } from "../../provider";
import { PROVIDER_TEXT, SERIALIZED_MODULE_PATHS } from "../../provider/program/shim";
import { makeProgramDir, REPO_ROOT } from "../../harness/programModules";

/** The methods the dynamic-provider host and the 0.1.0 shim call on the runtime's `provider`. */
const PROVIDER_METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"];

const registeredProviders: string[] = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registeredProviders.push(String(args.inputs.__provider));
      return { id: String(args.inputs.appId), state: args.inputs };
    },
    call: () => ({}),
  },
  "project",
  "stack",
  false,
);

const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
  name: string;
  exports: Record<string, string | { types?: string; default?: string }>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

/** Bare names that are modules when they appear alone: this package, its dependencies, Node's. */
const MODULE_NAMES = new Set([
  PACKAGE.name,
  ...Object.keys(PACKAGE.dependencies ?? {}),
  ...Object.keys(PACKAGE.peerDependencies ?? {}),
  ...builtinModules,
]);

/**
 * True for a string shaped like a module specifier. Deliberately broad (any `a/b`, any `.js`): a
 * harmless string flagged here costs a look; a module path missed here costs old stacks.
 */
function looksLikeModulePath(text: string): boolean {
  return (
    /^\.{0,2}\//.test(text) || // relative or absolute
    /^[a-z]:[\\/]/i.test(text) || // a Windows path
    text.startsWith("node:") ||
    /\.(c|m)?js$|\.json$|\.node$/.test(text) ||
    /^(@[\w.-]+\/)?[\w.-]+(\/[\w.-]+)+$/.test(text) || // pkg/sub, @scope/pkg, @scope/pkg/sub
    MODULE_NAMES.has(text)
  );
}

/** `require(...)`, `require.resolve(...)`, `module.require(...)` and `import(...)`. */
function isModuleLoad(callee: ts.Expression): boolean {
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
  if (ts.isIdentifier(callee)) return callee.text === "require";
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    ((callee.expression.text === "require" && callee.name.text === "resolve") ||
      (callee.expression.text === "module" && callee.name.text === "require"))
  );
}

/**
 * Every module path serialized provider text names: each module load's argument (a literal, or a
 * name the text binds to a literal, as the serializer's `with ({ NAME: "..." })` does; anything
 * else is reported as not a constant) and every string literal shaped like a module path.
 * Comments are not code and are skipped.
 */
function moduleReferences(text: string): string[] {
  const source = ts.createSourceFile("provider.js", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const bound = new Map<string, string[]>();
  const bind = (name: string, value: string) => bound.set(name, [...(bound.get(name) ?? []), value]);
  const loaded: string[] = [];
  const literals: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node)) literals.push(node.text);
    if (ts.isPropertyAssignment(node) && ts.isStringLiteralLike(node.initializer)) {
      bind(node.name.getText(source).replace(/^["']|["']$/g, ""), node.initializer.text);
    }
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      if (ts.isStringLiteralLike(node.initializer)) bind(node.name.text, node.initializer.text);
    }
    if (ts.isCallExpression(node) && isModuleLoad(node.expression)) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) loaded.push(argument.text);
      else if (argument && ts.isIdentifier(argument) && bound.has(argument.text))
        loaded.push(...bound.get(argument.text)!);
      else loaded.push(`<not a constant: ${argument ? argument.getText(source) : "no argument"}>`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...new Set([...loaded, ...literals.filter(looksLikeModulePath)])].sort();
}

/** `__provider` as `new ApplicationSecret(...)` registers it, from this repository's sources. */
async function providerFromSources(): Promise<string> {
  registeredProviders.length = 0;
  const web = new ApplicationSecret("web", { appId: "6229ffaa0000000000000001" });
  await new Promise((resolve) => web.id.apply(resolve)); // registration is asynchronous
  expect(registeredProviders).toHaveLength(1);
  return registeredProviders[0];
}

/**
 * `__provider` as a user's program registers it: a fresh Node process in a program directory whose
 * `pulumi-genauth` is this repository's build (`lib/`), under the SDK's mocks.
 */
async function providerFromBuild(): Promise<string> {
  const dir = makeProgramDir();
  fs.writeFileSync(
    path.join(dir, "register.js"),
    `const pulumi = require("@pulumi/pulumi");
pulumi.runtime.setMocks({
  newResource: (args) => { process.stdout.write(JSON.stringify(args.inputs.__provider)); return { id: "x", state: args.inputs }; },
  call: () => ({}),
}, "project", "stack", false);
const { ApplicationSecret } = require("pulumi-genauth");
new ApplicationSecret("web", { appId: "6229ffaa0000000000000001" });`,
  );
  const { stdout } = await promisify(execFile)(process.execPath, ["register.js"], { cwd: dir });
  return JSON.parse(stdout) as string;
}

describe("moduleReferences, the guard's eyes", () => {
  test.each<[string, string[]]>([
    ['require("axios")', ["axios"]],
    ['with ({ M: "./lib/provider/provider" }) { require(M); }', ["./lib/provider/provider"]],
    [
      'var m = "pulumi-genauth/lib/provider/runtime.js"; require(m);',
      ["pulumi-genauth/lib/provider/runtime.js"],
    ],
    ['require.resolve("@pulumi/pulumi")', ["@pulumi/pulumi"]],
    ['import("node:fs")', ["node:fs"]],
    ["require(name + suffix)", ["<not a constant: name + suffix>"]],
    ['const where = "pulumi-genauth/provider";', ["pulumi-genauth/provider"]],
    ['// require("pulumi-genauth/old-path") in a comment is not code\nconst x = "hello";', []],
  ])("finds %j", (text, expected) => {
    expect(moduleReferences(text)).toEqual(expected);
  });
});

describe("the module paths the serialized provider names", () => {
  test("are the documented stable list: pulumi-genauth/provider-runtime", () => {
    expect(SERIALIZED_MODULE_PATHS).toEqual(["pulumi-genauth/provider-runtime"]);
  });

  test.each<[string, () => Promise<string> | string]>([
    ["registered by ApplicationSecret from the sources", providerFromSources],
    ["registered by ApplicationSecret from the built package, in a fresh process", providerFromBuild],
    ["the fixed text PROVIDER_TEXT", () => PROVIDER_TEXT],
    [
      "stored in state by pulumi-genauth 0.1.0",
      () => fs.readFileSync(path.join(REPO_ROOT, "test", "fixtures", "provider-0.1.0.js"), "utf8"),
    ],
  ])("%s: every one is in SERIALIZED_MODULE_PATHS", async (_label, serialized) => {
    const text = await serialized();
    expect(text).toContain("exports.handler"); // really provider text, not an empty capture
    const references = moduleReferences(text);
    // The guard sees the runtime load, so it is reading the text that matters.
    expect(references).toContain("pulumi-genauth/provider-runtime");
    const allowed: readonly string[] = SERIALIZED_MODULE_PATHS;
    // A failure lists the paths: load them through an allowed path instead, or promise them too.
    expect(references.filter((reference) => !allowed.includes(reference))).toEqual([]);
  });

  test.each(SERIALIZED_MODULE_PATHS.map((p) => [p]))(
    "%s is in package.json's exports and its target is built",
    (modulePath) => {
      expect(modulePath.startsWith(`${PACKAGE.name}/`)).toBe(true);
      const entry = PACKAGE.exports[`.${modulePath.slice(PACKAGE.name.length)}`];
      expect(entry).toEqual({
        types: expect.stringMatching(/^\.\/lib\//),
        default: expect.stringMatching(/^\.\/lib\//),
      });
      for (const target of Object.values(entry as Record<string, string>)) {
        const file = path.join(REPO_ROOT, target);
        if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
      }
    },
  );

  test.each(SERIALIZED_MODULE_PATHS.map((p) => [p]))(
    "%s loads in a program directory and exports provider with every method the shim calls",
    async (modulePath) => {
      const dir = makeProgramDir();
      const script = `const m = require(${JSON.stringify(modulePath)});
const methods = ${JSON.stringify(PROVIDER_METHODS)};
console.log(JSON.stringify({
  file: require.resolve(${JSON.stringify(modulePath)}),
  missing: methods.filter((name) => typeof m.provider?.[name] !== "function"),
}));`;
      const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { cwd: dir });
      const entry = PACKAGE.exports[`.${modulePath.slice(PACKAGE.name.length)}`] as { default: string };
      expect(JSON.parse(stdout)).toEqual({
        file: fs.realpathSync(path.join(REPO_ROOT, entry.default)),
        missing: [],
      });
    },
  );
});
