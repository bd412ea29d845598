// Development data, run by `pnpm dev` after the migrations: the default tenant with a verified staff
// admin, a second tenant ("demo", hosted at /t/demo) to try the path-prefixed pages, and a third
// ("strict", at /t/strict) whose policy requires two-step verification and gives a recovery key. Safe to
// run again: every record is looked up before it is created, and nothing existing is changed.
//
// Usage (from packages/core): REKEY_SEED_ADMIN_PASSWORD=... DATABASE_URL=... tsx scripts/seed.ts
// Without REKEY_SEED_ADMIN_PASSWORD a new random password is made and printed (used only when the
// admin does not exist yet). `pnpm dev` passes the one kept in .data/dev-secrets.json, and
// REKEY_SEED_STAFF_TOTP_SECRET (base32): the staff accounts then get an authenticator app with
// that key, so the support dashboard (which needs one) can be tried at once with
// `oathtool --totp -b <key>`. Without it (the e2e run) staff have a password only.
import { randomBytes } from "node:crypto";
import { createAccount } from "../src/accounts/create-account";
import { normalizeEmail } from "../src/accounts/normalize-email";
import { systemRequestContext } from "../src/audit/request-context";
import { closeDb, getDb, type Db } from "../src/db";
import { verifyPassword } from "../src/passwords/hash-password";
import { createStaffMember } from "../src/staff/create-staff-member";
import { createTenant, type CreateTenantOptions } from "../src/tenants/create-tenant";
import { newId } from "../src/ids";
import { hashToken } from "../src/crypto/tokens";
import { Secret } from "otpauth";
import { sealTotpSeed } from "../src/factors/totp/totp-seed";
import { openSupportTicket } from "../src/support/open-support-ticket";
import { denySupportTicket } from "../src/support/deny-support-ticket";
import { reviewSupportTicket } from "../src/support/review-support-ticket";
import { findStaffMemberships } from "../src/staff/staff-access";
import { getTenantBySlug } from "../src/tenants/get-tenant-by-slug";
import { hours } from "../src/clock";
import type { StaffRole } from "../src/generated/prisma/client";
import { apiKeyPrefix, parseApiKey } from "../src/api-keys/api-key-format";
import { apiKeyScopes } from "../src/api-keys/api-key-scopes";
import { recordAuditEvent } from "../src/audit/record-audit-event";
import { setReturnOrigins } from "../src/tenants/set-return-origins";

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
    if (!(await verifyPassword(existing.passwordHash, password)).isCorrect) {
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

/** A staff account of the default tenant with a role in each tenant given, and the dev authenticator app if one is given. */
async function ensureStaff(db: Db, homeTenantId: string, email: string, name: string, roles: { tenantId: string; role: StaffRole }[], password: string, totpSecret: string | undefined) {
  const userId = await ensureUser(db, homeTenantId, email, name, password);
  for (const { tenantId, role } of roles) {
    const existing = await db.staffMember.findUnique({ where: { tenantId_userId: { tenantId, userId } }, select: { id: true } });
    if (existing) continue;
    await createStaffMember({ db, tenantId, userId, role });
    console.log(`staff ${email}: ${role}`);
  }
  if (totpSecret) await ensureDevAuthenticator(db, homeTenantId, userId, email, totpSecret);
  return userId;
}

async function ensureDevAuthenticator(db: Db, tenantId: string, userId: string, email: string, base32: string) {
  const existing = await db.factor.count({ where: { userId, type: "totp", activatedAt: { not: null } } });
  if (existing > 0) return;
  const seed = Secret.fromBase32(base32).bytes;
  await db.factor.create({
    // Added "two days ago": a staff account's newest method opens the dashboard only after a day.
    data: { id: newId("factor"), tenantId, userId, type: "totp", name: "Dev authenticator", totpSealedSecret: sealTotpSeed(seed), activatedAt: new Date(Date.now() - 2 * 24 * 60 * 60_000) },
  });
  console.log(`staff ${email}: authenticator app added (the dev key)`);
}

/**
 * A few support requests in the demo tenant, in different states, so the dashboard has something
 * to show: made through core as a person would (their notices land in the dev mail viewer), with a
 * clock set back so some waiting periods have run.
 */
async function ensureSupportDemo(db: Db, password: string, leadUserId: string, agentUserId: string) {
  const tenant = await getTenantBySlug({ db, slug: "demo" });
  const context = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1" };
  const asStaff = async (userId: string) => {
    const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
    return { userId, ...user, memberships: await findStaffMemberships(db, userId) };
  };
  const requests = [
    { email: "kim@demo.localhost", name: "Kim Demo", hoursAgo: 80, signedInFromHere: true, story: "My phone was stolen on the train with my authenticator app on it, and my recovery codes were in a note on that phone." },
    { email: "lee@demo.localhost", name: "Lee Demo", hoursAgo: 75, story: "I reset my laptop and lost the security key the same week. I still know my password.", twoStep: true },
    { email: "pat@demo.localhost", name: "Pat Demo", hoursAgo: 5, signedInFromHere: true, story: "I changed phones and did not move my authenticator app. I never saved the recovery codes." },
    { email: "jo@demo.localhost", name: "Jo Demo", hoursAgo: 30, story: "Please give me access, it is urgent, I am the owner.", deny: true },
  ];
  for (const request of requests) {
    const userId = await ensureUser(db, tenant.id, request.email, request.name, password);
    if ((await db.supportTicket.count({ where: { userId } })) > 0) continue;
    if (request.twoStep) {
      await db.factor.create({ data: { id: newId("factor"), tenantId: tenant.id, userId, type: "totp", name: "Authenticator app", totpSealedSecret: sealTotpSeed(randomBytes(20)), activatedAt: new Date() } });
    }
    const openedAt = new Date(Date.now() - hours(request.hoursAgo));
    if (request.signedInFromHere) {
      // An earlier sign-in from the request's network (ended since): without one, every seeded
      // request comes from a new device and a new network, which alone makes it risky, and the
      // demo would have no request one lead can approve.
      const signedInAt = new Date(openedAt.getTime() - hours(24 * 10));
      await db.session.create({
        data: {
          id: newId("session"),
          tenantId: tenant.id,
          userId,
          tokenHash: hashToken(randomBytes(32).toString("base64url")),
          ip: context.ip,
          userAgent: context.userAgent,
          createdAt: signedInAt,
          lastSeenAt: signedInAt,
          authenticatedAt: signedInAt,
          expiresAt: new Date(signedInAt.getTime() + hours(24)),
          revokedAt: new Date(signedInAt.getTime() + hours(1)),
          revokeReason: "signed_out",
        },
      });
    }
    const opened = await openSupportTicket({
      db,
      tenant,
      email: request.email,
      whatHappened: request.story,
      lastSignIn: "About a week ago",
      devicesAndPlaces: "An iPhone and a work laptop, mostly from Lyon",
      answers: [],
      replyEmail: null,
      deviceToken: null,
      context,
      clock: { now: () => openedAt },
    });
    const ticket = await db.supportTicket.findUniqueOrThrow({ where: { reference: opened.reference }, select: { id: true } });
    if (request.deny) {
      await reviewSupportTicket({ db, staff: await asStaff(agentUserId), ticketId: ticket.id, kind: "recommend_deny", reason: "No detail an owner would know; pushes for urgency.", context: systemRequestContext });
      await denySupportTicket({
        db,
        staff: await asStaff(leadUserId),
        ticketId: ticket.id,
        reason: "Evidence does not match the account's history.",
        explanation: "What you told us does not match this account's history, so we cannot hand it over. If it is yours, sign in with any method you still have.",
        context: systemRequestContext,
      });
    }
    console.log(`support request ${opened.reference}: ${request.email}`);
  }
}

/** Where the example tenant app (examples/tenant-app) runs by default. */
const exampleAppOrigin = "http://localhost:4000";

/**
 * The demo tenant's API key for the example app: the key itself is kept in .data/dev-secrets.json
 * (REKEY_SEED_DEMO_API_KEY), the database holds its hash only, as for any key. Found by that hash,
 * so each run adds it at most once. The example app's origin becomes one the hosted sign-in may
 * return to (added to the list, never replacing it).
 */
async function ensureDemoApiKey(db: Db, tenantId: string, adminUserId: string, key: string) {
  if (!parseApiKey(key)) throw new Error("REKEY_SEED_DEMO_API_KEY is not a well-formed tenant API key (rky_test_...); delete demoApiKey from .data/dev-secrets.json to make a new one");
  const secretHash = hashToken(key);
  if (await db.apiKey.findUnique({ where: { secretHash }, select: { id: true } })) {
    console.log(`api key ${apiKeyPrefix(key)}: already there (demo)`);
  } else {
    const id = newId("apiKey");
    const name = "Example app (pnpm dev)";
    await db.$transaction(async (tx) => {
      await tx.apiKey.create({
        data: { id, tenantId, name, environment: "test", prefix: apiKeyPrefix(key), secretHash, scopes: [...apiKeyScopes], createdById: adminUserId },
      });
      await recordAuditEvent({
        db: tx,
        tenantId,
        userId: null,
        actor: { type: "staff", id: adminUserId },
        type: "api_key.created",
        context: systemRequestContext,
        data: { apiKeyId: id, name, prefix: apiKeyPrefix(key), environment: "test", scopes: [...apiKeyScopes], expiresAt: null },
      });
    });
    console.log(`api key ${apiKeyPrefix(key)}: created (demo, every scope)`);
  }
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { slug: true } });
  const { policy } = await getTenantBySlug({ db, slug: tenant.slug });
  if (!policy.api.returnOrigins.includes(exampleAppOrigin)) {
    const admin = await db.user.findUniqueOrThrow({ where: { id: adminUserId }, select: { email: true, name: true } });
    const staff = { userId: adminUserId, ...admin, memberships: await findStaffMemberships(db, adminUserId) };
    await setReturnOrigins({ db, staff, tenantId, origins: [...policy.api.returnOrigins, exampleAppOrigin], context: systemRequestContext });
    console.log(`tenant demo: sign-in may return to ${exampleAppOrigin}`);
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
    const totpSecret = process.env.REKEY_SEED_STAFF_TOTP_SECRET || undefined;
    const everyTenant = (role: StaffRole) => [{ tenantId: defaultTenantId, role }, { tenantId: demoTenantId, role }];
    const agent = await ensureStaff(db, defaultTenantId, "agent@rekey.localhost", "Ada Agent", everyTenant("agent"), password, totpSecret);
    const lead = await ensureStaff(db, defaultTenantId, "lead@rekey.localhost", "Lou Lead", everyTenant("lead"), password, totpSecret);
    await ensureStaff(db, defaultTenantId, "lead2@rekey.localhost", "Lin Lead", everyTenant("lead"), password, totpSecret);
    const admin = await db.user.findUniqueOrThrow({ where: { tenantId_email: { tenantId: defaultTenantId, email: adminEmail } }, select: { id: true } });
    if (!(await db.staffMember.findUnique({ where: { tenantId_userId: { tenantId: demoTenantId, userId: admin.id } } }))) {
      await createStaffMember({ db, tenantId: demoTenantId, userId: admin.id, role: "admin" });
    }
    if (totpSecret) await ensureDevAuthenticator(db, defaultTenantId, admin.id, adminEmail, totpSecret);
    await ensureSupportDemo(db, password, lead, agent);
    const demoApiKey = process.env.REKEY_SEED_DEMO_API_KEY;
    if (demoApiKey) await ensureDemoApiKey(db, demoTenantId, admin.id, demoApiKey);
    if (!givenPassword) console.log(`admin password (new, used only if the admin was created now): ${password}`);
  } finally {
    await closeDb();
  }
}

await seed();
