// Development data, run by `pnpm dev` after the migrations: the default tenant with a verified staff
// admin, a second tenant ("demo", hosted at /t/demo) to try the path-prefixed pages, and a third
// ("strict", at /t/strict) whose policy requires two-step verification and gives a recovery key. Safe to
// run again: every record is looked up before it is created, and nothing existing is changed.
//
// Usage (from packages/core): REKEY_SEED_ADMIN_PASSWORD=... DATABASE_URL=... tsx scripts/seed.ts
// Without REKEY_SEED_ADMIN_PASSWORD a new random password is made and printed (used only when the
// admin does not exist yet). `pnpm dev` passes the one kept in .data/dev-secrets.json.
import { randomBytes } from "node:crypto";
import { createAccount } from "../src/accounts/create-account";
import { normalizeEmail } from "../src/accounts/normalize-email";
import { systemRequestContext } from "../src/audit/request-context";
import { closeDb, getDb, type Db } from "../src/db";
import { verifyPassword } from "../src/passwords/hash-password";
import { createStaffMember } from "../src/staff/create-staff-member";
import { createTenant, type CreateTenantOptions } from "../src/tenants/create-tenant";
import { newId } from "../src/ids";

const adminEmail = "admin@rekey.localhost";

async function ensureTenant(db: Db, slug: string, name: string, policy?: CreateTenantOptions["policy"]) {
  const existing = await db.tenant.findUnique({ where: { slug }, select: { id: true } });
  if (existing) {
    console.log(`tenant ${slug}: already there`);
    return existing.id;
  }
  const tenant = await createTenant({ db, slug, name, policy });
  console.log(`tenant ${slug}: created ("${name}")`);
  return tenant.id;
}

async function ensureAdmin(db: Db, tenantId: string, password: string) {
  const email = normalizeEmail(adminEmail);
  const existing = await db.user.findUnique({
    where: { tenantId_email: { tenantId, email } },
    select: { id: true, passwordHash: true },
  });
  let userId: string;
  if (existing) {
    userId = existing.id;
    console.log(`user ${email}: already there`);
    // The password may have been changed in the app, or .data/dev-secrets.json made anew over an
    // old database: say so rather than print a password that does not work.
    if (!(await verifyPassword(existing.passwordHash, password))) {
      console.warn(
        `user ${email}: the password given to the seed no longer matches (changed in the app?). ` +
          "Use the password you set, or reset the development data with `rm -rf .data`.",
      );
    }
  } else {
    const user = await createAccount({
      db,
      tenantId,
      email,
      name: "Rekey Admin",
      password,
      emailVerified: true,
      context: systemRequestContext,
    });
    userId = user.id;
    console.log(`user ${email}: created (email verified)`);
  }
  const staff = await db.staffMember.findUnique({ where: { tenantId_userId: { tenantId, userId } }, select: { role: true } });
  if (staff) {
    console.log(`staff ${email}: already there (${staff.role})`);
  } else {
    await createStaffMember({ db, tenantId, userId, role: "admin" });
    console.log(`staff ${email}: created (admin)`);
  }
}

async function ensureUser(db: Db, tenantId: string, email: string, name: string, password: string): Promise<string> {
  const existing = await db.user.findUnique({ where: { tenantId_email: { tenantId, email } }, select: { id: true } });
  if (existing) return existing.id;
  const user = await createAccount({ db, tenantId, email, name, password, emailVerified: true, context: systemRequestContext });
  console.log(`user ${email}: created (email verified)`);
  return user.id;
}

/**
 * Three people in the demo tenant to try "ask my trusted contacts" by hand: Alex named Sam and
 * Robin, who accepted long enough ago that their cooling-off is over. Same password as the admin.
 */
async function ensureContactsDemo(db: Db, tenantId: string, password: string) {
  const alex = await ensureUser(db, tenantId, "alex@demo.localhost", "Alex Demo", password);
  const day = 24 * 60 * 60_000;
  for (const [email, name] of [
    ["sam@demo.localhost", "Sam Demo"],
    ["robin@demo.localhost", "Robin Demo"],
  ] as const) {
    const contactUserId = await ensureUser(db, tenantId, email, name, password);
    const existing = await db.trustedContact.findFirst({ where: { ownerId: alex, email, status: { in: ["invited", "accepted"] } }, select: { id: true } });
    if (existing) continue;
    const acceptedAt = new Date(Date.now() - 30 * day);
    await db.trustedContact.create({
      data: {
        id: newId("trustedContact"),
        tenantId,
        ownerId: alex,
        email,
        contactUserId,
        status: "accepted",
        invitedAt: acceptedAt,
        inviteExpiresAt: new Date(acceptedAt.getTime() + 14 * day),
        acceptedAt,
        usableFrom: new Date(acceptedAt.getTime() + 7 * day),
      },
    });
    console.log(`trusted contact: ${email} for alex@demo.localhost (accepted, can help)`);
  }
}

async function seed() {
  // Scripts are entry points like apps: this one reads its single input here, not through env.ts.
  const givenPassword = process.env.REKEY_SEED_ADMIN_PASSWORD;
  const password = givenPassword || `${randomBytes(15).toString("base64url")}`;
  const db = getDb();
  try {
    const defaultTenantId = await ensureTenant(db, "default", "Rekey");
    const demoTenantId = await ensureTenant(db, "demo", "Demo Co");
    // Enrolment is part of sign-up here, and recovery is one long key replaced at each use.
    await ensureTenant(db, "strict", "Strict Co", { factors: { requireSecondFactor: true }, recoveryCodes: { style: "key" } });
    await ensureAdmin(db, defaultTenantId, password);
    await ensureContactsDemo(db, demoTenantId, password);
    if (!givenPassword) console.log(`admin password (new, used only if the admin was created now): ${password}`);
  } finally {
    await closeDb();
  }
}

await seed();
