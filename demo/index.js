/**
 * The entry point `pulumi up` runs at the repository root (Pulumi.yaml: `main: demo/`; this
 * folder's package.json names this file). A CommonJS module's exports are the stack's outputs.
 */
module.exports = require("./program").program();
