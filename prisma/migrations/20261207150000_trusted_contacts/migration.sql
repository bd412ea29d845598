-- CreateEnum
CREATE TYPE "TrustedContactStatus" AS ENUM ('invited', 'accepted', 'ended');

-- CreateEnum
CREATE TYPE "ContactRecoveryStatus" AS ENUM ('open', 'completed', 'cancelled', 'refused', 'expired');

-- AlterEnum
ALTER TYPE "EmailTokenPurpose" ADD VALUE 'cancel_recovery';
ALTER TYPE "EmailTokenPurpose" ADD VALUE 'undo_recovery';

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "contactThreshold" INTEGER,
ADD COLUMN     "recoverySetupDue" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "recoveryFreezeUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "session" ADD COLUMN     "secondFactorDue" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "trusted_contact" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "contactUserId" TEXT,
    "status" "TrustedContactStatus" NOT NULL DEFAULT 'invited',
    "invitedAt" TIMESTAMP(3) NOT NULL,
    "inviteExpiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "usableFrom" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "endReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trusted_contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_recovery" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT,
    "tokenHash" TEXT NOT NULL,
    "status" "ContactRecoveryStatus" NOT NULL DEFAULT 'open',
    "email" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "waitingUntil" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "failedCodes" INTEGER NOT NULL DEFAULT 0,
    "ip" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "contact_recovery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "relay_code" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "recoveryId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "codeHash" TEXT,
    "issuedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "usedAt" TIMESTAMP(3),
    "refusedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "relay_code_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "trusted_contact_ownerId_idx" ON "trusted_contact"("ownerId");

-- CreateIndex
CREATE INDEX "trusted_contact_contactUserId_idx" ON "trusted_contact"("contactUserId");

-- CreateIndex
CREATE INDEX "trusted_contact_tenantId_email_idx" ON "trusted_contact"("tenantId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "contact_recovery_tokenHash_key" ON "contact_recovery"("tokenHash");

-- CreateIndex
CREATE INDEX "contact_recovery_userId_status_idx" ON "contact_recovery"("userId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "relay_code_recoveryId_contactId_key" ON "relay_code"("recoveryId", "contactId");

-- AddForeignKey
ALTER TABLE "trusted_contact" ADD CONSTRAINT "trusted_contact_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trusted_contact" ADD CONSTRAINT "trusted_contact_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trusted_contact" ADD CONSTRAINT "trusted_contact_contactUserId_fkey" FOREIGN KEY ("contactUserId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_recovery" ADD CONSTRAINT "contact_recovery_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_recovery" ADD CONSTRAINT "contact_recovery_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "relay_code" ADD CONSTRAINT "relay_code_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "relay_code" ADD CONSTRAINT "relay_code_recoveryId_fkey" FOREIGN KEY ("recoveryId") REFERENCES "contact_recovery"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "relay_code" ADD CONSTRAINT "relay_code_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "trusted_contact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- At most one recovery attempt open per account (decoys, with no account, are not limited here).
CREATE UNIQUE INDEX "contact_recovery_one_open_per_user" ON "contact_recovery"("userId")
  WHERE "status" = 'open' AND "userId" IS NOT NULL;

-- An address is named at most once among an owner's live contacts.
CREATE UNIQUE INDEX "trusted_contact_one_live_per_email" ON "trusted_contact"("ownerId", "email")
  WHERE "status" IN ('invited', 'accepted');

-- Nobody vouches for themself, and an accepted contact has a person and a cooling-off end.
ALTER TABLE "trusted_contact" ADD CONSTRAINT "trusted_contact_not_self"
  CHECK ("contactUserId" IS NULL OR "contactUserId" <> "ownerId");
ALTER TABLE "trusted_contact" ADD CONSTRAINT "trusted_contact_accepted_is_bound"
  CHECK ("status" <> 'accepted' OR ("contactUserId" IS NOT NULL AND "acceptedAt" IS NOT NULL AND "usableFrom" IS NOT NULL));

-- One person fills one place: an account accepts at most one live invitation of the same owner.
CREATE UNIQUE INDEX "trusted_contact_one_place_per_person" ON "trusted_contact"("ownerId", "contactUserId")
  WHERE "status" = 'accepted';
