package io.ringvault.restorer.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.message.VerifyFinished;
import io.ringvault.common.message.VerifyFinished.Problem;
import io.ringvault.common.message.VerifyFinished.ProblemKind;
import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.crypto.EncryptingObjectStore;
import io.ringvault.storage.crypto.KeyFileKeys;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every verifier test again with the backup stored encrypted, and what only encryption adds: an object altered in the
 * store fails authentication, which a deep verification reports as a checksum mismatch naming the object.
 */
class EncryptedBackupVerifierTest extends BackupVerifierTest {
    @TempDir
    Path keys;

    @Override
    ObjectStore openStore() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path keyFile =
                Files.writeString(keys.resolve("kek-1"), Base64.getEncoder().encodeToString(key));
        return new EncryptingObjectStore(new FilesystemObjectStore(root), KeyFileKeys.load(keyFile, List.of()));
    }

    @Test
    void shouldReportAnObjectAlteredInTheStoreAsAChecksumMismatchWithDeep() throws Exception {
        String altered = files.get(3).objectKey();
        try (RandomAccessFile file = new RandomAccessFile(root.resolve(altered).toFile(), "rw")) {
            file.seek(2000);
            int b = file.read();
            file.seek(2000);
            file.write(b ^ 0x01);
        }

        assertThat(verify(false).intact()).as("sizes alone cannot tell").isTrue();
        VerifyFinished report = verify(true);

        assertThat(report.problems()).extracting(Problem::kind).containsExactly(ProblemKind.CHECKSUM_MISMATCH);
        Problem problem = report.problems().get(0);
        assertThat(problem.objectKey()).isEqualTo(altered);
        assertThat(problem.detail()).contains(altered, "fails authentication");
    }
}
