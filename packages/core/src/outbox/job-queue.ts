import { startJobQueue, type JobQueue } from "./start-job-queue";

// The web process's pg-boss publisher: started on first use, shared by every request, never
// running maintenance or cron (that is the worker's job).

let shared: Promise<JobQueue> | undefined;

export function getJobQueue(): Promise<JobQueue> {
  if (!shared) {
    const starting = startJobQueue({ role: "publisher" });
    shared = starting;
    // A failed start (database briefly unreachable) must not be cached: the next dispatch retries.
    starting.catch(() => {
      if (shared === starting) shared = undefined;
    });
  }
  return shared;
}

export async function closeJobQueue() {
  const closing = shared;
  shared = undefined;
  if (!closing) return;
  const boss = await closing.catch(() => undefined);
  await boss?.stop({ graceful: false, close: true });
}
