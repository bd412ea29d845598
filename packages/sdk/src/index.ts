export {
  createRekeyClient,
  RekeyConfigurationError,
  TRPCClientError,
  tenantApiPath,
  type CreateRekeyClientOptions,
  type RekeyApiError,
  type RekeyClient,
  type RekeyInputs,
  type RekeyOutputs,
  type TenantRouter,
  type VerifiedSession,
} from "./client";
export { defaultSessionCookieName, sessionTokenOf, verifyRequest, type VerifyCacheOptions, type VerifyRequestOptions } from "./verify-request";
export {
  verifyWebhook,
  WebhookVerificationError,
  type RekeyWebhookEvent,
  type VerifyWebhookOptions,
  type WebhookHeaders,
  type WebhookVerificationErrorCode,
} from "./verify-webhook";
