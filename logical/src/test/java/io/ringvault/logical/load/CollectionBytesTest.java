package io.ringvault.logical.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectionBytesTest {
    private static ByteBuffer serialized(int... values) {
        ByteBuffer out = ByteBuffer.allocate(4 + values.length * 8);
        out.putInt(values.length);
        for (int value : values) {
            out.putInt(4).putInt(value);
        }
        return out.flip();
    }

    @Test
    void shouldSplitAListAndJoinAnyOfItsElementsBack() {
        List<ByteBuffer> elements = CollectionBytes.elements(serialized(1, 2, 3), false);

        assertThat(elements).hasSize(3);
        assertThat(CollectionBytes.collection(elements)).isEqualTo(serialized(1, 2, 3));
        assertThat(CollectionBytes.collection(List.of(elements.get(0), elements.get(2))))
                .isEqualTo(serialized(1, 3));
    }

    @Test
    void shouldSplitAMapIntoKeyValuePairs() {
        // {1: 2, 3: 4} is a count of 2 then key, value, key, value.
        ByteBuffer map = serialized(1, 2, 3, 4).putInt(0, 2);

        List<ByteBuffer> pairs = CollectionBytes.elements(map, true);

        assertThat(pairs).hasSize(2);
        assertThat(pairs.get(1).remaining()).isEqualTo(16);
        assertThat(CollectionBytes.collection(new ArrayList<>(pairs))).isEqualTo(map);
    }

    @Test
    void shouldSplitUdtFieldsKeepingNullOnes() {
        ByteBuffer udt =
                ByteBuffer.allocate(4 + 2 + 4 + 4 + 0).putInt(2).put((byte) 'h').put((byte) 'i');
        udt.putInt(-1).putInt(0).flip();

        List<ByteBuffer> fields = CollectionBytes.fields(udt);

        assertThat(fields).hasSize(3);
        assertThat(fields.get(0).remaining()).isEqualTo(2);
        assertThat(fields.get(1)).isNull();
        assertThat(fields.get(2).remaining()).isZero();
    }

    @Test
    void shouldRefuseACollectionWhoseLengthsDoNotAddUp() {
        ByteBuffer broken = serialized(1, 2);
        broken.limit(broken.limit() - 2);

        assertThatThrownBy(() -> CollectionBytes.elements(broken, false)).isInstanceOf(RuntimeException.class);
    }
}
