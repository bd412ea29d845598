import { randomBytes } from "node:crypto";
import type { Db } from "../../src/db/client";
import { enqueueEmail } from "../../src/outbox/enqueue-email";
import { createTenant } from "../../src/tenants/create-tenant";

/** Each test gets its own tenant: the database is shared by every test file of the run. */
export async function createTestTenant(db: Db) {
  const suffix = randomBytes(4).toString("hex");
  return createTenant({ db, slug: `outbox-${suffix}`, name: `Outbox ${suffix}` });
}

/** A mail shaped like a real one: a long single-use link whose query string QP-encoding would mangle. */
export function resetMail() {
  const token = randomBytes(32).toString("base64url");
  const link = `http://localhost:3000/reset-password?token=${token}&utm=mail`;
  const to = `user-${randomBytes(4).toString("hex")}@example.test`;
  return {
    to,
    token,
    link,
    subject: "Reset your Rekey password",
    text: `Someone asked to reset the password of your Rekey account.\n\nOpen this link within an hour to choose a new one:\n${link}\n\nIf this wasn't you, ignore this mail.`,
    html: `<p>Open <a href="${link}">this link</a> within an hour to choose a new password.</p>`,
  };
}

/** Writes the message the way product code does: inside the transaction of the causing event. */
export async function enqueueTestMail(db: Db, tenantId: string, mail: ReturnType<typeof resetMail>) {
  return db.$transaction((tx) =>
    enqueueEmail({ db: tx, tenantId, userId: null, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html }),
  );
}
