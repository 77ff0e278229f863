import { faultAnswer, rateLimitedAnswer, redirectAnswer } from "../../emulator/injectedAnswers";

describe("faultAnswer", () => {
  it("answers a throttle fault with HTTP 429 and Retry-After when the rule sets one", () => {
    expect(faultAnswer({ kind: "throttle" }, 2, "r1")).toEqual({
      httpStatus: 429,
      envelope: { statusCode: 429, message: "too many requests, please slow down", requestId: "r1" },
      headers: { "retry-after": "2" },
    });
  });

  it("answers an http fault with its status and a failure envelope, without Retry-After by default", () => {
    expect(faultAnswer({ kind: "http", status: 503 }, undefined, "r2")).toMatchObject({
      httpStatus: 503,
      envelope: { statusCode: 503, message: "emulated HTTP 503", requestId: "r2" },
      headers: {},
    });
  });

  it("answers a status fault with HTTP 200 and the failure's statusCode and apiCode", () => {
    const answer = faultAnswer(
      { kind: "status", statusCode: 400, apiCode: 2004, message: "no" },
      undefined,
      "r3",
    );
    expect(answer.httpStatus).toBe(200);
    expect(answer.envelope).toMatchObject({ statusCode: 400, apiCode: 2004, message: "no", requestId: "r3" });
  });
});

describe("redirectAnswer", () => {
  it("sends the request's own path and query as Location unless the rule names one", () => {
    const url = new URL("http://x/api/v3/get-application?appId=a");
    expect(redirectAnswer({ kind: "redirect", status: 307 }, url, "r4")).toEqual({
      httpStatus: 307,
      envelope: {
        statusCode: 307,
        message: "moved (HTTP 307) to /api/v3/get-application?appId=a",
        requestId: "r4",
      },
      headers: { location: "/api/v3/get-application?appId=a" },
    });
    expect(
      redirectAnswer({ kind: "redirect", status: 301, location: "/elsewhere" }, url, "r5").headers,
    ).toEqual({
      location: "/elsewhere",
    });
  });
});

describe("rateLimitedAnswer", () => {
  const refusal = { admitted: false as const, userPoolId: "pool", retryAfterMs: 1500 };

  it("answers HTTP 429 naming the pool and the wait, with no apiCode", () => {
    expect(rateLimitedAnswer(refusal, false, "r6")).toEqual({
      httpStatus: 429,
      envelope: {
        statusCode: 429,
        message: "too many requests: user pool pool is over its rate limit; retry in 1500 ms",
        requestId: "r6",
      },
      headers: {},
    });
  });

  it("adds Retry-After in whole seconds only when asked for", () => {
    expect(rateLimitedAnswer(refusal, true, "r7").headers).toEqual({ "retry-after": "2" });
  });
});
