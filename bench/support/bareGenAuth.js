/**
 * The GenAuth calls of the fair baselines (`fairNoopProvider.js`, `fairNoopNativeProvider.js`): the
 * same requests the product sends — one management token per process, shared by concurrent calls;
 * `get-application-secret` to read; `refresh-application-secret` to rotate — through a bare axios
 * client: no retries, no pacing, no redirect or answer checks, no error translation. What our
 * provider costs beyond these baselines is its own code, not the HTTP client or the calls the
 * product must make. axios is loaded on the first call, as the product loads its client.
 * Plain JavaScript: the dynamic-provider host and node run it as is.
 */
"use strict";

/**
 * A client for one host and key pair. `settings` is `{ host, accessKeyId, accessKeySecret }`;
 * every call addresses the key's own user pool (the emulator's keys are user pool keys).
 */
function bareGenAuth(settings) {
  let http;
  let token;
  const client = () => {
    http ??= require("axios").create({
      baseURL: settings.host,
      headers: { "content-type": "application/json", "x-authing-lang": "en-US", "x-genauth-lang": "en-US" },
    });
    return http;
  };
  const data = (response) => {
    if (response.data?.statusCode !== 200) {
      throw new Error(`${response.config.url}: GenAuth answered statusCode ${response.data?.statusCode}`);
    }
    return response.data.data;
  };
  const authorization = async () => {
    token ??= client()
      .post("/api/v3/get-management-token", {
        accessKeyId: settings.accessKeyId,
        accessKeySecret: settings.accessKeySecret,
      })
      .then((response) => data(response).access_token);
    const pool = settings.accessKeyId;
    return {
      authorization: `Bearer ${await token}`,
      "x-authing-userpool-id": pool,
      "x-genauth-userpool-id": pool,
    };
  };
  return {
    /** The application's current secret. */
    async read(appId) {
      const headers = await authorization();
      return data(await client().get("/api/v3/get-application-secret", { params: { appId }, headers }))
        .secret;
    },
    /** Rotates the application's secret and returns the new one. */
    async refresh(appId) {
      const headers = await authorization();
      return data(await client().post("/api/v3/refresh-application-secret", { appId }, { headers })).secret;
    },
  };
}

module.exports = { bareGenAuth };
