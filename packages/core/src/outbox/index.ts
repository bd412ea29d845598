export { enqueueEmail, type EnqueueEmailOptions } from "./enqueue-email";
export { dispatchOutbox, type DispatchOutboxOptions, type DispatchOutboxResult } from "./dispatch-outbox";
export { deliverOutboxMessage, type DeliverOutboxMessageOptions, type DeliverOutboxMessageResult } from "./deliver-outbox-message";
export { sweepOutbox, type SweepOutboxOptions, type SweepOutboxResult } from "./sweep-outbox";
export { findDevMailbox, type FindDevMailboxOptions, type DevMailboxMessage } from "./find-dev-mailbox";
export { startOutboxWorker, type StartOutboxWorkerOptions, type OutboxWorker } from "./start-outbox-worker";
export { startJobQueue, type StartJobQueueOptions, type JobQueue } from "./start-job-queue";
export { getJobQueue, closeJobQueue } from "./job-queue";
