import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { withNotifications } from "../notifications/with-notifications";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { establishSession, type EstablishedSession } from "./establish-session";
import { getSignInChallenge, markSignInChallengeCompleted } from "./sign-in-challenges";
import { verifySecondFactor, type SecondFactorProof } from "./verify-second-factor";

export type CompleteSignInChallengeOptions = {
  db: Db;
  tenant: Tenant;
  challengeToken: string;
  proof: SecondFactorProof;
  rememberBrowser: boolean;
  deviceToken: string | null;
  context: RequestContext;
};

/** The second step of a sign-in: one proof from an enrolled factor turns the challenge into a session. */
export async function completeSignInChallenge(options: CompleteSignInChallengeOptions): Promise<EstablishedSession> {
  const { db, tenant, challengeToken, proof, rememberBrowser, deviceToken, context } = options;
  const challenge = await getSignInChallenge({ db, tenantId: tenant.id, token: challengeToken });
  const verified = await verifySecondFactor({
    db,
    tenant,
    userId: challenge.userId,
    proof,
    binding: { purpose: "sign_in", challengeId: challenge.id },
    context,
  });
  return withNotifications(db, async (tx, queueEmail) => {
    await markSignInChallengeCompleted({ db: tx, challengeId: challenge.id });
    return establishSession({
      tx,
      queueEmail,
      tenant,
      user: { id: challenge.userId, email: challenge.user.email },
      methods: ["password", verified.method],
      recoveryCodesDue: verified.recoveryCodesDue,
      deviceToken,
      rememberBrowser,
      context,
    });
  });
}
