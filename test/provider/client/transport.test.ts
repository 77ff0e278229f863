import { ServerResponse } from "node:http";
import { readSecret } from "../../../provider/client/answers";
import { GenAuthError } from "../../../provider/client/errors";
import { SERVER_TEXT_MAX_CHARS } from "../../../provider/client/serverText";
import { createHttp, MAX_ANSWER_BYTES, send } from "../../../provider/client/transport";
import { answer, HostileHandler, HostileServer, startHostileServer } from "../../support/hostileServer";

const APP = "6229ffaa0000000000000001";

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves `handle`, sends one get-application-secret through the transport, returns its failure. */
async function failureOf(handle: HostileHandler, deadlineMs = 2_000): Promise<GenAuthError> {
  server = await startHostileServer(handle);
  const outcome = await send(
    createHttp(server.url, deadlineMs),
    {
      operation: "get-application-secret",
      method: "GET",
      path: "/api/v3/get-application-secret",
      query: { appId: APP },
      appId: APP,
      secrets: [],
    },
    readSecret,
  ).catch((e: unknown) => e);
  if (!(outcome instanceof GenAuthError)) throw new Error(`expected a GenAuthError, got ${String(outcome)}`);
  return outcome;
}

/** Writes `total` bytes in 64 KiB chunks, waiting for the client to take each; reports what it saw. */
function streamBytes(res: ServerResponse, total: number): Promise<{ sent: number; finished: boolean }> {
  const chunk = Buffer.alloc(64 * 1024, "a");
  return new Promise((resolve) => {
    let sent = 0;
    res.on("close", () => resolve({ sent, finished: res.writableFinished }));
    res.writeHead(200, { "content-type": "application/json", "content-length": String(total) });
    const pump = () => {
      while (sent < total && !res.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += piece.length;
        if (!res.write(piece)) return void res.once("drain", pump);
      }
      if (sent >= total) res.end();
    };
    pump();
  });
}

describe("send: answers that are not usable", () => {
  it.each([
    ["an empty string", ""],
    ["whitespace", "      \t     "],
    ["100 KB", "k".repeat(100 * 1024)],
    ["a number", 31415926],
    ["null", null],
    ["an object", { value: "nested-secret-value" }],
  ])("refuses %s as a secret, naming operation, app, problem and requestId", async (_name, secret) => {
    const error = await failureOf((_req, res) =>
      answer(res, { statusCode: 200, message: "ok", requestId: "req-42", data: { secret } }),
    );
    expect(error).toMatchObject({
      operation: "get-application-secret",
      appId: APP,
      httpStatus: 200,
      statusCode: 200,
      requestId: "req-42",
      answerProblem: expect.stringMatching(/^data\.secret /),
    });
    expect(error.message).toMatch(
      new RegExp(`^GenAuth get-application-secret failed for app ${APP}: .*unusable answer: data\\.secret `),
    );
    expect(error.message).toContain("(requestId req-42)");
    if (typeof secret === "string" && secret.trim()) expect(error.message).not.toContain(secret.slice(0, 16));
    expect(JSON.stringify(error)).not.toContain("nested-secret-value");
  });

  it("refuses an envelope without data", async () => {
    const error = await failureOf((_req, res) =>
      answer(res, { statusCode: 200, message: "ok", requestId: "r" }),
    );
    expect(error.answerProblem).toBe("data is missing, not an object");
  });

  it.each([
    ["an HTML page", "<html><body>Bad gateway</body></html>", "text of 37 characters"],
    ["a JSON array", "[1,2,3]", "a JSON array"],
    ["an empty body", "", "empty body"],
    [
      "a string statusCode",
      '{"statusCode":"200","data":{"secret":"0123456789abcdef"}}',
      "a JSON object without a numeric statusCode",
    ],
  ])("refuses %s as not an envelope, without quoting it", async (_name, body, shape) => {
    const error = await failureOf((_req, res) => answer(res, body));
    expect(error.answerProblem).toBe(`it is not a GenAuth envelope (${shape})`);
    expect(error.message).not.toContain("0123456789abcdef");
    expect(error.message).not.toContain("Bad gateway");
  });

  it("takes the requestId from the x-request-id header when the answer has none", async () => {
    const error = await failureOf((_req, res) => {
      res.writeHead(200, { "x-request-id": "hdr-7" }).end("not json");
    });
    expect(error.requestId).toBe("hdr-7");
  });
});

