"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { focusRing } from "@/components/ui";

/** The dashboard's own navigation; the current page is marked for screen readers too. */
export function StaffNav({ links }: { links: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Support dashboard">
      <ul className="flex flex-wrap gap-1">
        {links.map((link, index) => {
          // The queue's own address is a prefix of every other page's; it is only current on itself or a ticket.
          const current = index === 0 ? pathname === link.href || pathname.startsWith(`${link.href}/tickets`) : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? "page" : undefined}
                className={`inline-block rounded-md px-3 py-1.5 text-sm font-medium ${focusRing} ${
                  current ? "bg-indigo-50 text-indigo-800" : "text-slate-700 hover:bg-slate-100"
                }`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
