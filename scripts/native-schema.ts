/**
 * Writes the native provider's Pulumi schema (`provider/native/schema.json`) from the TypeScript
 * sources, so the doc comments stay the one source of every description: the resource and its
 * inputs and outputs from `provider/program/applicationSecret.ts`, the object types from
 * `provider/inputs/types.ts` (inputs) and `provider/core/state.ts` (outputs), and the provider
 * configuration and the `Connection` type from the settings table (`provider/inputs/settings.ts`):
 * each row's doc comment, kind, environment variable, default and secrecy.
 *
 *   npx tsx scripts/native-schema.ts           writes the file
 *   npx tsx scripts/native-schema.ts --check   fails when the file differs from what it would write
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { CONNECTION_SETTINGS, SETTING_NAMES, SettingName, settingRow } from "../provider/inputs/settings";

const ROOT = path.resolve(__dirname, "..");
/** Where the schema is kept (the plugin bundles it and serves it). */
export const SCHEMA_FILE = path.join(ROOT, "provider/native/schema.json");
/** The Go SDK's import path (`sdk/go/genauth`). */
export const GO_IMPORT_BASE_PATH = "github.com/pulumi-genauth/pulumi-genauth/sdk/go/genauth";
/** The GitHub repository: its releases hold the plugin archives, its tags `sdk/go/v*` the Go SDK. */
export const REPOSITORY = "https://github.com/pulumi-genauth/pulumi-genauth";
/**
 * Where the CLI fetches the plugin when a program needs it: the GitHub release `v<version>` of
 * `pulumi-genauth/pulumi-genauth` (the CLI adds `pulumi-<name>`). Each SDK carries it as `server`.
 */
export const PLUGIN_DOWNLOAD_URL = "github://api.github.com/pulumi-genauth";
/**
 * The native Node.js SDK's npm package. Not `pulumi-genauth`: that name is this package, the
 * dynamic `ApplicationSecret` TypeScript programs already use, and one package cannot be both
 * (the two classes share a name). A scope of the GitHub organisation keeps the SDK beside the Go
 * module path and the plugin's download location, under a name only the organisation can publish.
 */
export const NODEJS_SDK_PACKAGE = "@pulumi-genauth/genauth";

const SOURCES = {
  resource: path.join(ROOT, "provider/program/applicationSecret.ts"),
  types: path.join(ROOT, "provider/inputs/types.ts"),
  state: path.join(ROOT, "provider/core/state.ts"),
  config: path.join(ROOT, "provider/native/providerConfig.ts"),
  settings: path.join(ROOT, "provider/inputs/settings.ts"),
};

/**
 * Properties of the resource the schema marks secret: what the dynamic resource passes as
 * `additionalSecretOutputs`. (A setting is secret by its row.)
 */
const SECRET_PROPERTIES = new Set(["secret", "connection"]);

/** The schema type of each kind of setting. */
const KIND_TYPES = { text: "string", pem: "string", integer: "integer", boolean: "boolean" } as const;

/** The `connection` input's type, whose properties are the settings table's `connection` rows. */
const CONNECTION_TYPE = "genauth:index:Connection";

/** Object types of the schema, by the TypeScript name they come from and the file declaring it. */
const OBJECT_TYPES: Record<string, { token: string; source: string }> = {
  ConnectionInputs: { token: CONNECTION_TYPE, source: SOURCES.types },
  RotationRecord: { token: "genauth:index:RotationRecord", source: SOURCES.state },
};

/** Types of the program's args that stand for one of {@link OBJECT_TYPES} (each field an `Input`). */
const OBJECT_TYPE_ALIASES: Record<string, string> = { ConnectionArgs: "ConnectionInputs" };

type TypeSpec = { type?: string; $ref?: string; items?: TypeSpec };
type PropertySpec = TypeSpec & { description?: string; secret?: boolean };
type Properties = Record<string, PropertySpec>;

