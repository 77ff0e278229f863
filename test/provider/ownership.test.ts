import { claimApplication } from "../../provider/ownership";

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
});
