import type { Metadata } from "next";
import { Card, TextLink } from "@/components/ui";
import { formatDateTime, knownIp } from "@/lib/format";
import { describeMethods } from "@/lib/sign-in-methods";
import { tenantHref } from "@/lib/tenant-href";
import { revokeDeviceAction, revokeOtherDevicesAction } from "@/server/actions/devices";
import { requireSession } from "@/server/caller";
import { ForgetRememberedButton } from "./forget-remembered";
import { RevokeDeviceForm, RevokeOthersForm } from "./revoke-forms";

export const metadata: Metadata = { title: "Devices" };

function capitalise(value: string): string {
  return value ? value.charAt(0).toUpperCase() + value.slice(1) : value;
}

export default async function DevicesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { caller } = await requireSession(slug, "/devices");
  const devices = (await caller.devices.list()).toSorted(
    (a, b) => Number(b.isCurrent) - Number(a.isCurrent) || b.lastSeenAt.getTime() - a.lastSeenAt.getTime(),
  );
  const remembered = await caller.devices.listRemembered();
  const others = devices.filter((device) => !device.isCurrent).length;
  const revokeDevice = revokeDeviceAction.bind(null, slug);

  return (
    <Card
      wide
      title="Devices"
      intro={<p>These devices are signed in to your account. If you do not recognise one, sign it out and change your password.</p>}
    >
      <ul className="divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200">
        {devices.map((device) => {
          const name = `${device.browser} on ${device.os}`;
          return (
            <li key={device.id} className="space-y-3 p-4">
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="font-semibold">{name}</h2>
                {device.isCurrent ? (
                  <span className="rounded-full bg-emerald-100 px-2.5 py-0.5 text-sm font-medium text-emerald-900">This device</span>
                ) : null}
              </div>
              <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                <dt className="text-slate-600">Type</dt>
                <dd>{capitalise(device.deviceType)}</dd>
                <dt className="text-slate-600">IP address</dt>
                <dd className="break-all">{knownIp(device.ip) ?? "Unknown"}</dd>
                <dt className="text-slate-600">Signed in</dt>
                <dd>{formatDateTime(device.createdAt)}</dd>
                <dt className="text-slate-600">Signed in with</dt>
                <dd>{describeMethods(device.methods)}</dd>
                <dt className="text-slate-600">Last active</dt>
                <dd>{formatDateTime(device.lastSeenAt)}</dd>
              </dl>
              {device.isCurrent ? (
                <p className="text-sm text-slate-600">To sign out here, use Sign out on your account page.</p>
              ) : (
                <RevokeDeviceForm action={revokeDevice} sessionId={device.id} label={`Sign out ${name}`} />
              )}
            </li>
          );
        })}
      </ul>
      <RevokeOthersForm action={revokeOtherDevicesAction.bind(null, slug)} hasOthers={others > 0} />
      <section aria-labelledby="remembered-heading" className="space-y-3">
        <h2 id="remembered-heading" className="text-lg font-semibold">
          Remembered browsers
        </h2>
        <p className="text-slate-700">These browsers skip two-step verification when you sign in with your password.</p>
        {remembered.length === 0 ? (
          <p className="text-slate-700">No browser is remembered.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200">
            {remembered.map((device) => {
              const name = `${device.browser} on ${device.os}`;
              return (
                <li key={device.id} className="space-y-3 p-4">
                  <h3 className="font-semibold">{name}</h3>
                  <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                    <dt className="text-slate-600">IP address</dt>
                    <dd className="break-all">{knownIp(device.ip) ?? "Unknown"}</dd>
                    <dt className="text-slate-600">Last seen</dt>
                    <dd>{formatDateTime(device.lastSeenAt)}</dd>
                    <dt className="text-slate-600">Remembered until</dt>
                    <dd>{formatDateTime(device.trustedUntil)}</dd>
                  </dl>
                  <ForgetRememberedButton tenant={slug} deviceId={device.id} label={`Forget ${name}`} />
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <p>
        <TextLink href={tenantHref(slug, "/")}>Back to your account</TextLink>
      </p>
    </Card>
  );
}