/** The schema as an object: the package's metadata, then what the sources declare. */
export function buildSchema(): Record<string, unknown> {
  const sources = new Sources();
  const settingDocs = sources.reader.propertyDocs(
    sources.find(SOURCES.settings, "SETTINGS", isVariableStatement),
  );
  const configDecl = sources.find(SOURCES.config, "ProviderConfig", ts.isTypeAliasDeclaration);
  const config = settingProperties(SETTING_NAMES, settingDocs, true);
  return {
    ...packageMetadata(),
    config: { variables: config },
    provider: { description: sources.reader.doc(configDecl), inputProperties: config },
    types: objectTypes(sources, settingDocs),
    resources: { "genauth:index:ApplicationSecret": resourceSpec(sources) },
    language: LANGUAGES,
  };
}

/** The TypeScript sources the schema is read from, with their doc comments. */
class Sources {
  private readonly program = ts.createProgram(Object.values(SOURCES), {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
  });
  readonly reader = new DocReader(this.program.getTypeChecker());

  /** The top-level declaration `name` of `file`, which must be there. */
  find<T extends ts.Node>(file: string, name: string, is: (n: ts.Node) => n is T): T {
    const source = this.program.getSourceFile(file)!;
    const found = source.statements.find((s): s is ts.Statement & T => is(s) && declaredName(s) === name);
    if (!found) throw new Error(`${name} not found in ${path.relative(ROOT, file)}`);
    return found;
  }
}

/** Name, version, publisher, links and where `pulumi up` fetches the plugin from. */
function packageMetadata(): Record<string, unknown> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    version: string;
    license: string;
  };
  return {
    name: "genauth",
    displayName: "GenAuth",
    version: pkg.version,
    description: "Rotate the secrets of GenAuth (formerly Authing) applications.",
    keywords: ["pulumi", "genauth", "authing", "secret-rotation", "category/security", "kind/native"],
    homepage: REPOSITORY,
    repository: REPOSITORY,
    publisher: "pulumi-genauth",
    license: pkg.license,
    logoUrl: `${REPOSITORY.replace("github.com", "raw.githubusercontent.com")}/main/docs/logo.svg`,
    pluginDownloadURL: PLUGIN_DOWNLOAD_URL,
    // SDKs ask the engine for this plugin version, and the Go SDK gets its own go.mod.
    meta: { supportPack: true },
  };
}

/** The resource: the program's `ApplicationSecretArgs` as inputs, the class's outputs (inputs included). */
function resourceSpec(sources: Sources): Record<string, unknown> {
  const args = sources.find(SOURCES.resource, "ApplicationSecretArgs", ts.isInterfaceDeclaration);
  const resourceClass = sources.find(SOURCES.resource, "ApplicationSecret", ts.isClassDeclaration);
  const inputs = sources.reader.members(args);
  const outputs = sources.reader.members(resourceClass);
  for (const [name, input] of Object.entries(inputs.properties)) outputs.properties[name] ??= input;
  return {
    description: sources.reader.doc(resourceClass),
    properties: outputs.properties,
    required: outputs.required,
    inputProperties: inputs.properties,
    requiredInputs: inputs.required,
  };
}

/** The object types: the connection from the settings table, the others from their interfaces. */
function objectTypes(sources: Sources, settingDocs: Record<string, string>): Record<string, unknown> {
  const types: Record<string, unknown> = {};
  for (const [tsName, { token, source }] of Object.entries(OBJECT_TYPES)) {
    if (token === CONNECTION_TYPE) {
      const decl = sources.find(source, tsName, ts.isTypeAliasDeclaration);
      const properties = settingProperties(CONNECTION_SETTINGS, settingDocs, false);
      types[token] = { type: "object", description: sources.reader.doc(decl), properties };
      continue;
    }
    const decl = sources.find(source, tsName, ts.isInterfaceDeclaration);
    const members = sources.reader.members(decl);
    types[token] = {
      type: "object",
      description: sources.reader.doc(decl),
      properties: members.properties,
      ...(members.required.length > 0 ? { required: members.required } : {}),
    };
  }
  return types;
}

