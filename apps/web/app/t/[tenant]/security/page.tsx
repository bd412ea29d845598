import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutForm } from "@/components/sign-out-form";
import { Alert, Card, TextLink } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { tenantHref } from "@/lib/tenant-href";
import { getTenant, requireSession } from "@/server/caller";
import { AddPhone } from "./add-phone";
import { AddTotp } from "./add-totp";
import { AddWebAuthn } from "./add-web-authn";
import { FactorActions } from "./factor-actions";
import { ReadinessPanel, RecoveryCodesPanel } from "./recovery-panels";
import { TrustedContactsPanel } from "./trusted-contacts-panel";

export const metadata: Metadata = { title: "Two-step verification" };

const typeNames = { totp: "Authenticator app", sms: "Text message", webauthn: "Security key" } as const;

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<{ done?: string | string[] }>;
};

export default async function SecurityPage({ params, searchParams }: Props) {
  const [{ tenant: slug }, query] = await Promise.all([params, searchParams]);
  const { caller, current } = await requireSession(slug, "/security", { duringSetup: true });
  // Open to the step of adding a required method, not to a session that owes new recovery codes.
  if (current.restriction === "save-recovery-codes") redirect(tenantHref(slug, "/recovery-codes/new"));
  const mustEnrol = current.restriction === "enrol-second-factor";
  const [tenant, factors, waiting, codes, contacts] = await Promise.all([
    getTenant(slug),
    caller.factors.list(),
    caller.recoveryCodes.waitingFactors(),
    // Not open to a session still adding a required method: it has no working codes yet anyway.
    mustEnrol ? null : caller.recoveryCodes.status(),
    // Trusted contacts help with or without a second factor, but not before a required one.
    mustEnrol ? null : caller.contacts.list(),
  ]);
  const showContacts = contacts?.enabled === true;
  const showRecovery = factors.length > 0 && !mustEnrol;
  // Set by the recovery codes set-up page; the list of methods below shows whether it is true.
  const justTurnedOn = query.done === "two-step-on" && factors.length > 0;

  return (
    <Card
      wide
      title="Two-step verification"
      intro={
        <p>
          A second step after your password keeps your account safe even if someone learns the password. Changes here ask you
          to confirm it’s you first.
        </p>
      }
    >
      {current.isRecovered && !mustEnrol && factors.length === 0 ? (
        <Alert tone="success" title="You are back in your account.">
          Every device that was signed in was signed out. If you lost your way in, add a method below so it does not happen
          again, and name trusted contacts who can help.
        </Alert>
      ) : null}
      {justTurnedOn ? (
        <Alert tone="success" title="Two-step verification is on.">
          Keep your recovery codes somewhere safe. From now on, signing in asks for your password and a second step.
        </Alert>
      ) : null}
      {waiting.length > 0 ? (
        <Alert tone="info" title="Two-step verification is not on yet.">
          <p>You added {waiting.map((factor) => `“${factor.name}”`).join(" and ")}. It starts working once you have saved your recovery codes.</p>
          <p className="mt-2">
            <TextLink href={tenantHref(slug, "/recovery-codes/setup")}>Finish turning on two-step verification</TextLink>
          </p>
        </Alert>
      ) : mustEnrol && current.isRecovered ? (
        <Alert tone="success" title="You are back in your account.">
          For your safety, every method and recovery code it had was removed and every device was signed out. Add a new method
          below and save new recovery codes to finish; until then you can only do this or sign out.
        </Alert>
      ) : mustEnrol ? (
        <Alert tone="info" title="Finish setting up your account.">
          Your organisation requires two-step verification. Add a method below to continue; until then you can only do this or
          sign out.
        </Alert>
      ) : factors.length === 0 ? (
        <Alert tone="info" title="Two-step verification is off.">
          Add a method below to turn it on. A passkey or security key is the strongest choice.
        </Alert>
      ) : null}

      {showRecovery ? <ReadinessPanel factors={factors} status={codes} contacts={showContacts ? contacts : null} /> : null}

      {factors.length > 0 ? (
        <section aria-labelledby="methods-heading" className="space-y-3">
          <h2 id="methods-heading" className="text-lg font-semibold">
            Your methods
          </h2>
          <ul className="divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200">
            {factors.map((factor) => (
              <li key={factor.id} className="space-y-3 p-4">
                <h3 className="font-semibold break-words">{factor.name}</h3>
                <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                  <dt className="text-slate-600">Type</dt>
                  <dd>{factor.type === "webauthn" && factor.isPasskey ? "Passkey" : typeNames[factor.type]}</dd>
                  {factor.maskedPhone ? (
                    <>
                      <dt className="text-slate-600">Phone</dt>
                      <dd>{factor.maskedPhone}</dd>
                    </>
                  ) : null}
                  <dt className="text-slate-600">Added</dt>
                  <dd>{formatDateTime(factor.createdAt)}</dd>
                  <dt className="text-slate-600">Last used</dt>
                  <dd>{factor.lastUsedAt ? formatDateTime(factor.lastUsedAt) : "Not used yet"}</dd>
                </dl>
                <FactorActions tenant={slug} factorId={factor.id} name={factor.name} isLast={factors.length === 1} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {showRecovery ? (
        <RecoveryCodesPanel tenant={slug} account={current.user.email} tenantName={tenant.name} status={codes} />
      ) : null}

      {/* After the codes, as on the recovery ladder; below "Add a method" while that comes first. */}
      {showContacts && contacts && showRecovery ? <TrustedContactsPanel tenant={slug} overview={contacts} /> : null}

      <section aria-labelledby="add-heading" className="space-y-4">
        <h2 id="add-heading" className="text-lg font-semibold">
          Add a method
        </h2>
        <AddWebAuthn tenant={slug} kind="passkey" />
        <AddWebAuthn tenant={slug} kind="security-key" />
        <AddTotp tenant={slug} />
        <AddPhone tenant={slug} />
      </section>

      {showContacts && contacts && !showRecovery ? <TrustedContactsPanel tenant={slug} overview={contacts} /> : null}

      {mustEnrol ? (
        <SignOutForm tenant={slug} />
      ) : (
        <p>
          <TextLink href={tenantHref(slug, "/")}>Back to your account</TextLink>
        </p>
      )}
    </Card>
  );
}
