/**
 * The HTTP SMS-gateway adapter of the notification transport: `SmsGateway.layer` / `layerConfig` provide
 * `@vertaistuki/notify`'s `SmsTransport` as a configurable JSON `POST`, and `DeliveryReceipt.parse` reads
 * the gateway's delivery-receipt callbacks.
 *
 * @since 0.1.0
 */

/** The SMS transport on an HTTP gateway. */
export * as SmsGateway from "./SmsGateway.js"
/** The gateway's delivery-receipt callbacks. */
export * as DeliveryReceipt from "./DeliveryReceipt.js"
