import { z } from "zod";

// The tenant API's webhook inputs. URL, description, event types and the answers' shapes are the
// Developers page's (one definition of an endpoint for both); ids are checked by prefix and shape
// here, as the rest of the tenant API does, so a delivery id sent as an endpoint id is a 400.

export {
  deliveriesLimitInput,
  eventTypesInput,
  webhookDeliveryOutput,
  webhookDescriptionInput,
  webhookEndpointOutput,
  webhookUrlInput,
} from "../../developers/developer-schemas";

const idOf = (prefix: string, what: string) =>
  z
    .string({ error: `Send the ${what} id (${prefix}_...).` })
    .regex(new RegExp(`^${prefix}_[A-Za-z0-9_-]{22}$`), `That is not a ${what} id: it starts with ${prefix}_ followed by 22 letters, digits, - or _.`);

export const endpointIdInput = idOf("whe", "webhook endpoint");
export const deliveryIdInput = idOf("whd", "webhook delivery");
