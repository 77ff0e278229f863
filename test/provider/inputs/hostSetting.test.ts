import {
  DEFAULT_HOST,
  hostProblem,
  metadataReason,
  resolveHost,
  sameHostKey,
} from "../../../provider/inputs/hostSetting";

describe("resolveHost", () => {
  it.each([
    ["https://h.example", "https://h.example"],
    [" https://h.example/ ", "https://h.example"],
    ["HTTPS://H.Example:443//", "https://h.example"],
    ["http://127.0.0.1:80/", "http://127.0.0.1"],
    ["HTTP://127.0.0.1:8787/", "http://127.0.0.1:8787"],
    ["https://h.example:8443/base/", "https://h.example:8443/base"],
    ["http://[0:0:0:0:0:0:0:1]:9", "http://[::1]:9"],
    [DEFAULT_HOST, DEFAULT_HOST],
  ])("resolves %j to %s", (raw, resolved) => {
    expect(resolveHost(raw)).toBe(resolved);
  });

  it("leaves a value check refuses trimmed, without trailing slashes", () => {
    expect(resolveHost(" genauth.example.com/ ")).toBe("genauth.example.com");
  });
});

describe("sameHostKey", () => {
  it("is one key for every spelling of one loopback origin", () => {
    const spellings = [
      "http://127.0.0.1:8787",
      "http://localhost:8787",
      "HTTP://127.0.0.1:8787/",
      "http://LOCALHOST:8787//",
      " http://[::1]:8787 ",
      "http://127.1.2.3:8787",
    ];
    expect(new Set(spellings.map(sameHostKey)).size).toBe(1);
  });

  it("keeps apart what differs: port, scheme, host, path", () => {
    const hosts = [
      "http://localhost:8787",
      "http://localhost:8788",
      "https://localhost:8787",
      "https://a.example",
      "https://b.example",
      "https://a.example/base",
    ];
    expect(new Set(hosts.map(sameHostKey)).size).toBe(hosts.length);
  });

  it("treats the default port as no port", () => {
    expect(sameHostKey("https://h.example:443")).toBe(sameHostKey("https://h.example"));
    expect(sameHostKey("http://localhost:80")).toBe(sameHostKey("http://127.0.0.1"));
  });
});

describe("metadataReason", () => {
  it.each([
    "169.254.169.254",
    "169.254.0.1",
    "[fd00:ec2::254]",
    "[fe80::1]",
    "[::ffff:a9fe:a9fe]",
    "100.100.100.200",
    "metadata.google.internal",
    "metadata.google.internal.",
    "metadata.google.internal..",
    "metadata",
    "instance-data.ec2.internal",
    "[::a9fe:a9fe]", // IPv4-compatible ::169.254.169.254
    "[::ffff:0:a9fe:a9fe]", // IPv4-translated
    "[64:ff9b::a9fe:a9fe]", // NAT64
    "[64:ff9b:1::a9fe:a9fe]", // local-use NAT64
    "[::ffff:6464:64c8]", // 100.100.100.200, mapped
  ])("names %s a metadata endpoint", (hostname) => {
    expect(metadataReason(hostname)).toBeDefined();
  });

  it.each([
    "api.genauth.ai",
    "169.255.169.254",
    "10.0.0.1",
    "[::1]",
    "localhost",
    "metadata.example.com",
    "[2001:db8::a9fe:a9fe]",
    "[64:ff9b::a00:1]",
  ])("lets %s through", (hostname) => {
    expect(metadataReason(hostname)).toBeUndefined();
  });
});

describe("hostProblem", () => {
  it("refuses metadata endpoints in any spelling the URL parser normalises", () => {
    for (const raw of [
      "http://0xa9fea9fe",
      "https://169.254.169.254.",
      "https://[FD00:EC2:0::254]:443/",
      "https://METADATA.GOOGLE.INTERNAL..",
      "https://[::169.254.169.254]",
      "https://[::ffff:0:a9fe:a9fe]",
      "https://[64:ff9b::a9fe:a9fe]",
    ]) {
      expect(hostProblem(raw)).toMatch(/not GenAuth; the key pair must never be sent there/);
    }
  });

  it("does not quote a long value", () => {
    const raw = `ftp://${"a".repeat(300)}.example`;
    expect(hostProblem(raw)).toMatch(/^a value of 314 characters must be an http\(s\) URL/);
  });
});
