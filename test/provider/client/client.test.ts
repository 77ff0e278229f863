import { GenAuthClient } from "../../../provider/client/client";
import { GenAuthError } from "../../../provider/client/errors";
import { mayHaveRotated } from "../../../provider/client/retry";
import { POOL_A_ID, POOL_A_SECRET } from "../../../emulator";
import { APP_1, fastClient, fastSettings, useEmulator } from "../../support/emulator";
import { fakeClientClock } from "../../support/fakeClock";
import { answer, HostileServer, startHostileServer, startRewritingProxy } from "../../support/hostileServer";

const emulator = useEmulator();

let proxy: HostileServer | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/** Unusable answers to a call that succeeded upstream. */
const UNUSABLE_ANSWERS: ReadonlyArray<[string, string]> = [
  ["an empty secret", JSON.stringify({ statusCode: 200, message: "ok", data: { secret: "" } })],
  ["a number as the secret", JSON.stringify({ statusCode: 200, message: "ok", data: { secret: 42 } })],
  ["no data", JSON.stringify({ statusCode: 200, message: "ok" })],
  ["an HTML page", "<html>oops</html>"],
  ["a 2 MB answer", JSON.stringify({ statusCode: 200, data: { secret: "s".repeat(2 * 1024 * 1024) } })],
];

