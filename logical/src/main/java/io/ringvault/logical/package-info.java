/**
 * The logical backup engine: a table's schema as CQL ({@code schema}), its rows in ringvault's native chunk format
 * ({@code format}, described in {@code docs/logical-format.md}), exported by token range ({@code export}) and imported
 * with each cell's write time and TTL ({@code load}). No Kafka, no HTTP: an exporter writes chunk files to a directory,
 * an importer reads chunk files; the services announce and ship them.
 */
package io.ringvault.logical;
