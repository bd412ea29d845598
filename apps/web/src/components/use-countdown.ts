"use client";

import { useEffect, useState } from "react";
import { formatMinutes } from "@/lib/format";

/** Seconds left until `until` (a timestamp), ticking every second. */
export function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null || until <= Date.now()) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

export function cooldownText(seconds: number): string {
  return seconds >= 60 ? formatMinutes(seconds) : `${seconds} second${seconds === 1 ? "" : "s"}`;
}
