-- CreateEnum
CREATE TYPE "FactorType" AS ENUM ('totp', 'sms', 'webauthn');

-- CreateEnum
CREATE TYPE "OneTimeCodePurpose" AS ENUM ('sign_in', 'enrol', 'step_up');

-- CreateEnum
CREATE TYPE "WebAuthnCeremony" AS ENUM ('register', 'authenticate');

-- AlterEnum
ALTER TYPE "EmailTokenPurpose" ADD VALUE 'not_me';

-- AlterTable
ALTER TABLE "session" ADD COLUMN     "authenticatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "deviceId" TEXT,
ADD COLUMN     "methods" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "factor" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "type" "FactorType" NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "totpSealedSecret" TEXT,
    "totpLastStep" BIGINT,
    "phoneE164" TEXT,
    "credentialId" TEXT,
    "credentialPublicKey" BYTEA,
    "signCount" BIGINT,
    "transports" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "aaguid" TEXT,
    "isPasskey" BOOLEAN NOT NULL DEFAULT false,
    "isBackedUp" BOOLEAN,

    CONSTRAINT "factor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_challenge" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "methods" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "sign_in_challenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "one_time_code" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "factorId" TEXT NOT NULL,
    "purpose" "OneTimeCodePurpose" NOT NULL,
    "challengeId" TEXT,
    "sessionId" TEXT,
    "codeHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "one_time_code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webauthn_challenge" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT,
    "ceremony" "WebAuthnCeremony" NOT NULL,
    "challenge" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "webauthn_challenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL DEFAULT '',
    "ip" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "trustedUntil" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "device_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "factor_credentialId_key" ON "factor"("credentialId");

-- CreateIndex
CREATE INDEX "factor_userId_type_idx" ON "factor"("userId", "type");

-- CreateIndex
CREATE UNIQUE INDEX "sign_in_challenge_tokenHash_key" ON "sign_in_challenge"("tokenHash");

-- CreateIndex
CREATE INDEX "sign_in_challenge_userId_idx" ON "sign_in_challenge"("userId");

-- CreateIndex
CREATE INDEX "one_time_code_factorId_createdAt_idx" ON "one_time_code"("factorId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "webauthn_challenge_challenge_key" ON "webauthn_challenge"("challenge");

-- CreateIndex
CREATE UNIQUE INDEX "device_tokenHash_key" ON "device"("tokenHash");

-- CreateIndex
CREATE INDEX "device_userId_idx" ON "device"("userId");

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "device"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "factor" ADD CONSTRAINT "factor_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "factor" ADD CONSTRAINT "factor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sign_in_challenge" ADD CONSTRAINT "sign_in_challenge_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sign_in_challenge" ADD CONSTRAINT "sign_in_challenge_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "one_time_code" ADD CONSTRAINT "one_time_code_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "one_time_code" ADD CONSTRAINT "one_time_code_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "one_time_code" ADD CONSTRAINT "one_time_code_factorId_fkey" FOREIGN KEY ("factorId") REFERENCES "factor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "one_time_code" ADD CONSTRAINT "one_time_code_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "sign_in_challenge"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webauthn_challenge" ADD CONSTRAINT "webauthn_challenge_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webauthn_challenge" ADD CONSTRAINT "webauthn_challenge_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device" ADD CONSTRAINT "device_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device" ADD CONSTRAINT "device_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Each kind of factor carries exactly its own columns.
ALTER TABLE "factor" ADD CONSTRAINT "factor_columns_by_type" CHECK (
  ("type" = 'totp' AND "totpSealedSecret" IS NOT NULL AND "phoneE164" IS NULL AND "credentialId" IS NULL)
  OR ("type" = 'sms' AND "phoneE164" IS NOT NULL AND "totpSealedSecret" IS NULL AND "credentialId" IS NULL)
  OR ("type" = 'webauthn' AND "credentialId" IS NOT NULL AND "credentialPublicKey" IS NOT NULL AND "signCount" IS NOT NULL
      AND "totpSealedSecret" IS NULL AND "phoneE164" IS NULL)
);
