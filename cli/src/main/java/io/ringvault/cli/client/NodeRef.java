package io.ringvault.cli.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A Cassandra node as the coordinator names it: by host id, with its address, datacenter and rack for people. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeRef(String hostId, String address, String datacenter, String rack) {}
