import Link from "next/link";
import type { ReactNode } from "react";
import { FocusKeeper } from "@/components/focus-keeper";
import { focusRing } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { getTenant } from "@/server/caller";

export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const tenant = await getTenant(slug);
  return (
    <div className="flex min-h-dvh flex-col">
      <a href="#main" className={`sr-only rounded-md bg-white px-3 py-2 focus:not-sr-only focus:absolute focus:left-4 focus:top-4 ${focusRing}`}>
        Skip to main content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-2xl items-center px-4 py-4">
          <Link href={tenantHref(slug, "/")} className={`text-lg font-semibold text-slate-900 ${focusRing} rounded-sm`}>
            {tenant.name}
          </Link>
        </div>
      </header>
      <main id="main" className="flex-1 px-4 py-8 sm:py-12">
        {children}
      </main>
      <FocusKeeper />
    </div>
  );
}
