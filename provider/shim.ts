import type * as pulumi from "@pulumi/pulumi";

/**
 * The package path of the provider runtime. Each method of the shim resolves it from the program's
 * directory at run time, so the text stored in state (`__provider`) is a few hundred bytes that
 * hold no code, credential or host, and read/delete run the installed version (pulumi#6238).
 */
const RUNTIME_MODULE = "pulumi-genauth/provider-runtime";

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
