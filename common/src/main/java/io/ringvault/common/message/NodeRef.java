package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A Cassandra node as ringvault identifies it: by its host id (from {@code system.local}), never by name or address,
 * which change. The address, datacenter and rack are for people reading events.
 *
 * @param hostId the node's Cassandra host id; required
 * @param address the node's broadcast address when the event was written
 * @param datacenter the node's datacenter; required
 * @param rack the node's rack
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeRef(String hostId, String address, String datacenter, String rack) {
    public NodeRef {
        Names.requireText(hostId, "hostId");
        Names.requireText(datacenter, "datacenter");
    }
}
