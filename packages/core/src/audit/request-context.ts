/** Where a request came from: recorded with audit events and sessions. Never holds secrets. */
export type RequestContext = {
  ip: string;
  userAgent: string;
};

export const systemRequestContext: RequestContext = { ip: "", userAgent: "rekey-system" };
