// What the global set-up hands to the test files (vitest's provide/inject).

export type E2eContext = {
  /** The web app, e.g. http://localhost:41234 (a domain, so WebAuthn works). */
  baseUrl: string;
  /** JSON lines, one per message the SMTP server received (see smtp-sink.ts). */
  mailFile: string;
  /** JSON lines, one per text the SMS provider's stand-in received (see sms-sink.ts). */
  smsFile: string;
  /** The run's database, for tests that prepare state through SQL (support/database.ts). */
  databaseUrl: string;
  /** Everything the web server printed (stdout and stderr). */
  webLogFile: string;
  /** Everything the outbox worker printed. */
  workerLogFile: string;
  /** The seeded staff admin of the default tenant. */
  admin: { email: string; password: string };
  /**
   * The seeded support staff (admin, agent, two leads; accounts of the default tenant serving it
   * and `demo`), all with the admin's password and an authenticator app keyed `totpKey`.
   */
  staff: { agent: string; lead: string; lead2: string; admin: string; password: string; totpKey: string };
  /**
   * The environment the web server (less its PORT) and the worker run with, the run's secrets
   * included: for a test that starts another of either (scale-out.test.ts).
   */
  serviceEnv: NodeJS.ProcessEnv;
};

declare module "vitest" {
  export interface ProvidedContext {
    e2e: E2eContext;
  }
}
