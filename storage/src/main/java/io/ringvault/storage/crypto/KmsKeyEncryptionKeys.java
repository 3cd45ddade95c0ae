package io.ringvault.storage.crypto;

/**
 * Key encryption keys held by a key management service (AWS KMS, Google Cloud KMS, Azure Key Vault, HashiCorp Vault's
 * transit engine): {@link #wrap} would be the service's Encrypt call on the current key (or GenerateDataKey),
 * {@link #unwrap} its Decrypt call, and the key id the service's key name or ARN. The KEK then never reaches this
 * process.
 *
 * <p><b>Not implemented</b>: no KMS can be run where ringvault is built and tested, and a client that was never run
 * against one would only pretend to work. This interface marks where one goes; the object format already takes a
 * wrapped key of up to {@link EnvelopeFormat#MAX_WRAPPED_KEY_BYTES} bytes (an RSA-4096 wrap, an AWS KMS ciphertext
 * blob) and a key id of up to {@link EnvelopeFormat#MAX_KEY_ID_BYTES} bytes (an ARN). An implementation would be chosen
 * in {@link Encryptions#keys} by a setting such as {@code ringvault.storage.encryption.kms-key}.
 */
public interface KmsKeyEncryptionKeys extends KeyEncryptionKeys {}
