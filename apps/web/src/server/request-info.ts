import "server-only";
import { env } from "./env";

// Where a request came from, for audit events, the device list and per-IP rate limits.
//
// Next's own server fills X-Forwarded-For with the socket address only when the header is
// missing, so without a proxy in front the header may be whatever the client typed. Hence:
// - TRUST_PROXY=1 (exactly one reverse proxy in front, appending to or replacing
//   X-Forwarded-For): the last X-Forwarded-For entry, the address the proxy itself saw. Entries to
//   its left came from the client and are not believed; nor is X-Real-IP, which a proxy that does
//   not set it passes through from the client unchanged.
// - otherwise: "unknown". Per-IP limits then act as one shared bucket; per-account limits
//   (the ones that stop password guessing) are unaffected.

type HeaderSource = { get(name: string): string | null };

const MAX_USER_AGENT_LENGTH = 512;

export function clientIp(headers: HeaderSource): string {
  if (!env().TRUST_PROXY) return "unknown";
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last ? last.slice(0, 64) : "unknown";
}

export function userAgent(headers: HeaderSource): string {
  return (headers.get("user-agent") ?? "").slice(0, MAX_USER_AGENT_LENGTH);
}

export function requestInfo(headers: HeaderSource): { ip: string; userAgent: string } {
  return { ip: clientIp(headers), userAgent: userAgent(headers) };
}
