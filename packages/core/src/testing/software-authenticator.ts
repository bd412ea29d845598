// A software WebAuthn authenticator for tests: real P-256 keys (node:crypto), real CBOR, real
// authenticator data and signatures, so the server's verification runs exactly as it would for a
// browser and a hardware key. It shares no code with @simplewebauthn/server (its own CBOR
// encoder, its own byte layout from WA3 §6.1 and §6.5), so a mistake on either side shows up.
//
// Every field an attacker controls can be overridden per call, to build the forged responses the
// security tests send.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

// ---- A minimal CBOR encoder (RFC 8949): the types WebAuthn uses, definite lengths only. ----

type CborValue = number | string | Uint8Array | CborValue[] | Map<number | string, CborValue>;

function cborHead(majorType: number, value: number): Buffer {
  const major = majorType << 5;
  if (value < 24) return Buffer.from([major | value]);
  if (value < 0x100) return Buffer.from([major | 24, value]);
  if (value < 0x10000) return Buffer.from([major | 25, value >> 8, value & 0xff]);
  const head = Buffer.alloc(5);
  head[0] = major | 26;
  head.writeUInt32BE(value, 1);
  return head;
}

export function encodeCbor(value: CborValue): Buffer {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new Error("only integers");
    return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  }
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([cborHead(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([cborHead(4, value.length), ...value.map(encodeCbor)]);
  const parts: Buffer[] = [cborHead(5, value.size)];
  for (const [key, entry] of value) parts.push(encodeCbor(key), encodeCbor(entry));
  return Buffer.concat(parts);
}

// ---- Authenticator data (WA3 §6.1) ----

export const authenticatorFlags = { up: 0x01, uv: 0x04, be: 0x08, bs: 0x10, at: 0x40, ed: 0x80 } as const;

export type FlagOverrides = { up?: boolean; uv?: boolean; be?: boolean; bs?: boolean };

function sha256(data: Buffer | string): Buffer {
  return createHash("sha256").update(data).digest();
}

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

/** The COSE_Key (RFC 9053) of an ES256 public key: kty EC2, alg -7, crv P-256, x, y. */
export function coseEs256PublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: "jwk" });
  if (!jwk.x || !jwk.y) throw new Error("not an EC key");
  return encodeCbor(
    new Map<number, CborValue>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x, "base64url")],
      [-3, Buffer.from(jwk.y, "base64url")],
    ]),
  );
}

function aaguidBytes(aaguid: string): Buffer {
  const hex = aaguid.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`bad AAGUID ${aaguid}`);
  return Buffer.from(hex, "hex");
}

// ---- Credentials and the JSON shapes a browser posts ----

export type SoftwareCredential = {
  id: Buffer;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The user handle (user.id of the creation options), base64url; returned by discoverable credentials. */
  userHandle: string;
  isDiscoverable: boolean;
  /** The counter the next assertion reports, before `counterStep` is added. */
  counter: number;
};

export type RegistrationResponse = {
  id: string;
  rawId: string;
  type: "public-key";
  authenticatorAttachment?: "platform" | "cross-platform";
  response: { clientDataJSON: string; attestationObject: string; transports?: string[] };
  clientExtensionResults: { credProps?: { rk?: boolean } };
};

export type AuthenticationResponse = {
  id: string;
  rawId: string;
  type: "public-key";
  authenticatorAttachment?: "platform" | "cross-platform";
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle?: string };
  clientExtensionResults: Record<string, never>;
};

/** What a caller may forge in one ceremony. Anything left out is what an honest authenticator sends. */
export type CeremonyOverrides = {
  challenge?: string;
  origin?: string;
  /** The clientDataJSON type ("webauthn.create" / "webauthn.get"). */
  type?: string;
  /** Hash this RP ID into the authenticator data instead of the one in the options. */
  rpID?: string;
  flags?: FlagOverrides;
  counter?: number;
  /** Flip a bit of the signature (authentication) after signing. */
  corruptSignature?: boolean;
  /** Sign with another key than the credential's (authentication). */
  signWith?: KeyObject;
  /** Change the authenticator data after signing (authentication). */
  tamperAfterSigning?: (authenticatorData: Buffer) => Buffer;
  /** The user handle returned in the assertion; null leaves it out. */
  userHandle?: string | null;
  /** credProps.rk as the browser reports it; null leaves the extension output out. */
  reportedDiscoverable?: boolean | null;
};

export type SoftwareAuthenticatorOptions = {
  aaguid?: string;
  /** How much the signature counter goes up per assertion; 0 for authenticators without a counter (synced passkeys). */
  counterStep?: number;
  /** Whether the authenticator verifies its user (PIN or biometrics) when asked to. */
  canVerifyUser?: boolean;
  /** Backup eligible / backed up (BE, BS): a synced passkey. */
  isSynced?: boolean;
  transports?: string[];
};

type CreationOptions = {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  excludeCredentials?: { id: string }[];
  authenticatorSelection?: { residentKey?: string; userVerification?: string };
};

type RequestOptions = {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
  userVerification?: string;
};

export class SoftwareAuthenticator {
  readonly aaguid: string;
  readonly credentials: SoftwareCredential[] = [];
  private readonly counterStep: number;
  private readonly canVerifyUser: boolean;
  private readonly isSynced: boolean;
  private readonly transports: string[];

