/**
 * The message contract of ringvault: the commands and events that the coordinator, node agents, uploaders and
 * restorers exchange over Kafka. Services never depend on each other, only on this module.
 */
package io.ringvault.common;