/** Every SDK's version is the schema's (respectSchemaVersion), so a release is one number. */
const LANGUAGES = {
  nodejs: {
    packageName: NODEJS_SDK_PACKAGE,
    packageDescription: "The native GenAuth provider for Pulumi: rotate GenAuth application secrets.",
    respectSchemaVersion: true,
  },
  python: { packageName: "pulumi_genauth", pyproject: { enabled: true }, respectSchemaVersion: true },
  go: { importBasePath: GO_IMPORT_BASE_PATH, respectSchemaVersion: true },
  // Generated and published by the release workflow (no .NET or Java language plugin here).
  csharp: { rootNamespace: "PulumiGenAuth", respectSchemaVersion: true },
  // A Java package cannot hold `-`: the GitHub organisation's namespace with `_`. The Gradle
  // build with the Nexus publish plugin is what the release workflow publishes to Maven Central.
  java: {
    basePackage: "io.github.pulumi_genauth",
    buildFiles: "gradle",
    gradleNexusPublishPluginVersion: "2.0.0",
  },
};

/**
 * The schema properties of these settings: each row's doc comment, its kind's type and its secrecy;
 * with `sources`, also the environment variable it falls back to and its default (a boolean's
 * default, false, goes unsaid, as it always has in the schema and the SDKs).
 */
function settingProperties(
  names: readonly SettingName[],
  docs: Record<string, string>,
  sources: boolean,
): Properties {
  const properties: Properties = {};
  for (const name of names) {
    const row = settingRow(name);
    const extra = sources
      ? [
          `Falls back to the environment variable \`${row.env}\`.`,
          row.default !== undefined && row.kind !== "boolean" ? `Default: \`${row.default}\`.` : "",
        ]
      : [];
    properties[name] = {
      type: KIND_TYPES[row.kind],
      description: [docs[name], ...extra].filter(Boolean).join(" "),
      ...(row.secret ? { secret: true } : {}),
    };
  }
  return properties;
}

function isVariableStatement(node: ts.Node): node is ts.VariableStatement {
  return ts.isVariableStatement(node);
}

/** The name a top-level statement declares (a variable statement's first variable's). */
function declaredName(statement: ts.Statement): string | undefined {
  if (ts.isVariableStatement(statement)) {
    const name = statement.declarationList.declarations[0]?.name;
    return name && ts.isIdentifier(name) ? name.text : undefined;
  }
  return (statement as unknown as { name?: ts.Identifier }).name?.text;
}

/** The schema file's text. */
export function schemaText(): string {
  return `${JSON.stringify(buildSchema(), null, 2)}\n`;
}

/** Reads doc comments and types of declarations. */
class DocReader {
  constructor(private readonly checker: ts.TypeChecker) {}

  /** The doc comment of a declaration, `{@link X}` written as `X`, `@default` as a sentence. */
  doc(node: ts.Declaration): string {
    const symbol = this.checker.getSymbolAtLocation((node as ts.NamedDeclaration).name!)!;
    return this.symbolDoc(symbol);
  }

  /** The doc comment of each property of an object literal a variable statement declares, by name. */
  propertyDocs(statement: ts.VariableStatement): Record<string, string> {
    const decl = statement.declarationList.declarations[0];
    const docs: Record<string, string> = {};
    for (const symbol of this.checker.getPropertiesOfType(this.checker.getTypeAtLocation(decl.name)))
      docs[symbol.getName()] = this.symbolDoc(symbol);
    return docs;
  }

  /** The schema properties of an interface's members (inherited ones too) or a class's declared fields. */
  members(node: ts.InterfaceDeclaration | ts.ClassDeclaration): {
    properties: Properties;
    required: string[];
  } {
    const properties: Properties = {};
    const required: string[] = [];
    const symbols = ts.isClassDeclaration(node)
      ? node.members
          .filter(ts.isPropertyDeclaration)
          .filter((m) => m.modifiers?.some((x) => x.kind === ts.SyntaxKind.DeclareKeyword))
          .map((m) => this.checker.getSymbolAtLocation(m.name)!)
      : this.checker.getPropertiesOfType(this.checker.getTypeAtLocation(node));
    for (const symbol of symbols) {
      const decl = symbol.valueDeclaration as ts.PropertySignature | ts.PropertyDeclaration;
      const { spec, optional } = this.typeSpec(decl.type!);
      const name = symbol.getName();
      properties[name] = {
        ...spec,
        description: this.symbolDoc(symbol) || this.aliasDoc(decl.type!),
        ...(SECRET_PROPERTIES.has(name) ? { secret: true } : {}),
      };
      if (!decl.questionToken && !optional) required.push(name);
    }
    return { properties, required };
  }