  constructor(
    /** The page's origin, as the browser would put it in clientDataJSON. */
    readonly origin: string,
    options: SoftwareAuthenticatorOptions = {},
  ) {
    this.aaguid = options.aaguid ?? "00000000-0000-0000-0000-000000000000";
    this.counterStep = options.counterStep ?? 1;
    this.canVerifyUser = options.canVerifyUser ?? true;
    this.isSynced = options.isSynced ?? false;
    this.transports = options.transports ?? ["usb"];
  }

  private flags(base: number, requested: string | undefined, overrides: FlagOverrides = {}): number {
    let flags = base | authenticatorFlags.up;
    if (this.canVerifyUser && requested !== "discouraged") flags |= authenticatorFlags.uv;
    if (this.isSynced) flags |= authenticatorFlags.be | authenticatorFlags.bs;
    const set = (bit: number, on: boolean | undefined) => {
      if (on === true) flags |= bit;
      if (on === false) flags &= ~bit;
    };
    set(authenticatorFlags.up, overrides.up);
    set(authenticatorFlags.uv, overrides.uv);
    set(authenticatorFlags.be, overrides.be);
    set(authenticatorFlags.bs, overrides.bs);
    return flags;
  }

  private clientData(type: string, challenge: string, overrides: CeremonyOverrides): Buffer {
    return Buffer.from(
      JSON.stringify({ type: overrides.type ?? type, challenge: overrides.challenge ?? challenge, origin: overrides.origin ?? this.origin, crossOrigin: false }),
      "utf8",
    );
  }

  /** navigator.credentials.create(): a new credential (or `reuse`, to replay an existing one). */
  register(options: CreationOptions, overrides: CeremonyOverrides & { reuse?: SoftwareCredential } = {}): RegistrationResponse {
    const rpID = overrides.rpID ?? options.rp.id;
    if (!rpID) throw new Error("no RP ID");
    const isDiscoverable = options.authenticatorSelection?.residentKey === "required" || options.authenticatorSelection?.residentKey === "preferred";
    let credential = overrides.reuse;
    if (!credential) {
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      credential = { id: randomBytes(32), privateKey, publicKey, userHandle: options.user.id, isDiscoverable, counter: 0 };
      this.credentials.push(credential);
    }
    const counter = overrides.counter ?? credential.counter;
    const credentialIdLength = Buffer.alloc(2);
    credentialIdLength.writeUInt16BE(credential.id.length);
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    const authenticatorData = Buffer.concat([
      sha256(rpID),
      Buffer.from([this.flags(authenticatorFlags.at, options.authenticatorSelection?.userVerification, overrides.flags)]),
      counterBytes,
      aaguidBytes(this.aaguid),
      credentialIdLength,
      credential.id,
      coseEs256PublicKey(credential.publicKey),
    ]);
    const attestationObject = encodeCbor(
      new Map<string, CborValue>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authenticatorData],
      ]),
    );
    const reported = overrides.reportedDiscoverable === undefined ? credential.isDiscoverable : overrides.reportedDiscoverable;
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: "public-key",
      authenticatorAttachment: "cross-platform",
      response: {
        clientDataJSON: b64url(this.clientData("webauthn.create", options.challenge, overrides)),
        attestationObject: b64url(attestationObject),
        transports: this.transports,
      },
      clientExtensionResults: reported === null ? {} : { credProps: { rk: reported } },
    };
  }

  /** navigator.credentials.get(): an assertion from `credential`, or from the first one the options allow. */
  authenticate(options: RequestOptions, overrides: CeremonyOverrides & { credential?: SoftwareCredential } = {}): AuthenticationResponse {
    const rpID = overrides.rpID ?? options.rpId;
    if (!rpID) throw new Error("no RP ID");
    const allowed = options.allowCredentials ?? [];
    const credential =
      overrides.credential ??
      (allowed.length > 0
        ? this.credentials.find((candidate) => allowed.some((entry) => entry.id === b64url(candidate.id)))
        : this.credentials.find((candidate) => candidate.isDiscoverable));
    if (!credential) throw new Error("the authenticator holds no credential these options accept");
    credential.counter += this.counterStep;
    const counter = overrides.counter ?? credential.counter;
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    let authenticatorData: Buffer = Buffer.concat([sha256(rpID), Buffer.from([this.flags(0, options.userVerification, overrides.flags)]), counterBytes]);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, overrides);
    // WA3 §6.3.3 step 11: the signature covers authenticatorData || SHA-256(clientDataJSON); ES256
    // signatures are DER-encoded, node's default.
    let signature: Buffer = sign("sha256", Buffer.concat([authenticatorData, sha256(clientDataJSON)]), overrides.signWith ?? credential.privateKey);
    if (overrides.corruptSignature) {
      signature = Buffer.from(signature);
      const last = signature.length - 1;
      signature[last] = (signature[last] ?? 0) ^ 0x01;
    }
    if (overrides.tamperAfterSigning) authenticatorData = overrides.tamperAfterSigning(authenticatorData);
    const userHandle = overrides.userHandle === null ? undefined : (overrides.userHandle ?? (credential.isDiscoverable ? credential.userHandle : undefined));
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: "public-key",
      authenticatorAttachment: "cross-platform",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
        ...(userHandle === undefined ? {} : { userHandle }),
      },
      clientExtensionResults: {},
    };
  }
}
