package io.github.kinesisproducer.internal.aggregation;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random protobuf bytes shaped like an {@code AggregatedRecord}, for differential tests of the decoder: mostly
 * well-formed, with every liberty protobuf-java takes or refuses within reach of a few random choices (fields in any
 * order and repeated, required fields left out, known field numbers with other wire types, unknown fields of every
 * wire type, groups nested up to and past the recursion limit, over-long and over-wide varints for tags and lengths,
 * 10-byte varints with a continuation bit on their last byte, invalid UTF-8, table indexes out of range), and now and
 * then one corrupted byte.
 */
final class KplProtobufGenerator {
    private final Random r;

    private KplProtobufGenerator(Random r) {
        this.r = r;
    }

    /** The protobuf bytes (no magic, no MD5) drawn from {@code random}. */
    static byte[] aggregatedRecord(Random random) {
        KplProtobufGenerator g = new KplProtobufGenerator(random);
        byte[] pb = g.aggregate();
        return random.nextInt(8) == 0 ? g.corrupt(pb) : pb;
    }

    private byte[] aggregate() {
        List<byte[]> fields = new ArrayList<>();
        if (r.nextInt(10) != 0) {
            fields.add(lengthDelimited(1, string())); // most aggregates have keys to index
        }
        if (r.nextBoolean()) {
            fields.add(lengthDelimited(2, string()));
        }
        for (int n = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(6); n > 0; n--) {
            switch (r.nextInt(10)) {
                case 0, 1 -> fields.add(lengthDelimited(1, string()));
                case 2 -> fields.add(lengthDelimited(2, string()));
                case 3, 4, 5, 6, 7 -> fields.add(lengthDelimited(3, record()));
                default -> fields.add(unknownField(0));
            }
        }
        Collections.shuffle(fields, r);
        return concat(fields);
    }

    private byte[] record() {
        List<byte[]> fields = new ArrayList<>();
        if (r.nextInt(20) != 0) {
            fields.add(varintField(1, index()));
        }
        if (r.nextInt(3) == 0) {
            fields.add(varintField(2, index()));
        }
        if (r.nextInt(20) != 0) {
            fields.add(lengthDelimited(3, bytes(r.nextInt(6))));
        }
        if (r.nextInt(8) == 0) {
            fields.add(varintField(1, index())); // a repeated optional field: the last one wins
        }
        for (int i = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0; i > 0; i--) {
            fields.add(lengthDelimited(4, tag()));
        }
        for (int i = r.nextInt(4) == 0 ? 1 : 0; i > 0; i--) {
            fields.add(unknownField(1));
        }
        Collections.shuffle(fields, r);
        return concat(fields);
    }

    private byte[] tag() {
        List<byte[]> fields = new ArrayList<>();
        if (r.nextInt(10) != 0) {
            fields.add(lengthDelimited(1, string()));
        }
        if (r.nextBoolean()) {
            fields.add(lengthDelimited(2, string()));
        }
        if (r.nextInt(5) == 0) {
            fields.add(unknownField(2));
        }
        Collections.shuffle(fields, r);
        return concat(fields);
    }

    /** Mostly valid indexes into small tables, sometimes past them or past every int. */
    private long index() {
        return switch (r.nextInt(40)) {
            case 0 -> Integer.MAX_VALUE;
            case 1 -> 1L << 32;
            case 2 -> -1L; // 2^64 - 1
            case 3 -> 3 + r.nextInt(5);
            default -> r.nextInt(8) == 0 ? 1 : 0;
        };
    }

