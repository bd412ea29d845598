"use client";

import { MessagePage } from "@/components/ui";

// What a page shows when rendering it failed: the database or another service it needs was out
// of reach, or a bug. Next passes no cause to the browser in production (only a digest that the
// server log also prints), and none is shown here.
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <>
      <title>Something went wrong · Your account</title>
      <MessagePage
        alert
        title="Something went wrong on our side"
        message="This page could not load. Nothing was changed. Please try again in a moment."
        action={
          <button type="button" onClick={reset} className="font-medium text-indigo-700 underline underline-offset-2">
            Try again
          </button>
        }
      />
    </>
  );
}
