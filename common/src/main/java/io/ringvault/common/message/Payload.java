package io.ringvault.common.message;

/**
 * The {@code data} of a ringvault CloudEvent. Every payload is a record, validated in its constructor, under one of three
 * families: {@link Request} (from anyone, to the coordinator), {@link Command} (from the coordinator, to the workers) and
 * {@link Event} (a state change, the audit trail).
 *
 * <p>The contract evolves by adding optional fields only; readers ignore fields they do not know.
 */
public sealed interface Payload permits Request, Command, Event {}
