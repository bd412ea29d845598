"use client";

import { useEffect } from "react";

/**
 * A ref that focuses its element once, when it appears: for what replaces the control just used
 * (the next step of a set-up, the first of the rows just loaded), where the next place is known.
 */
export const focusWhenShown = (element: HTMLElement | null) => element?.focus();

/**
 * Keeps a keyboard user's place when the focused control disappears: "Sign out" on a device row
 * that goes away, "Cancel" closing the form it sat in, "Rename" turning into a form. The browser
 * drops focus to <body> then, and the next Tab starts again from the top of the page.
 *
 * Focus goes instead to the nearest part of the page that held the control and is still there,
 * made focusable for the moment (tabindex -1): the next Tab reaches the first control inside
 * it, and a screen reader reads what replaced the control. A control is never focused on the
 * user's behalf, so an Enter pressed twice cannot confirm what the first one opened.
 */
export function FocusKeeper() {
  useEffect(() => {
    let lastFocused: Element[] = [];

    const onFocusIn = (event: FocusEvent) => {
      if (!(event.target instanceof Element)) return;
      const path: Element[] = [];
      for (let element: Element | null = event.target; element && element !== document.body; element = element.parentElement) path.push(element);
      lastFocused = path;
    };

    const keepPlace = () => {
      const [control] = lastFocused;
      if (!control || control.isConnected) return;
      if (document.activeElement && document.activeElement !== document.body) return;
      const place = lastFocused.find((element) => element.isConnected);
      lastFocused = [];
      if (!(place instanceof HTMLElement)) return;
      if (!place.hasAttribute("tabindex")) {
        place.setAttribute("tabindex", "-1");
        place.addEventListener("blur", () => place.removeAttribute("tabindex"), { once: true });
      }
      place.focus({ preventScroll: true });
    };

    document.addEventListener("focusin", onFocusIn);
    const observer = new MutationObserver(keepPlace);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      document.removeEventListener("focusin", onFocusIn);
      observer.disconnect();
    };
  }, []);
  return null;
}
