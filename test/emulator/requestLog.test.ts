import { REQUEST_LOG_LIMIT, RequestLog } from "../../emulator/requestLog";

describe("RequestLog", () => {
  it("keeps only the last REQUEST_LOG_LIMIT requests and returns the last n oldest first", () => {
    const log = new RequestLog();
    for (let i = 0; i < REQUEST_LOG_LIMIT + 1; i++) {
      log.record({
        operation: "unknown",
        method: "GET",
        path: "/",
        authScheme: "none",
        requestId: `r${i}`,
      });
    }
    expect(log.last()).toHaveLength(REQUEST_LOG_LIMIT);
    expect(log.last(2).map((entry) => entry.requestId)).toEqual([
      `r${REQUEST_LOG_LIMIT - 1}`,
      `r${REQUEST_LOG_LIMIT}`,
    ]);
    expect(log.last(0)).toEqual([]);
  });
});
