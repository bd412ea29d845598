import { factorKind, recoveryReadiness } from "@rekey/api";
import { Alert } from "@/components/ui";
import { formatDateTime, knownIp, plural } from "@/lib/format";
import { RegenerateCodes } from "./regenerate-codes";

// The security page's recovery parts (server components): the codes' status with "Generate new
// codes", and how ready the account is for the day a method is lost (the recovery ladder's first
// two rungs: another method, then a recovery code).

export type FactorSummary = { type: "totp" | "sms" | "webauthn"; isPasskey: boolean; name: string };

export type CodeStatus = {
  style: "set" | "key";
  total: number;
  remaining: number;
  createdAt: Date;
  warn: boolean;
  used: Array<{ position: number; maskedCode: string; usedAt: Date; browser: string; os: string; ip: string }>;
};

/** "7 of 10 left", or what a single recovery key's state is. */
export function codesLeftText(status: CodeStatus): string {
  if (status.style === "key") return status.remaining > 0 ? "Your recovery key is ready" : "Your recovery key was used";
  return `${status.remaining} of ${status.total} left`;
}

export function RecoveryCodesPanel({
  tenant,
  account,
  tenantName,
  status,
}: {
  tenant: string;
  account: string;
  tenantName: string;
  status: CodeStatus | null;
}) {
  const isKey = status?.style === "key";
  return (
    <section id="recovery-codes" aria-labelledby="recovery-codes-heading" className="scroll-mt-4 space-y-3">
      <h2 id="recovery-codes-heading" className="text-lg font-semibold">
        {isKey ? "Recovery key" : "Recovery codes"}
      </h2>
      <p className="text-slate-700">
        For the day you cannot use your methods: at sign-in, choose “Use a recovery code”. {isKey ? "The key works once." : "Each code works once."}
      </p>
      {status ? (
        <div className="space-y-4 rounded-lg p-4 ring-1 ring-slate-200">
          <div>
            <p className="text-xl font-semibold">{codesLeftText(status)}</p>
            <p className="text-sm text-slate-600">Made {formatDateTime(status.createdAt)}</p>
          </div>
          {status.warn ? (
            <Alert
              tone="warning"
              title={
                status.remaining === 0
                  ? "You have no recovery codes left."
                  : `Only ${plural(status.remaining, "recovery code", "recovery codes")} left.`
              }
            >
              Generate new codes so you still have a way back in if you lose your other methods.
            </Alert>
          ) : null}
          {status.used.length > 0 ? (
            <div className="space-y-2">
              <h3 className="font-semibold">{isKey ? "When it was used" : "Used codes"}</h3>
              <ul className="divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200">
                {status.used.map((code) => (
                  <li key={code.position} className="space-y-1 p-3 text-sm">
                    <p>
                      <code className="font-mono text-base break-all">{code.maskedCode}</code>
                    </p>
                    <p className="text-slate-700">
                      Used {formatDateTime(code.usedAt)} · {code.browser} on {code.os} · IP address {knownIp(code.ip) ?? "unknown"}
                    </p>
                  </li>
                ))}
              </ul>
              <p className="text-sm text-slate-600">Not you? Generate new codes and change your password.</p>
            </div>
          ) : null}
        </div>
      ) : (
        <Alert tone="warning" title="You have no recovery codes.">
          Make a set now, so losing your methods does not lock you out.
        </Alert>
      )}
      <RegenerateCodes tenant={tenant} account={account} tenantName={tenantName} hasCodes={status !== null} />
    </section>
  );
}

/** What the readiness panel needs of the trusted contacts (contacts.list). */
export type ContactsSummary = { usableCount: number; threshold: number; contacts: Array<{ state: string }> };

const meterColours = { 1: "bg-red-500", 2: "bg-amber-500", 3: "bg-emerald-600" } as const;

/** "1 of 3 can help; a recovery needs 2." */
function contactsText(contacts: ContactsSummary): string {
  // An expired invitation is no contact.
  const named = contacts.contacts.filter((contact) => contact.state !== "invitation-expired").length;
  if (named === 0) return `None yet; a recovery needs ${contacts.threshold}`;
  return `${contacts.usableCount} of ${named} can help; a recovery needs ${contacts.threshold}`;
}

/** `contacts`: null where the tenant has no trusted contacts. */
export function ReadinessPanel({ factors, status, contacts = null }: { factors: FactorSummary[]; status: CodeStatus | null; contacts?: ContactsSummary | null }) {
  const readiness = recoveryReadiness(factors, status, contacts);
  const kinds = [...new Set(factors.map(factorKind))];
  const colour = meterColours[readiness.level];
  return (
    <section aria-labelledby="readiness-heading" className="space-y-3 rounded-lg p-4 ring-1 ring-slate-200">
      <h2 id="readiness-heading" className="text-lg font-semibold">
        Recovery readiness
      </h2>
      <div>
        <p className="font-medium">{readiness.label}</p>
        {/* The words above say it; the bars are for a glance. */}
        <div aria-hidden="true" className="mt-2 grid max-w-xs grid-cols-3 gap-1">
          {[1, 2, 3].map((step) => (
            <span key={step} className={`h-2 rounded-full ${step <= readiness.level ? colour : "bg-slate-200"}`} />
          ))}
        </div>
      </div>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-slate-600">Methods</dt>
        <dd>{kinds.length > 0 ? kinds.join(", ") : "None"}</dd>
        <dt className="text-slate-600">Recovery codes</dt>
        <dd>{status ? codesLeftText(status) : "None"}</dd>
        {contacts ? (
          <>
            <dt className="text-slate-600">Trusted contacts</dt>
            <dd>{contactsText(contacts)}</dd>
          </>
        ) : null}
      </dl>
      {readiness.advice ? <p className="text-slate-800">{readiness.advice}</p> : null}
    </section>
  );
}
