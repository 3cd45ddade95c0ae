package io.ringvault.cli.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An RFC 9457 {@code application/problem+json} answer: why the coordinator refused a request. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Problem(String type, String title, Integer status, String detail, String instance) {}
