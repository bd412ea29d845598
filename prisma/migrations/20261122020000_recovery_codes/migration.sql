-- CreateEnum
CREATE TYPE "RecoveryCodeStyle" AS ENUM ('set', 'key');

-- AlterTable
ALTER TABLE "session" ADD COLUMN     "recoveryCodesDue" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "factor" ADD COLUMN     "verifiedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "recovery_code_set" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "style" "RecoveryCodeStyle" NOT NULL,
    "salt" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedAt" TIMESTAMP(3),
    "replacedAt" TIMESTAMP(3),

    CONSTRAINT "recovery_code_set_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recovery_code" (
    "id" TEXT NOT NULL,
    "setId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "usedIp" TEXT,
    "usedUserAgent" TEXT,
    "usedHint" TEXT,

    CONSTRAINT "recovery_code_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "recovery_code_set_userId_idx" ON "recovery_code_set"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "recovery_code_setId_codeHash_key" ON "recovery_code"("setId", "codeHash");

-- AddForeignKey
ALTER TABLE "recovery_code_set" ADD CONSTRAINT "recovery_code_set_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recovery_code_set" ADD CONSTRAINT "recovery_code_set_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recovery_code" ADD CONSTRAINT "recovery_code_setId_fkey" FOREIGN KEY ("setId") REFERENCES "recovery_code_set"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- At most one working set per user, and at most one waiting to be confirmed (S21, S23).
CREATE UNIQUE INDEX "recovery_code_set_one_active_per_user" ON "recovery_code_set"("userId")
  WHERE "confirmedAt" IS NOT NULL AND "replacedAt" IS NULL;
CREATE UNIQUE INDEX "recovery_code_set_one_pending_per_user" ON "recovery_code_set"("userId")
  WHERE "confirmedAt" IS NULL AND "replacedAt" IS NULL;

-- A factor waiting for its recovery codes is verified but not yet active.
ALTER TABLE "factor" ADD CONSTRAINT "factor_verified_before_active"
  CHECK ("verifiedAt" IS NULL OR "activatedAt" IS NULL OR "verifiedAt" <= "activatedAt");
