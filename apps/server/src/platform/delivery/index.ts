/** Email and webhook delivery of notifications through a transactional outbox. */
export { enqueueDeliveries, insertDelivery, MAX_ATTEMPTS, RETRY_MINUTES, type DeliveryMessage } from './enqueue.ts';
export { processOutbox, requeueFailed, startOutboxWorker, type OutboxReport } from './outbox.ts';
export { secretsFor } from './secrets.ts';
