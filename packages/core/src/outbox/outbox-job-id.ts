import { createHash } from "node:crypto";

/**
 * The pg-boss job id of a message's delivery job, derived from the message id. pg-boss 10 inserts
 * jobs with ON CONFLICT DO NOTHING on the id, so dispatching a message that already has a job (the
 * sweep finding a message whose job waits for its next retry, a second dispatch after commit) is a
 * no-op instead of a second, concurrent delivery job. `singletonKey` alone does not deduplicate in
 * pg-boss 10's standard queue policy.
 */
export function outboxJobId(messageId: string): string {
  const bytes = createHash("sha256").update(`rekey.outbox:${messageId}`).digest().subarray(0, 16);
  // RFC 9562 version 8 (application-defined) with the standard variant, so it is a valid UUID.
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
