import { describe, expect, it } from "vitest";
import superjson from "superjson";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser, findMessagesTo, tokenFromMessage } from "@rekey/core/testing";
import { open } from "../../core/src/crypto/secret-box";
import { callerFor } from "./support";
import { makeStaff } from "./staff-fixtures";
import { endTicketWait, realTicket } from "./support-fixtures";

// S26: staff cannot see secrets. Everything every staff procedure shows (the queue, the ticket
// page, the user view, the team, the log, the policy, the gate) and the person's status page are scanned for the account's password hash, any token hash, the TOTP
// secret, the status token and the recovery link's token.

describe("secrets in what the desk and the status page answer", () => {
  it("shows none of the account's or the ticket's secrets, before and after approval", async () => {
    const home = await createTestTenant();
    const tenant = await createTestTenant({ support: { secondApprover: "risky" } });
    const owner = await createTestUser(tenant.id, { name: "Olive Owner" });
    const ticket = await realTicket(tenant, owner.email, { replyEmail: "olive.elsewhere@example.test" });
    await endTicketWait(ticket.ticketId);
    const [first, second] = [await makeStaff({ tenantId: tenant.id, role: "lead", homeTenantId: home.id }), await makeStaff({ tenantId: tenant.id, role: "lead", homeTenantId: home.id })];
    await first.caller.desk.review({ ticketId: ticket.ticketId, kind: "note", reason: "Called the number on file" });
    await first.caller.desk.approve({ ticketId: ticket.ticketId, reason: "Evidence matches" });
    await second.caller.desk.approve({ ticketId: ticket.ticketId, reason: "Evidence matches" });
    const admin = await makeStaff({ tenantId: tenant.id, role: "admin", homeTenantId: home.id });
    const linkToken = tokenFromMessage((await findMessagesTo(tenant.id, owner.email)).find((m) => m.subject.includes("recovery was approved"))!);

    const db = getDb();
    const user = await db.user.findUniqueOrThrow({ where: { id: owner.id }, omit: { passwordHash: false } });
    const row = await db.supportTicket.findUniqueOrThrow({ where: { id: ticket.ticketId } });
    const tokens = await db.emailToken.findMany({ where: { tenantId: tenant.id }, select: { tokenHash: true } });
    const staffFactors = await db.factor.findMany({ where: { userId: { in: [first.userId, second.userId, admin.userId] } }, omit: { totpSealedSecret: false } });
    const sessions = await db.session.findMany({ where: { userId: { in: [owner.id, first.userId, admin.userId] } }, select: { tokenHash: true } });
    const secrets = [
      user.passwordHash,
      row.statusTokenHash,
      ticket.statusToken,
      linkToken,
      ...tokens.map((t) => t.tokenHash),
      ...staffFactors.flatMap((f) => (f.totpSealedSecret ? [f.totpSealedSecret, open(f.totpSealedSecret)] : [])),
      ...sessions.map((s) => s.tokenHash),
      first.sessionToken,
      admin.sessionToken,
    ];
    expect(secrets.length).toBeGreaterThan(6);

    const answers = [
      await first.caller.desk.queue({ filter: "all" }),
      await first.caller.desk.queue({ filter: "approved" }),
      await first.caller.desk.ticket({ ticketId: ticket.ticketId }),
      await (await callerFor(tenant)).support.status({ statusToken: ticket.statusToken }),
      await admin.caller.staff.me(),
      await admin.caller.staff.members({ tenantId: tenant.id }),
      await admin.caller.staff.user({ userId: owner.id, reason: "Checking the request's account" }),
      await admin.caller.staff.actions({}),
      await admin.caller.staff.policy({ tenantId: tenant.id }),
    ];
    expect((answers[2] as { state: string }).state).toBe("approved");
    const seen = answers.map((answer) => superjson.stringify(answer)).join("\n");
    for (const secret of secrets) expect(seen).not.toContain(secret);
    expect(seen).not.toMatch(/passwordHash|tokenHash|statusTokenHash|totpSealedSecret|sealed/i);
  });
});
