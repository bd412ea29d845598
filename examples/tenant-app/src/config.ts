// The app's only reader of process.env: everything it needs, checked once at start-up.

export type Config = {
  port: number;
  /** Where this app is reached, for the sign-in's return address. */
  appUrl: string;
  rekeyUrl: string;
  tenant: string;
  apiKey: string;
  webhookSecret: string | null;
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) problems.push(`PORT must be a port number, not "${env.PORT}"`);
  const apiKey = env.REKEY_API_KEY ?? "";
  if (!apiKey) problems.push("REKEY_API_KEY is not set: use the dev key `pnpm dev` prints, or one from the Developers page");
  const tenant = env.REKEY_TENANT ?? "demo";
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(tenant)) problems.push(`REKEY_TENANT must be a tenant's slug, not "${tenant}"`);
  if (problems.length > 0) throw new Error(`The example app cannot start:\n- ${problems.join("\n- ")}`);
  return {
    port,
    appUrl: (env.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, ""),
    rekeyUrl: (env.REKEY_URL ?? "http://localhost:3000").replace(/\/+$/, ""),
    tenant,
    apiKey,
    webhookSecret: env.REKEY_WEBHOOK_SECRET || null,
  };
}
