"use client";

// What a page shows when rendering it failed: the database or another service it needs was out
// of reach, or a bug. Next passes no cause to the browser in production (only a digest that the
// server log also prints), and none is shown here.
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <title>Something went wrong · Your account</title>
      <section role="alert" className="w-full max-w-md rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
        <h1 className="text-2xl font-semibold">Something went wrong on our side</h1>
        <p className="mt-2 text-slate-600">This page could not load. Nothing was changed. Please try again in a moment.</p>
        <p className="mt-6">
          <button type="button" onClick={reset} className="font-medium text-indigo-700 underline underline-offset-2">
            Try again
          </button>
        </p>
      </section>
    </main>
  );
}
