import { describe, expect, it } from "vitest";
import { describeUserAgent, deviceLabel } from "../../../src/sessions/describe-user-agent";

const chromeOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const safariOnIphone =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1";
const firefoxOnLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";

describe("describeUserAgent", () => {
  it.each([
    ["Chrome on Windows", chromeOnWindows, { browser: "Chrome 124", os: "Windows 10", deviceType: "desktop" }, "Chrome 124 on Windows 10"],
    ["Safari on iPhone", safariOnIphone, { browser: "Safari 17", os: "iOS 17.4.1", deviceType: "mobile" }, "Safari 17 on iOS 17.4.1"],
    ["Firefox on Linux", firefoxOnLinux, { browser: "Firefox 125", os: "Linux", deviceType: "desktop" }, "Firefox 125 on Linux"],
    ["an empty string", "", { browser: "Unknown browser", os: "Unknown system", deviceType: "unknown" }, "Unknown browser on Unknown system"],
    ["a command-line client", "curl/8.5.0", { browser: "Unknown browser", os: "Unknown system", deviceType: "desktop" }, "Unknown browser on Unknown system"],
  ])("describes %s", (_label, userAgent, description, label) => {
    expect(describeUserAgent(userAgent)).toEqual(description);
    expect(deviceLabel(userAgent)).toBe(label);
  });

  it("keeps only the major browser version (minor versions are noise on the devices page)", () => {
    expect(describeUserAgent(chromeOnWindows).browser).not.toContain("124.0");
  });
});
