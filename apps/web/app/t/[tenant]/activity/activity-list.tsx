"use client";

import { useState, useTransition } from "react";
import { focusWhenShown } from "@/components/focus-keeper";
import { useFocusBackWhenDone } from "@/components/submit-button";
import { Alert, buttonStyles, focusRing } from "@/components/ui";
import type { FormError } from "@/lib/form-state";
import { formatDateTime, knownIp } from "@/lib/format";
import type { ActivityEvent, ActivityPage } from "@/server/actions/activity";

type Props = {
  initialEvents: ActivityEvent[];
  initialCursor: string | null;
  loadMore: (cursor: string) => Promise<ActivityPage>;
};

export function ActivityList({ initialEvents, initialCursor, loadMore }: Props) {
  const [events, setEvents] = useState(initialEvents);
  const [cursor, setCursor] = useState(initialCursor);
  const [error, setError] = useState<FormError | null>(null);
  const [pending, startTransition] = useTransition();
  // A keyboard user who loaded more goes on reading from the first event that came in.
  const [firstLoadedId, setFirstLoadedId] = useState<string | null>(null);
  const loadMoreButton = useFocusBackWhenDone(pending);

  function onLoadMore() {
    if (!cursor) return;
    startTransition(async () => {
      const page = await loadMore(cursor);
      if (page.status === "error") {
        setError(page.error);
        return;
      }
      setError(null);
      const loaded = page.events.filter((event) => !events.some((seen) => seen.id === event.id));
      setEvents([...events, ...loaded]);
      setFirstLoadedId(loaded[0]?.id ?? null);
      setCursor(page.nextCursor);
    });
  }

  if (events.length === 0) return <p className="text-slate-700">Nothing has happened on your account yet.</p>;

  return (
    <div className="space-y-4">
      <ol className="divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200">
        {events.map((event) => (
          <li
            key={event.id}
            className={`space-y-1 p-4 ${focusRing}`}
            {...(event.id === firstLoadedId ? { ref: focusWhenShown, tabIndex: -1 } : {})}
          >
            <p className="font-medium">{event.description}</p>
            <p className="text-sm text-slate-600">
              <time dateTime={new Date(event.createdAt).toISOString()}>{formatDateTime(event.createdAt)}</time>
            </p>
            <p className="text-sm text-slate-600">
              {event.device || "Unknown device"} · IP address {knownIp(event.ip) ?? "unknown"}
            </p>
          </li>
        ))}
      </ol>
      {error ? <Alert tone="error" title={error.message} /> : null}
      {cursor ? (
        <button ref={loadMoreButton} type="button" className={buttonStyles.secondary} onClick={onLoadMore} disabled={pending}>
          Load more
        </button>
      ) : (
        <p className="text-sm text-slate-600">That is everything.</p>
      )}
    </div>
  );
}
