import type { Db } from "../../db/client";
import { env } from "../../env";
import { needsReseal, open, seal, type Keyring } from "../../crypto/secret-box";

export type ResealTotpSecretsOptions = {
  db: Db;
  /** Defaults to REKEY_ENCRYPTION_KEYS: the first key seals, every listed key opens. */
  keyring?: Keyring;
  /** Rows read and rewritten per round trip. */
  batchSize?: number;
};

/**
 * Key rotation for TOTP seeds (docs/key-rotation.md): re-seals, under the keyring's first key,
 * every seed sealed under another one, across all tenants. Returns how many were re-sealed. Safe
 * to run while the service is up and to run again: each row is rewritten only if it still holds
 * the value that was read, so a factor removed or re-sealed meanwhile is left alone.
 */
export async function resealTotpSecrets(options: ResealTotpSecretsOptions): Promise<{ resealed: number }> {
  const { db, keyring = env().REKEY_ENCRYPTION_KEYS, batchSize = 200 } = options;
  if (!keyring[0]) throw new Error("No encryption key configured");
  let resealed = 0;
  let after = "";
  for (;;) {
    const batch = await db.factor.findMany({
      // Every TOTP row, keyset-paginated; needsReseal decides (a LIKE prefix on the key id would
      // read "_" in an id as a wildcard and could skip rows).
      where: { type: "totp", id: { gt: after } },
      select: { id: true, totpSealedSecret: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    for (const row of batch) {
      const sealed = row.totpSealedSecret;
      if (!sealed || !needsReseal(sealed, keyring)) continue;
      // A seed under a key no longer configured cannot be recovered: stop loudly rather than
      // report success and let the old key be deleted.
      let seed: string;
      try {
        seed = open(sealed, keyring);
      } catch (error) {
        throw new Error(`Cannot re-seal the TOTP seed of factor ${row.id}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      const resealedValue = seal(seed, keyring);
      const updated = await db.factor.updateMany({ where: { id: row.id, totpSealedSecret: sealed }, data: { totpSealedSecret: resealedValue } });
      resealed += updated.count;
    }
    const last = batch.at(-1);
    if (!last || batch.length < batchSize) break;
    after = last.id;
  }
  return { resealed };
}
