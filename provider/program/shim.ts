/**
 * The package path of the provider runtime. The text stored in state resolves it from the
 * program's directory at run time, so that text holds no code, credential or host, and read and
 * delete run the installed version (pulumi#6238).
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

/**
 * The provider as the engine stores it in state (`__provider`): a CommonJS module that the
 * dynamic-provider host evaluates, calling `handler()` to get the provider object. It is written by
 * hand rather than produced by the closure serializer: 77 bytes instead of 2.4 KB per copy (state
 * holds two per resource, and the engine rewrites the whole state file after every step), no
 * closure analysis in the program, and text that is the same in every release.
 */
export const PROVIDER_TEXT = `exports.handler = () => require(${JSON.stringify(RUNTIME_MODULE)}).provider;\n`;
