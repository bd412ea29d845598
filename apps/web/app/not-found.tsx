import type { Metadata } from "next";
import { AccountHomeLink } from "@/components/account-home-link";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <section className="w-full max-w-md rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
        <h1 className="text-2xl font-semibold">Page not found</h1>
        <p className="mt-2 text-slate-600">This address does not lead anywhere. Check the link, or start again.</p>
        <p className="mt-6">
          <AccountHomeLink className="font-medium text-indigo-700 underline underline-offset-2" />
        </p>
      </section>
    </main>
  );
}