describe("send: GenAuth's text in errors", () => {
  it.each([
    [
      { zh: "应用不存在", en: "application does not exist" },
      '{"zh":"应用不存在","en":"application does not exist"}',
    ],
    [2011, "2011"],
    [null, "no message (HTTP 200)"],
    [undefined, "no message (HTTP 200)"],
  ])("renders a message that is not a string (%j) without crashing", async (message, shown) => {
    const error = await failureOf((_req, res) =>
      answer(res, { statusCode: 404, apiCode: 2011, message, requestId: "req-1" }),
    );
    expect(error).toMatchObject({
      statusCode: 404,
      apiCode: 2011,
      genauthMessage: shown,
      requestId: "req-1",
    });
    expect(error.message).toContain(`apiCode 2011: ${shown} (requestId req-1)`);
  });

  it("ignores an apiCode that is not a number", async () => {
    const error = await failureOf((_req, res) =>
      answer(res, { statusCode: 404, apiCode: "2011", message: "m" }),
    );
    expect(error.apiCode).toBeUndefined();
  });

  it("neutralises ANSI escapes, clear-screen and forged output lines in message and requestId", async () => {
    const error = await failureOf((_req, res) =>
      answer(res, {
        statusCode: 400,
        message: "\u001b[2J\u001b[Hdenied\n\nResources:\n    + 1 created\r\nDuration: 1s",
        requestId: "req\u001b[31m-9\n",
      }),
    );
    expect(error.message).toBe(
      `GenAuth get-application-secret failed for app ${APP}: HTTP 200, statusCode 400: ` +
        "denied Resources: + 1 created Duration: 1s (requestId req-9)",
    );
  });

  it("cuts a long message to the bound, saying how much was cut", async () => {
    const long = "x".repeat(900 * 1024);
    const error = await failureOf((_req, res) => answer(res, { statusCode: 500, message: long }));
    expect(error.genauthMessage).toBe(
      `${"x".repeat(SERVER_TEXT_MAX_CHARS)}… [${long.length - SERVER_TEXT_MAX_CHARS} more characters cut]`,
    );
    expect(error.message.length).toBeLessThan(600);
  });

  it("refuses a 2 MB message as too large, and prints none of it", async () => {
    const error = await failureOf((_req, res) =>
      answer(res, { statusCode: 500, message: "y".repeat(2 * 1024 * 1024) }),
    );
    expect(error.answerProblem).toBe(
      `it is larger than the ${MAX_ANSWER_BYTES} bytes allowed, and was not read further`,
    );
    expect(error.message).not.toContain("yyyy");
  });
});

describe("send: size and time bounds", () => {
  it("refuses a 50 MB answer while it arrives, without reading it all", async () => {
    let seen: Promise<{ sent: number; finished: boolean }> | undefined;
    const error = await failureOf((_req, res) => {
      seen = streamBytes(res, 50 * 1024 * 1024);
    });
    expect(error).toMatchObject({
      operation: "get-application-secret",
      appId: APP,
      answerProblem: expect.stringContaining(`larger than the ${MAX_ANSWER_BYTES} bytes allowed`),
    });
    const { sent, finished } = await seen!;
    expect(finished).toBe(false);
    expect(sent).toBeLessThan(50 * 1024 * 1024);
  });

  it("fails a dripping answer at the total deadline instead of waiting for its end", async () => {
    const body = JSON.stringify({
      statusCode: 200,
      data: { secret: "0123456789abcdef" },
      pad: " ".repeat(200),
    });
    let closedEarly: Promise<boolean> | undefined;
    const error = await failureOf((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      let at = 0;
      const drip = setInterval(() => res.write(body[at++]), 40); // ~10 s for the whole body
      closedEarly = new Promise((resolve) =>
        res.on("close", () => {
          clearInterval(drip);
          resolve(at < body.length);
        }),
      );
    }, 250);
    expect(error).toMatchObject({
      operation: "get-application-secret",
      appId: APP,
      networkCode: "ETIMEDOUT",
      genauthMessage: "no complete answer within 250 ms",
    });
    expect(await closedEarly).toBe(true);
  });
});

describe("send: headers", () => {
  it("sends the language header in both spellings, x-authing-lang and x-genauth-lang", async () => {
    let seen: Record<string, unknown> = {};
    server = await startHostileServer((req, res) => {
      seen = req.headers;
      answer(res, { statusCode: 200, message: "ok", data: { secret: "a-usable-secret" } });
    });
    await send(
      createHttp(server.url, 2_000),
      {
        operation: "get-application-secret",
        method: "GET",
        path: "/api/v3/get-application-secret",
        query: { appId: APP },
        secrets: [],
      },
      readSecret,
    );
    expect(seen).toMatchObject({ "x-authing-lang": "en-US", "x-genauth-lang": "en-US" });
  });
});
