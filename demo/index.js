/** Entry point for `pulumi up` with a Pulumi language host: the demo program's outputs. */
module.exports = require("./program").program();
