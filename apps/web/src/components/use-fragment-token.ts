"use client";

import { useCallback, useEffect, useState } from "react";

export type FragmentToken =
  | { status: "reading" }
  | { status: "missing" }
  | { status: "found"; token: string };

const storageKey = () => `rekey.link-token:${window.location.pathname}`;

/**
 * Reads `#token=...` from the address, then removes it from the address bar and history.
 * Emailed links carry their token in the fragment, which browsers never send to a server, so
 * it stays out of access logs and proxies (SECURITY.md S3, S8).
 *
 * The token is kept in this tab's sessionStorage until `forget()` (called once the link has
 * been used), so reloading the page does not turn a good link into "incomplete".
 */
export function useFragmentToken(): FragmentToken & { forget: () => void } {
  const [state, setState] = useState<FragmentToken>({ status: "reading" });

  useEffect(() => {
    const fromHash = new URLSearchParams(window.location.hash.slice(1)).get("token");
    if (fromHash) {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
      try {
        window.sessionStorage.setItem(storageKey(), fromHash);
      } catch {
        // Storage may be off (private mode); the token still works for this page view.
      }
      setState({ status: "found", token: fromHash });
      return;
    }
    let stored: string | null = null;
    try {
      stored = window.sessionStorage.getItem(storageKey());
    } catch {
      stored = null;
    }
    setState(stored ? { status: "found", token: stored } : { status: "missing" });
  }, []);

  // A link opened in the tab that already shows this page (a fresh link pasted over a used one)
  // changes only the fragment, which loads nothing: the page would keep the old link's answer.
  // Loading the page again reads the new token from the start.
  useEffect(() => {
    const onHashChange = () => {
      if (new URLSearchParams(window.location.hash.slice(1)).get("token")) window.location.reload();
    };
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);

  const forget = useCallback(() => {
    try {
      window.sessionStorage.removeItem(storageKey());
    } catch {
      // Nothing stored.
    }
  }, []);

  return { ...state, forget };
}
