import Bowser from "bowser";

export type DeviceDescription = { browser: string; os: string; deviceType: string };

export function describeUserAgent(userAgent: string): DeviceDescription {
  if (!userAgent) return { browser: "Unknown browser", os: "Unknown system", deviceType: "unknown" };
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split(".")[0]].filter(Boolean).join(" ") || "Unknown browser";
  const os = [parsed.os.name, parsed.os.versionName ?? parsed.os.version].filter(Boolean).join(" ") || "Unknown system";
  return { browser, os, deviceType: parsed.platform.type ?? "desktop" };
}

export function deviceLabel(userAgent: string): string {
  const { browser, os } = describeUserAgent(userAgent);
  return `${browser} on ${os}`;
}
