import type * as pulumi from "@pulumi/pulumi";

/**
 * The package path of the provider runtime. Each method of the shim resolves it from the program's
 * directory at run time, so the text stored in state (`__provider`) is a few hundred bytes that
 * hold no code, credential or host, and read/delete run the installed version (pulumi#6238).
 * Not exported, and the shim's functions use no exported name: TypeScript compiles a use of an
 * exported binding to `exports.NAME`, and the serializer would then copy this module's exports
 * into state.
 */
const RUNTIME_MODULE = "pulumi-genauth/provider-runtime";

/**
 * Every module path the serialized provider (`__provider`) names; test/provider/serializedPaths.test.ts
 * fails when the text names any other.
 *
 * The stability contract: read and delete run the `__provider` text stored in state by the release
 * that last wrote the resource, against whatever release of this package is installed then. So each
 * path here stays in package.json's `exports` in every later release, is never moved or renamed,
 * and keeps exporting `provider` with the methods the shim calls. Paths may be added to this list
 * (a new one is promised from then on); none is ever removed.
 */
export const SERIALIZED_MODULE_PATHS = [RUNTIME_MODULE] as const;

function runtime(): Required<pulumi.dynamic.ResourceProvider> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(RUNTIME_MODULE).provider;
}

/** The object `dynamic.Resource` serializes into state: every method delegates to the runtime. */
export const providerShim: pulumi.dynamic.ResourceProvider = {
  configure: (req) => runtime().configure(req),
  check: (olds, news) => runtime().check(olds, news),
  diff: (id, olds, news) => runtime().diff(id, olds, news),
  create: (inputs) => runtime().create(inputs),
  read: (id, props) => runtime().read(id, props),
  update: (id, olds, news) => runtime().update(id, olds, news),
  delete: (id, props) => runtime().delete(id, props),
};