    /** A field this schema does not know at this place, or a known number with any wire type. */
    private byte[] unknownField(int depth) {
        int number = switch (r.nextInt(4)) {
            case 0 -> 1 + r.nextInt(4); // a known number, likely with another wire type
            case 1 -> (1 << 29) - 1;    // the largest field number
            default -> 5 + r.nextInt(20);
        };
        // Mostly the five wire types a field can have; now and then a stray end-group or wire type 6 or 7.
        int wireType = r.nextInt(32) == 0 ? new int[] {4, 6, 7}[r.nextInt(3)] : new int[] {0, 1, 2, 3, 5}[r.nextInt(5)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(tagBytes(number, wireType));
        switch (wireType) {
            case 0 -> out.writeBytes(varint64(r.nextLong() >>> r.nextInt(64)));
            case 1 -> out.writeBytes(bytes(8));
            case 2 -> {
                byte[] body = bytes(r.nextInt(4));
                out.writeBytes(varintForInt(body.length));
                out.writeBytes(body);
            }
            case 3 -> {
                // Usually shallow; sometimes a chain that reaches protobuf-java's recursion limit of 100.
                int chain = r.nextInt(10) == 0 ? 95 - depth + r.nextInt(8) : 0;
                for (int i = 0; i < chain; i++) {
                    out.writeBytes(tagBytes(number, 3));
                }
                if (depth + chain < 110 && r.nextBoolean()) {
                    out.writeBytes(unknownField(depth + chain + 1));
                }
                for (int i = 0; i < chain; i++) {
                    out.writeBytes(tagBytes(number, 4));
                }
                out.writeBytes(tagBytes(r.nextInt(20) == 0 ? number + 1 : number, 4)); // sometimes the wrong end
            }
            case 5 -> out.writeBytes(bytes(4));
            default -> { } // 4, 6, 7: nothing could make them valid
        }
        return out.toByteArray();
    }

    private byte[] varintField(int number, long value) {
        return concat(List.of(tagBytes(number, 0), varint64(value)));
    }

    /** A 64-bit varint field's value: minimal, padded, or 10 bytes with a continuation bit on the last one. */
    private byte[] varint64(long value) {
        return switch (r.nextInt(24)) {
            case 0, 1 -> varint(value, 1 + r.nextInt(10));
            case 2 -> {
                byte[] b = varint(value | r.nextInt(2) * Long.MIN_VALUE, 10);
                b[9] |= (byte) 0x80; // protobuf-java accepts this when the byte's lowest bit is set
                yield b;
            }
            default -> varint(value, 0);
        };
    }

    private byte[] lengthDelimited(int number, byte[] body) {
        return concat(List.of(tagBytes(number, 2), varintForInt(body.length), body));
    }

    private byte[] tagBytes(int number, int wireType) {
        return varintForInt(number << 3 | wireType);
    }

    /** An int as protobuf-java reads tags and lengths: minimal, padded, or with garbage above bit 32. */
    private byte[] varintForInt(int value) {
        long unsigned = value & 0xFFFF_FFFFL;
        return switch (r.nextInt(10)) {
            case 0 -> varint(unsigned, 1 + r.nextInt(10));
            case 1 -> varint(unsigned | (r.nextLong() << 32), 0);
            default -> varint(unsigned, 0);
        };
    }

    /** The varint encoding of {@code value}, padded with continuation bytes to {@code minBytes} (at most 10). */
    private static byte[] varint(long value, int minBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long v = value;
        int written = 0;
        while (true) {
            written++;
            boolean more = (v & ~0x7FL) != 0 || written < minBytes && written < 10;
            out.write((int) (v & 0x7F) | (more ? 0x80 : 0));
            v >>>= 7;
            if (!more) {
                return out.toByteArray();
            }
        }
    }

    /** Mostly ASCII, sometimes multi-byte UTF-8, sometimes bytes that are not UTF-8 at all. */
    private byte[] string() {
        return switch (r.nextInt(6)) {
            case 0 -> bytes(r.nextInt(5));
            case 1 -> "\u00e9\ud83d\ude00".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            default -> Character.toString('a' + r.nextInt(3)).repeat(r.nextInt(3))
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        };
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private byte[] corrupt(byte[] pb) {
        if (pb.length == 0) {
            return pb;
        }
        byte[] out = pb.clone();
        int p = r.nextInt(out.length);
        switch (r.nextInt(3)) {
            case 0 -> out[p] = (byte) r.nextInt(256);
            case 1 -> out[p] ^= (byte) (1 << r.nextInt(8));
            default -> out = java.util.Arrays.copyOf(out, p);
        }
        return out;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
