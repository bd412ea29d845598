import { z } from "zod";
import { recoveryCodesFileName, recoveryCodesText, type IssuedRecoveryCodes, type Tenant } from "@rekey/core";

// The one response that carries a set's codes (S21), with the .txt download made from them, so
// the page never has to ask for them again.
export const issuedCodesOutput = z.object({
  setId: z.string(),
  style: z.enum(["set", "key"]),
  codes: z.array(z.string()),
  file: z.object({ name: z.string(), text: z.string() }),
});

export const serviceName = "Rekey";

export function withDownload(issued: IssuedRecoveryCodes, tenant: Tenant, accountEmail: string): z.infer<typeof issuedCodesOutput> {
  const createdAt = new Date();
  return {
    setId: issued.setId,
    style: issued.style,
    codes: issued.codes,
    file: {
      name: recoveryCodesFileName({ serviceName, tenantSlug: tenant.slug, accountEmail, createdAt }),
      text: recoveryCodesText({ serviceName, tenantName: tenant.name, accountEmail, createdAt, codes: issued.codes, style: issued.style }),
    },
  };
}
