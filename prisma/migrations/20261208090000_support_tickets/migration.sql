-- Support-ticket recovery (issue 14): tickets and their thread, staff roles per tenant served,
-- the high-value flag, the staff idle limit on sessions and the support recovery link.
-- CreateEnum
CREATE TYPE "SupportTicketStatus" AS ENUM ('open', 'approved', 'denied', 'cancelled', 'completed', 'expired');

-- CreateEnum
CREATE TYPE "SupportEntryKind" AS ENUM ('message_from_person', 'message_to_person', 'note', 'recommend_approve', 'recommend_deny', 'approval', 'denial');

-- AlterEnum: the roles keep their rows, under the names the dashboard uses.
ALTER TYPE "StaffRole" RENAME VALUE 'support_agent' TO 'agent';
ALTER TYPE "StaffRole" RENAME VALUE 'support_lead' TO 'lead';

-- AlterEnum
ALTER TYPE "EmailTokenPurpose" ADD VALUE 'support_recovery';

-- DropIndex
DROP INDEX "staff_member_userId_key";

-- DropIndex
DROP INDEX "staff_member_tenantId_idx";

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "highValue" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "session" ADD COLUMN     "idleMinutes" INTEGER;

-- CreateTable
CREATE TABLE "support_ticket" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT,
    "reference" TEXT NOT NULL,
    "statusTokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "replyEmail" TEXT,
    "evidence" JSONB NOT NULL,
    "riskSignals" JSONB NOT NULL DEFAULT '{}',
    "risky" BOOLEAN NOT NULL DEFAULT false,
    "needsSecondApprover" BOOLEAN NOT NULL DEFAULT false,
    "status" "SupportTicketStatus" NOT NULL DEFAULT 'open',
    "waitingUntil" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "firstApproverId" TEXT,
    "firstApprovedAt" TIMESTAMP(3),
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "linkSentTo" TEXT,
    "endedAt" TIMESTAMP(3),
    "endReason" TEXT,
    "ip" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "support_ticket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "support_ticket_entry" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "ticketId" TEXT NOT NULL,
    "kind" "SupportEntryKind" NOT NULL,
    "staffUserId" TEXT,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "support_ticket_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "support_ticket_reference_key" ON "support_ticket"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "support_ticket_statusTokenHash_key" ON "support_ticket"("statusTokenHash");

-- CreateIndex
CREATE INDEX "support_ticket_tenantId_status_waitingUntil_idx" ON "support_ticket"("tenantId", "status", "waitingUntil");

-- CreateIndex
CREATE INDEX "support_ticket_userId_status_idx" ON "support_ticket"("userId", "status");

-- CreateIndex
CREATE INDEX "support_ticket_entry_ticketId_createdAt_idx" ON "support_ticket_entry"("ticketId", "createdAt");

-- CreateIndex
CREATE INDEX "staff_member_userId_idx" ON "staff_member"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "staff_member_tenantId_userId_key" ON "staff_member"("tenantId", "userId");

-- AddForeignKey
ALTER TABLE "support_ticket" ADD CONSTRAINT "support_ticket_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_ticket" ADD CONSTRAINT "support_ticket_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_ticket_entry" ADD CONSTRAINT "support_ticket_entry_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_ticket_entry" ADD CONSTRAINT "support_ticket_entry_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "support_ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- One live request per account: a second one made meanwhile is a decoy (open-support-ticket.ts).
CREATE UNIQUE INDEX "support_ticket_one_live_per_user" ON "support_ticket"("userId")
  WHERE "status" IN ('open', 'approved') AND "userId" IS NOT NULL;
