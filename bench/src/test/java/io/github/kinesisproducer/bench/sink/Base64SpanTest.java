package io.github.kinesisproducer.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64SpanTest {
    @Test
    void decodesLikeTheJdkForEveryLength() {
        Random rnd = new Random(1);
        for (int len = 0; len < 300; len++) {
            byte[] data = new byte[len];
            rnd.nextBytes(data);
            byte[] text = ("xx" + Base64.getEncoder().encodeToString(data) + "yy").getBytes(StandardCharsets.US_ASCII);
            int from = 2;
            int to = text.length - 2;
            assertThat(Base64Span.decodedLength(text, from, to)).as("length %d", len).isEqualTo(len);
            byte[] out = new byte[len + 3];
            int n = Base64Span.decode(text, from, to, out);
            assertThat(n).isEqualTo(len);
            assertThat(Arrays.copyOf(out, n)).isEqualTo(data);
        }
    }

    @Test
    void rejectsNonBase64() {
        byte[] text = "QUJD!A==".getBytes(StandardCharsets.US_ASCII);
        assertThat(Base64Span.decode(text, 0, text.length, new byte[8])).isEqualTo(-1);
    }
}
