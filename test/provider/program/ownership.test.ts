import { claimApplication } from "../../../provider/program/ownership";

describe("claimApplication", () => {
  it("refuses a second resource for the same app and host, naming both", () => {
    claimApplication("first", "own-app", "https://h.example");
    expect(() => claimApplication("second", "own-app", "https://h.example")).toThrow(
      /ApplicationSecret "second" and ApplicationSecret "first" both manage appId own-app on https:\/\/h\.example/,
    );
  });

  it("lets the same resource claim its app again (a program evaluated twice)", () => {
    claimApplication("again", "again-app", "https://h.example");
    expect(() => claimApplication("again", "again-app", "https://h.example")).not.toThrow();
  });

  it("allows the same app id on another host", () => {
    claimApplication("one", "multi-host-app", "https://a.example");
    expect(() => claimApplication("two", "multi-host-app", "https://b.example")).not.toThrow();
  });

  it.each([
    ["localhost for 127.0.0.1", "http://127.0.0.1:8787", "http://localhost:8787"],
    ["upper case and a trailing slash", "http://127.0.0.1:8787", "HTTP://127.0.0.1:8787/"],
    ["[::1] for localhost", "http://localhost:8787", "http://[::1]:8787"],
    ["surrounding whitespace and a trailing slash", "https://h.example", " https://h.example/ "],
    ["the default port", "https://h.example", "https://H.EXAMPLE:443"],
  ])("refuses the same app on the same host spelt with %s", (label, first, second) => {
    const appId = `spelling-${label.replace(/[^a-z]/g, "")}`;
    claimApplication("first", appId, first);
    expect(() => claimApplication("second", appId, second)).toThrow(
      `ApplicationSecret "second" and ApplicationSecret "first" both manage appId ${appId}`,
    );
  });

  it("names both spellings when they differ", () => {
    claimApplication("a", "two-spellings", "http://127.0.0.1:8787/");
    expect(() => claimApplication("b", "two-spellings", "http://localhost:8787")).toThrow(
      'ApplicationSecret "b" and ApplicationSecret "a" both manage appId two-spellings on http://localhost:8787 ' +
        '("a" spells it http://127.0.0.1:8787); they would rotate each other\'s secret.',
    );
  });

  it("shows an appId or host that is long or unprintable only by its length", () => {
    claimApplication("x", "\u001b[2J", "https://h.example");
    expect(() => claimApplication("y", "\u001b[2J", "https://h.example")).toThrow(
      /both manage appId "\\u001b\[2J" on https:\/\/h\.example;/,
    );
  });
});
