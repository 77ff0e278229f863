import { parseSignatureDate, sign, stringToSign } from "../../emulator/signature";
import { authorizationHeader } from "./support";

/** The headers of the documented test vectors (docs/genauth-api.md, "AK/SK request signature"). */
const VECTOR_HEADERS = {
  date: "Mon, 01 Jan 2024 00:00:00 GMT",
  "x-authing-signature-nonce": "0123456789abcdef0123456789abcdef",
  "x-authing-signature-method": "HMAC-SHA1",
  "x-authing-signature-version": "1.0",
  "x-authing-sdk-version": "authing-node-sdk:4.0.1",
  "x-authing-lang": "zh-CN",
};
const APP_ID = "6229ffaxxxxxxxxcade3e3d9";

/**
 * The same request in the GenAuth dialect: the headers renamed to x-genauth-*, the GenAuth SDK's
 * version. Its expected values were computed by the documented rule with Python's hmac module, not
 * with this code: the rule was first checked to give the documented authing vectors there too.
 */
const GENAUTH_VECTOR_HEADERS = {
  date: "Mon, 01 Jan 2024 00:00:00 GMT",
  "x-genauth-signature-nonce": "0123456789abcdef0123456789abcdef",
  "x-genauth-signature-method": "HMAC-SHA1",
  "x-genauth-signature-version": "1.0",
  "x-genauth-sdk-version": "gen-auth-node-sdk:1.0.0",
  "x-genauth-lang": "zh-CN",
};

describe("signature, genauth dialect", () => {
  it("signs the x-genauth-* headers of the POST refresh-application-secret vector with the GenAuth scheme word", () => {
    const text = stringToSign(
      "POST",
      "/api/v3/refresh-application-secret",
      GENAUTH_VECTOR_HEADERS,
      { appId: APP_ID },
      "genauth",
    );
    expect(authorizationHeader("AKID123", "SKSECRET", text, "genauth")).toBe(
      "GenAuth AKID123:9mWhWii45F+SX9mF5iDNM8R53Lk=",
    );
  });

  it("signs the GET get-application vector", () => {
    const text = stringToSign(
      "GET",
      "/api/v3/get-application",
      GENAUTH_VECTOR_HEADERS,
      { appId: APP_ID },
      "genauth",
    );
    expect(authorizationHeader("AKID123", "SKSECRET", text, "genauth")).toBe(
      "GenAuth AKID123:XZ3NbLAkBewQTBLLpKAJRABoVKI=",
    );
  });

  it("signs only its own dialect's headers: x-authing-* ones are left out, and the other way round", () => {
    const mixed = { date: "D", "x-authing-lang": "a", "x-genauth-lang": "g" };
    expect(stringToSign("GET", "/p", mixed, {}, "genauth")).toBe("GET\ndate:D\nx-genauth-lang:g\n/p");
    expect(stringToSign("GET", "/p", mixed, {}, "authing")).toBe("GET\ndate:D\nx-authing-lang:a\n/p");
  });
});

describe("parseSignatureDate", () => {
  it("reads an RFC 1123 date and Unix milliseconds alike", () => {
    expect(parseSignatureDate("Mon, 01 Jan 2024 00:00:00 GMT")).toBe(Date.UTC(2024, 0, 1));
    expect(parseSignatureDate("1704067200000")).toBe(Date.UTC(2024, 0, 1));
    expect(parseSignatureDate(" 1704067200000 ")).toBe(Date.UTC(2024, 0, 1));
  });

  it("refuses what is neither", () => {
    expect(parseSignatureDate("yesterday-ish")).toBeUndefined();
    expect(parseSignatureDate("")).toBeUndefined();
  });
});

describe("signature", () => {
  it("reproduces the documented POST refresh-application-secret vector", () => {
    const text = stringToSign("POST", "/api/v3/refresh-application-secret", VECTOR_HEADERS, {
      appId: APP_ID,
    });
    expect(authorizationHeader("AKID123", "SKSECRET", text)).toBe(
      "authing AKID123:6+PdysAIGLdxHe15nY0qXBAamd0=",
    );
  });

  it("reproduces the documented GET get-application vector", () => {
    const text = stringToSign("GET", "/api/v3/get-application", VECTOR_HEADERS, { appId: APP_ID });
    expect(authorizationHeader("AKID123", "SKSECRET", text)).toBe(
      "authing AKID123:cKyhYom9m3p1T0JOVuVF9uCjgCY=",
    );
  });

  it("lists the method, the sorted x-authing-* and date headers, then the path with sorted pairs", () => {
    const text = stringToSign(
      "GET",
      "/api/v3/list-applications",
      { "x-authing-lang": " en-US\t", date: "D", accept: "application/json", "user-agent": "ua" },
      { page: 1, limit: 10, keywords: undefined, filter: { a: [1] } },
    );
    expect(text).toBe(
      'GET\ndate:D\nx-authing-lang:en-US\n/api/v3/list-applications?filter={"a":[1]}&limit=10&page=1',
    );
  });

  it("signs the bare path when there are no pairs", () => {
    expect(stringToSign("POST", "/p", {}, {})).toBe("POST\n/p");
  });

  it("joins a repeated header's values with a comma", () => {
    expect(stringToSign("GET", "/p", { "x-authing-x": ["a", "b"] }, {})).toBe("GET\nx-authing-x:a, b\n/p");
  });

  it("returns the base64 HMAC-SHA1 of the text under the secret", () => {
    expect(sign("key", "text")).toBe("Np4pWetJRQM4shJ0j3fY3tdIR7s=");
  });
});