  private symbolDoc(symbol: ts.Symbol): string {
    const text = ts.displayPartsToString(symbol.getDocumentationComment(this.checker));
    const fallback = symbol
      .getJsDocTags(this.checker)
      .filter((t) => t.name === "default")
      .map((t) => `Default: ${ts.displayPartsToString(t.text)}.`);
    return [cleanLinks(text), ...fallback.map(cleanLinks)].filter(Boolean).join("\n\n");
  }

  /** The doc comment of a named type alias (`RotationReason`), for a member without its own. */
  private aliasDoc(node: ts.TypeNode): string {
    const inner = unwrapTypeNode(node);
    if (!ts.isTypeReferenceNode(inner)) return "";
    const symbol = this.checker.getSymbolAtLocation(
      ts.isQualifiedName(inner.typeName) ? inner.typeName.right : inner.typeName,
    );
    return symbol ? this.symbolDoc(symbol) : "";
  }

  /** The schema type of a TypeScript type, and whether `undefined` is part of it. */
  private typeSpec(node: ts.TypeNode): { spec: TypeSpec; optional: boolean } {
    let inner = unwrapTypeNode(node);
    let optional = false;
    if (ts.isUnionTypeNode(inner)) {
      // `null` (a request id GenAuth did not give) reads as absent in every SDK.
      const absent = (t: ts.TypeNode) =>
        t.kind === ts.SyntaxKind.UndefinedKeyword ||
        (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword);
      const kept = inner.types.filter((t) => !absent(t));
      optional = kept.length < inner.types.length;
      if (kept.length === 1) inner = unwrapTypeNode(kept[0]);
    }
    return { spec: this.specOf(inner), optional };
  }

  private specOf(node: ts.TypeNode): TypeSpec {
    if (ts.isArrayTypeNode(node))
      return { type: "array", items: this.specOf(unwrapTypeNode(node.elementType)) };
    if (ts.isTypeReferenceNode(node)) {
      const written = ts.isQualifiedName(node.typeName) ? node.typeName.right.text : node.typeName.text;
      const name = OBJECT_TYPE_ALIASES[written] ?? written;
      if (name === "JsonValue") return { $ref: "pulumi.json#/Any" };
      if (OBJECT_TYPES[name]) return { $ref: `#/types/${OBJECT_TYPES[name].token}` };
    }
    const type = this.checker.getTypeFromTypeNode(node);
    const parts = type.isUnion() ? type.types : [type];
    if (parts.every((t) => t.flags & ts.TypeFlags.StringLike)) return { type: "string" };
    if (parts.every((t) => t.flags & ts.TypeFlags.NumberLike)) return { type: "integer" };
    if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLike)) return { type: "boolean" };
    throw new Error(`no schema type for ${node.getText()}`);
  }
}

/** `pulumi.Input<T>`, `pulumi.Output<T>` and `pulumi.Unwrap<T>` as `T`. */
function unwrapTypeNode(node: ts.TypeNode): ts.TypeNode {
  if (ts.isTypeReferenceNode(node) && node.typeArguments?.length === 1) {
    const name = ts.isQualifiedName(node.typeName) ? node.typeName.right.text : node.typeName.text;
    if (name === "Input" || name === "Output" || name === "Unwrap")
      return unwrapTypeNode(node.typeArguments[0]);
  }
  if (ts.isParenthesizedTypeNode(node)) return unwrapTypeNode(node.type);
  return node;
}

/** Doc text as a description: lines of a paragraph joined, `{@link X}` written as `X`. */
function cleanLinks(text: string): string {
  return text.replace(/([^\n])\n(?!\n)/g, "$1 ").replace(/\{@link\s+([^}\s|]+)(?:[\s|][^}]*)?\}/g, "`$1`");
}

if (require.main === module) {
  const text = schemaText();
  if (process.argv.includes("--check")) {
    if (readFileSync(SCHEMA_FILE, "utf8") !== text) {
      console.error(`${path.relative(ROOT, SCHEMA_FILE)} is stale: run npx tsx scripts/native-schema.ts`);
      process.exit(1);
    }
  } else {
    writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${path.relative(ROOT, SCHEMA_FILE)}`);
  }
}
