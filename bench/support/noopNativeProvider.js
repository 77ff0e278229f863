/**
 * The native baseline of `bench/native.ts`: a resource provider plugin written the way the genauth
 * plugin is (`@pulumi/pulumi/provider`'s `main`), serving `genauthnoop:index:ApplicationSecret`
 * with the genauth schema's shape, that does nothing: check passes the inputs through, diff
 * compares the trigger, create and update echo the inputs. Plain JavaScript, run by node as is.
 */
"use strict";
const provider = require("@pulumi/pulumi/provider");
const { schemaNamed } = require("./noopSchema");

const schema = schemaNamed("genauthnoop");

const noop = {
  version: JSON.parse(schema).version,
  schema,
  check: async (_urn, _olds, news) => ({ inputs: news }),
  diff: async (_id, _urn, olds, news) => ({
    changes: JSON.stringify(olds.rotationTrigger) !== JSON.stringify(news.rotationTrigger),
  }),
  create: async (_urn, inputs) => ({ id: String(inputs.appId), outs: inputs }),
  update: async (_id, _urn, _olds, news) => ({ outs: news }),
  read: async (id, _urn, props) => ({ id, props }),
};

provider.main(noop, process.argv.slice(2));