describe("GenAuthClient against the emulator", () => {
  describe("management token", () => {
    it("fetches one token for many concurrent calls", async () => {
      const client = fastClient(emulator().url);
      await Promise.all(Array.from({ length: 8 }, () => client.getApplicationSecret(APP_1)));
      expect(emulator().control.calls()).toMatchObject({
        "get-management-token": 1,
        "get-application-secret": 8,
      });
    });

    it("sends the token as Bearer and both user pool headers", async () => {
      await fastClient(emulator().url).getApplicationSecret(APP_1);
      const [, call] = emulator().control.requests();
      expect(call).toMatchObject({
        operation: "get-application-secret",
        authScheme: "bearer",
        userPoolHeader: POOL_A_ID,
      });
    });

    it("drops the token and authenticates again once when GenAuth says 2020", async () => {
      const client = fastClient(emulator().url);
      await client.getApplicationSecret(APP_1);
      emulator().control.expireTokens();
      await expect(client.getApplicationSecret(APP_1)).resolves.toMatchObject({
        secret: emulator().control.app(APP_1).secret,
      });
      expect(emulator().control.calls()["get-management-token"]).toBe(2);
    });

    it("keeps re-authenticating while fresh tokens are refused, within the attempt budget", async () => {
      emulator().control.addFaults({
        operation: "refresh-application-secret",
        effect: { kind: "expire-token" },
        times: 3,
      });
      const result = await fastClient(emulator().url).refreshApplicationSecret(APP_1);
      expect(result.secret).toBe(emulator().control.app(APP_1).secret);
      expect(emulator().control.app(APP_1).rotations).toBe(1);
      expect(emulator().control.calls()).toEqual({
        "get-management-token": 4,
        "refresh-application-secret": 4,
      });
    });

    it("names the app when the token it needed could not be had", async () => {
      emulator().control.addFaults({
        operation: "get-management-token",
        effect: { kind: "http", status: 503 },
        times: 100,
      });
      const error = await fastClient(emulator().url, {
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, budgetMs: 5_000 },
      })
        .refreshApplicationSecret(APP_1)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ operation: "get-management-token", appId: APP_1, httpStatus: 503 });
      expect((error as Error).message).toMatch(
        new RegExp(`^GenAuth get-management-token failed for app ${APP_1} after 2 attempts: HTTP 503`),
      );
    });

    it("renews the token a minute before it expires, on the client's clock", async () => {
      let now = Date.now();
      const client = new GenAuthClient(fastSettings(emulator().url), { now: () => now });
      await client.getApplicationSecret(APP_1);
      now += (7200 - 61) * 1000; // still outside the renewal margin
      await client.getApplicationSecret(APP_1);
      expect(emulator().control.calls()["get-management-token"]).toBe(1);
      now += 2_000; // inside it
      await client.getApplicationSecret(APP_1);
      expect(emulator().control.calls()["get-management-token"]).toBe(2);
      expect(
        emulator()
          .control.requests()
          .filter((r) => r.apiCode === 2020),
      ).toEqual([]);
    });

    it("fails on a wrong key pair without retrying and without echoing the secret", async () => {
      const client = fastClient(emulator().url, { accessKeySecret: "wrong-secret-value" });
      const error = await client.getApplicationSecret(APP_1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GenAuthError);
      expect(error).toMatchObject({
        operation: "get-management-token",
        statusCode: 401,
        apiCode: 2020,
        attempts: 1,
      });
      expect(String((error as Error).message)).not.toContain("wrong-secret-value");
      expect(JSON.stringify(error)).not.toContain("wrong-secret-value");
    });
  });

  describe("user pool", () => {
    it("is the token's scoped_userpool_id, fetching one token for it and for the calls after", async () => {
      const client = fastClient(emulator().url, { accessKeyId: POOL_A_ID });
      await expect(client.userPoolId()).resolves.toBe(POOL_A_ID);
      await client.getApplicationSecret(APP_1);
      expect(emulator().control.calls()["get-management-token"]).toBe(1);
    });

    it("is settings.userPoolId when given, without calling GenAuth", async () => {
      await expect(
        fastClient(emulator().url, { userPoolId: "pool-from-settings" }).userPoolId(),
      ).resolves.toBe("pool-from-settings");
      expect(emulator().control.calls()).toEqual({});
    });

    it.each([
      ["carries no scoped_userpool_id", {}],
      ["carries one that could not be sent as a header", { scoped_userpool_id: "pool\r\nx-evil: 1" }],
    ])("is the access key id when the token %s", async (_name, claims) => {
      const jwt = `h.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.s`;
      proxy = await startHostileServer((_req, res) =>
        answer(res, { statusCode: 200, data: { access_token: jwt, expires_in: 7200 } }),
      );
      await expect(fastClient(proxy.url, { accessKeyId: "key-id-1" }).userPoolId()).resolves.toBe("key-id-1");
    });
  });

  describe("unusable answers", () => {
    it.each([
      ["a number", 42, "data.access_token is a number, not a string"],
      ["null", null, "data.access_token is null, not a string"],
      ["an object", { jwt: "x" }, "data.access_token is a object, not a string"],
    ])("fails with a GenAuthError naming the app when the token is %s", async (_name, token, problem) => {
      proxy = await startRewritingProxy(emulator().url, (op) =>
        op === "get-management-token"
          ? JSON.stringify({ statusCode: 200, data: { access_token: token, expires_in: 7200 } })
          : undefined,
      );
      const error = await fastClient(proxy.url, {
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, budgetMs: 5_000 },
      })
        .refreshApplicationSecret(APP_1)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GenAuthError);
      expect(error).toMatchObject({
        operation: "get-management-token",
        appId: APP_1,
        answerProblem: problem,
      });
      expect(mayHaveRotated(error)).toBe(false);
      expect(emulator().control.calls()["refresh-application-secret"]).toBeUndefined();
    });

    it.each(UNUSABLE_ANSWERS)(
      "fails a read answered with %s as a GenAuthError after retrying it",
      async (_name, garbage) => {
        proxy = await startRewritingProxy(emulator().url, (op) =>
          op === "get-application-secret" ? garbage : undefined,
        );
        const error = await fastClient(proxy.url, {
          retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, budgetMs: 5_000 },
        })
          .getApplicationSecret(APP_1)
          .catch((e: unknown) => e);
        expect(error).toMatchObject({
          operation: "get-application-secret",
          appId: APP_1,
          attempts: 2,
          answerProblem: expect.any(String),
        });
        expect((error as Error).message).not.toContain("sssssss");
      },
    );
  });

  describe("errors", () => {
    it("carries operation, app, statusCode, apiCode, message and requestId of a business error", async () => {
      const error = (await fastClient(emulator().url)
        .refreshApplicationSecret("6229ffaa00000000000000ff")
        .catch((e) => e)) as GenAuthError;
      expect(error).toMatchObject({
        operation: "refresh-application-secret",
        appId: "6229ffaa00000000000000ff",
        httpStatus: 200,
        statusCode: 404,
        apiCode: 2011,
        requestId: expect.stringMatching(/\w+/),
      });
      expect(error.message).toContain("refresh-application-secret failed for app 6229ffaa00000000000000ff");
      expect(error.message).toContain("apiCode 2011");
      expect(error.message).toContain(`requestId ${error.requestId}`);
      expect(emulator().control.calls()["refresh-application-secret"]).toBe(1);
    });

    it("never holds the token or the key secret in the message or any field", async () => {
      const client = fastClient(emulator().url);
      await client.getApplicationSecret(APP_1);
      emulator().control.addFaults({
        operation: "get-application-secret",
        effect: { kind: "http", status: 503 },
        times: 99,
      });
      const error = await client.getApplicationSecret(APP_1).catch((e) => e);
      const text = `${error.message} ${JSON.stringify(error)} ${error.stack}`;
      expect(text).not.toContain(POOL_A_SECRET);
      expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/); // no JWT
    });
  });

  describe("retries", () => {
    it("retries HTTP 429 bursts and rotates exactly once", async () => {
      emulator().control.addFaults({
        operation: "refresh-application-secret",
        effect: { kind: "throttle" },
        times: 2,
      });
      const before = emulator().control.app(APP_1).rotations;
      const result = await fastClient(emulator().url).refreshApplicationSecret(APP_1);
      expect(result.secret).toBe(emulator().control.app(APP_1).secret);
      expect(emulator().control.app(APP_1).rotations).toBe(before + 1);
      expect(emulator().control.calls()["refresh-application-secret"]).toBe(3);
    });

    it("retries HTTP 5xx and body statusCode 5xx on reads", async () => {
      emulator().control.addFaults([
        { operation: "get-application-secret", effect: { kind: "http", status: 502 } },
        { operation: "get-application-secret", effect: { kind: "status", statusCode: 503 } },
      ]);
      await expect(fastClient(emulator().url).getApplicationSecret(APP_1)).resolves.toMatchObject({
        secret: expect.any(String),
      });
      expect(emulator().control.calls()["get-application-secret"]).toBe(3);
    });

    it("gives up after the attempt budget with the last error and the attempt count", async () => {
      emulator().control.addFaults({
        operation: "get-application-secret",
        effect: { kind: "http", status: 503 },
        times: 50,
      });
      const error = await fastClient(emulator().url, {
        retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, budgetMs: 10_000 },
      })
        .getApplicationSecret(APP_1)
        .catch((e) => e);
      expect(error).toMatchObject({ httpStatus: 503, statusCode: 503, attempts: 3 });
      expect(error.message).toContain("after 3 attempts");
      expect(emulator().control.calls()["get-application-secret"]).toBe(3);
    });

    it("does not count throttled attempts against maxAttempts: a long 429 burst is waited out", async () => {
      emulator().control.addFaults({
        operation: "refresh-application-secret",
        effect: { kind: "throttle" },
        times: 8,
      });
      const result = await fastClient(emulator().url, {
        retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, budgetMs: 10_000 },
      }).refreshApplicationSecret(APP_1);
      expect(result.secret).toBe(emulator().control.app(APP_1).secret);
      expect(emulator().control.calls()["refresh-application-secret"]).toBe(9);
      expect(emulator().control.app(APP_1).rotations).toBe(1);
    });

    it("gives up on throttling when the time budget runs out", async () => {
      emulator().control.addFaults({
        operation: "get-application-secret",
        effect: { kind: "throttle" },
        times: 10_000,
      });
      const error = await fastClient(emulator().url, {
        retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, budgetMs: 300 },
      })
        .getApplicationSecret(APP_1)
        .catch((e) => e);
      expect(error).toMatchObject({ httpStatus: 429, statusCode: 429 });
      expect(error.attempts).toBeGreaterThan(3);
    });

    it("holds every call of the client while GenAuth's Retry-After runs", async () => {
      const clock = fakeClientClock(Date.now());
      let second: Promise<unknown> | undefined;
      const client = new GenAuthClient(
        fastSettings(emulator().url, {
          retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5_000, budgetMs: 10_000 },
        }),
        {
          ...clock,
          sleep: async (ms) => {
            if (!second) {
              // While the first call waits out Retry-After, a second call of the client starts.
              second = client.getApplicationSecret(APP_1);
              await new Promise((resolve) => setImmediate(resolve));
            }
            await clock.sleep(ms);
          },
        },
      );
      await client.getApplicationSecret(APP_1); // the token, so only secret calls follow
      emulator().control.addFaults({
        operation: "get-application-secret",
        effect: { kind: "throttle" },
        retryAfterSeconds: 1,
      });
      emulator().control.resetCalls();
      await client.getApplicationSecret(APP_1);
      await second;
      // The second call waited for the pause instead of being throttled itself.
      expect(emulator().control.calls()).toEqual({ "get-application-secret": 3 });
      expect(
        emulator()
          .control.requests()
          .filter((r) => r.httpStatus === 429),
      ).toHaveLength(1);
      // One wait for Retry-After, then at most the pace's spacing (a millisecond at this base delay).
      expect(clock.slept[0]).toBe(1000);
      expect(clock.slept.slice(1).every((ms) => ms <= 1)).toBe(true);
    });

    it("waits at least as long as Retry-After asks", async () => {
      emulator().control.addFaults({
        operation: "get-application-secret",
        effect: { kind: "throttle" },
        retryAfterSeconds: 1,
      });
      const clock = fakeClientClock(Date.now());
      const started = clock.now();
      await new GenAuthClient(
        fastSettings(emulator().url, {
          retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5_000, budgetMs: 10_000 },
        }),
        clock,
      ).getApplicationSecret(APP_1);
      expect(clock.now() - started).toBeGreaterThanOrEqual(1000);
    });

    it("times out a hanging request and retries a read", async () => {
      emulator().control.addFaults({
        operation: "get-application-secret",
        effect: { kind: "hang", ms: 2_000 },
      });
      await expect(
        fastClient(emulator().url, { timeoutMs: 100 }).getApplicationSecret(APP_1),
      ).resolves.toMatchObject({ secret: emulator().control.app(APP_1).secret });
      expect(emulator().control.calls()["get-application-secret"]).toBe(2);
    });
  });

  describe("refresh after an ambiguous failure", () => {
    it("adopts the rotation whose response was lost instead of rotating again", async () => {
      const client = fastClient(emulator().url);
      const known = (await client.getApplicationSecret(APP_1)).secret;
      emulator().control.addFaults({
        operation: "refresh-application-secret",
        effect: { kind: "lose-response" },
      });
      const before = emulator().control.app(APP_1).rotations;
      const result = await client.refreshApplicationSecret(APP_1, { knownSecret: known });
      expect(emulator().control.app(APP_1).rotations).toBe(before + 1);
      expect(result).toMatchObject({ secret: emulator().control.app(APP_1).secret, recovered: true });
      expect(emulator().control.calls()["refresh-application-secret"]).toBe(1);
    });

    it("sends the refresh again when GenAuth shows it did not happen (reset before processing)", async () => {
      const client = fastClient(emulator().url);
      const known = (await client.getApplicationSecret(APP_1)).secret;
      emulator().control.addFaults({ operation: "refresh-application-secret", effect: { kind: "reset" } });
      const before = emulator().control.app(APP_1).rotations;
      const result = await client.refreshApplicationSecret(APP_1, { knownSecret: known });
      expect(emulator().control.app(APP_1).rotations).toBe(before + 1);
      expect(result.secret).toBe(emulator().control.app(APP_1).secret);
      expect(result.recovered).toBeUndefined();
    });

    it("reads the secret back once the budget runs out on 5xx, and says nothing rotated when it is unchanged", async () => {
      const client = fastClient(emulator().url);
      const known = (await client.getApplicationSecret(APP_1)).secret;
      emulator().control.addFaults({
        operation: "refresh-application-secret",
        effect: { kind: "http", status: 500 },
        times: 99,
      });
      const error = (await client
        .refreshApplicationSecret(APP_1, { knownSecret: known })
        .catch((e: unknown) => e)) as GenAuthError;
      expect(error).toBeInstanceOf(GenAuthError);
      expect(error.rotationRuledOut).toBe(true);
      expect(mayHaveRotated(error)).toBe(false);
      expect(error.message).toMatch(
        /HTTP 500.*; the secret read back unchanged after GenAuth's processing window \(genauth:maxProcessingDelayMs\), so nothing rotated$/,
      );
      // maxAttempts 4: after each attempt a read, and one more once the processing window passed.
      expect(emulator().control.calls()["refresh-application-secret"]).toBe(4);
      expect(emulator().control.calls()["get-application-secret"]).toBe(1 + 4 * 2);
    });

    it("adopts a rotation the last attempt made before the budget ran out", async () => {
      const client = fastClient(emulator().url, {
        retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 20, budgetMs: 10_000 },
      });
      const known = (await client.getApplicationSecret(APP_1)).secret;
      emulator().control.addFaults({
        operation: "refresh-application-secret",
        effect: { kind: "lose-response" },
      });
      const result = await client.refreshApplicationSecret(APP_1, { knownSecret: known });
      expect(result).toMatchObject({ secret: emulator().control.app(APP_1).secret, recovered: true });
      expect(emulator().control.app(APP_1).rotations).toBe(1);
    });

    it("adopts a rotation a gateway held past the timeout and processed late, instead of rotating again", async () => {
      // The first attempt times out at 150 ms; GenAuth rotates at 400 ms. The read-back at 150 ms
      // sees the old secret, but the processing window (800 ms) is not over: read again at its end.
      const client = fastClient(emulator().url, { timeoutMs: 150, maxProcessingDelayMs: 800 });
      const known = (await client.getApplicationSecret(APP_1)).secret;
      emulator().control.addFaults({
        operation: "refresh-application-secret",
        effect: { kind: "process-late", ms: 400 },
      });
      const result = await client.refreshApplicationSecret(APP_1, { knownSecret: known });
      expect(emulator().control.app(APP_1).rotations).toBe(1);
      expect(result).toMatchObject({ secret: emulator().control.app(APP_1).secret, recovered: true });
      expect(emulator().control.calls()).toMatchObject({
        "refresh-application-secret": 1,
        "get-application-secret": 3,
      });
    });

    it("without a processing window (0), a late rotation lands after the one recorded (why the window exists)", async () => {
      const client = fastClient(emulator().url, { timeoutMs: 150, maxProcessingDelayMs: 0 });
      const known = (await client.getApplicationSecret(APP_1)).secret;
      emulator().control.addFaults({
        operation: "refresh-application-secret",
        effect: { kind: "process-late", ms: 400 },
      });
      const result = await client.refreshApplicationSecret(APP_1, { knownSecret: known });
      await new Promise((resolve) => setTimeout(resolve, 600)); // the held request lands
      expect(emulator().control.app(APP_1).rotations).toBe(2);
      expect(result.secret).not.toBe(emulator().control.app(APP_1).secret);
    });

    it("says nothing rotated only after the window, when every attempt was held past it", async () => {
      const clock = fakeClientClock(Date.now());
      const client = new GenAuthClient(
        fastSettings(emulator().url, {
          timeoutMs: 100,
          maxProcessingDelayMs: 30_000,
          retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 5, budgetMs: 5_000 },
        }),
        clock,
      );
      const known = (await client.getApplicationSecret(APP_1)).secret;
      emulator().control.addFaults({ operation: "refresh-application-secret", effect: { kind: "hang" } });
      const error = (await client
        .refreshApplicationSecret(APP_1, { knownSecret: known })
        .catch((e: unknown) => e)) as GenAuthError;
      expect(clock.slept).toContain(30_000); // the whole window, from the attempt's failure
      expect(error.rotationRuledOut).toBe(true);
      expect(error.message).toMatch(/read back unchanged after GenAuth's processing window/);
      expect(emulator().control.calls()["get-application-secret"]).toBe(1 + 2);
    });

    it("makes no extra call on the happy path", async () => {
      const client = fastClient(emulator().url);
      await client.refreshApplicationSecret(APP_1, { knownSecret: "whatever" });
      expect(emulator().control.calls()).toEqual({
        "get-management-token": 1,
        "refresh-application-secret": 1,
      });
    });

    it("without a known secret, retries and ends with the secret GenAuth holds", async () => {
      emulator().control.addFaults({
        operation: "refresh-application-secret",
        effect: { kind: "lose-response" },
      });
      const result = await fastClient(emulator().url).refreshApplicationSecret(APP_1);
      expect(result.secret).toBe(emulator().control.app(APP_1).secret);
    });

    it("does not retry a refresh whose fate it cannot learn, and says it may have rotated", async () => {
      emulator().control.addFaults([
        { operation: "refresh-application-secret", effect: { kind: "lose-response" } },
        { operation: "get-application-secret", effect: { kind: "http", status: 500 }, times: 50 },
      ]);
      const error = await fastClient(emulator().url)
        .refreshApplicationSecret(APP_1, { knownSecret: "old" })
        .catch((e) => e);
      expect(error).toBeInstanceOf(GenAuthError);
      expect(error.operation).toBe("refresh-application-secret");
      expect(mayHaveRotated(error)).toBe(true);
      expect(emulator().control.calls()["refresh-application-secret"]).toBe(1);
    });

    it.each(UNUSABLE_ANSWERS)(
      "confirms a refresh answered with %s like a lost one, and adopts the rotation",
      async (_name, garbage) => {
        proxy = await startRewritingProxy(emulator().url, (op) =>
          op === "refresh-application-secret" ? garbage : undefined,
        );
        const client = fastClient(proxy.url);
        const known = (await client.getApplicationSecret(APP_1)).secret;
        const result = await client.refreshApplicationSecret(APP_1, { knownSecret: known });
        expect(emulator().control.app(APP_1).rotations).toBe(1);
        expect(result).toMatchObject({ secret: emulator().control.app(APP_1).secret, recovered: true });
        expect(emulator().control.calls()).toMatchObject({
          "refresh-application-secret": 1,
          "get-application-secret": 2,
        });
      },
    );

    it("fails a refresh with an unusable answer whose confirmation fails too as one that may have rotated", async () => {
      proxy = await startRewritingProxy(emulator().url, (op) =>
        op === "refresh-application-secret" || op === "get-application-secret"
          ? "<html>oops</html>"
          : undefined,
      );
      const error = await fastClient(proxy.url, {
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, budgetMs: 5_000 },
      })
        .refreshApplicationSecret(APP_1, { knownSecret: "0123456789abcdef" })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        operation: "refresh-application-secret",
        appId: APP_1,
        answerProblem: "it is not a GenAuth envelope (text of 17 characters)",
      });
      expect(mayHaveRotated(error)).toBe(true);
      expect(emulator().control.app(APP_1).rotations).toBe(1);
      expect(emulator().control.calls()["refresh-application-secret"]).toBe(1);
    });
  });
});
