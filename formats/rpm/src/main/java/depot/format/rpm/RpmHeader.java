package depot.format.rpm;

import depot.core.error.DepotException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The front of an RPM file, read with every part bounded before it is allocated: the 96-byte lead, the signature
 * header (padded to 8 bytes) and the main header, each an index of 16-byte entries (tag, type, offset, count) over a
 * data store. The payload after them is not read. Tags are looked up by number with typed accessors; an entry whose
 * type or extent does not fit its store is refused when the header is read, not when it is used.
 */
final class RpmHeader {
    static final int LEAD_SIZE = 96;
    /** Index entries of one header (rpm itself allows 65,535; real packages use a few hundred at most). */
    static final int MAX_ENTRIES = 16_384;
    /** Bytes of one header's data store: a package of ~65,000 files fits. */
    static final int MAX_DATA = 8 << 20;
    private static final byte[] LEAD_MAGIC = {(byte) 0xED, (byte) 0xAB, (byte) 0xEE, (byte) 0xDB};
    private static final byte[] HEADER_MAGIC = {(byte) 0x8E, (byte) 0xAD, (byte) 0xE8, 0x01};
    private static final int[] TYPE_SIZE = {0, 1, 1, 2, 4, 8, -1, 1, -1, -1};
    static final int STRING = 6, BIN = 7, STRING_ARRAY = 8;

    private record Entry(int type, int offset, int count) {}

    private final Map<Integer, Entry> entries;
    /** The header as it is in the file: its 16-byte intro, its index and its data store. */
    private final byte[] intro, index, data;
    /** Where the main header starts and ends in the file (primary.xml's header-range). */
    final long start, end;

    private RpmHeader(Map<Integer, Entry> entries, byte[] intro, byte[] index, byte[] data, long start, long end) {
        this.entries = entries;
        this.intro = intro;
        this.index = index;
        this.data = data;
        this.start = start;
        this.end = end;
    }

    /** The lead, the signature header and the main header of an RPM, in that order. */
    record Headers(byte[] lead, RpmHeader signature, RpmHeader main) {}

    static Headers read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        try {
            byte[] lead = in.readNBytes(LEAD_SIZE);
            if (lead.length < LEAD_MAGIC.length || !startsWith(lead, LEAD_MAGIC)) {
                throw invalid("not an RPM file (no lead): send the .rpm itself as the body (curl --upload-file), not a form");
            }
            if (lead.length < LEAD_SIZE) throw new EOFException();
            if (lead[4] != 3 && lead[4] != 4) throw invalid("unsupported RPM format version " + lead[4]);
            RpmHeader signature = header(in, LEAD_SIZE, "signature header");
            long sigEnd = signature.end;
            long pad = (8 - sigEnd % 8) % 8;
            in.readFully(new byte[(int) pad]);
            RpmHeader main = header(in, sigEnd + pad, "header");
            return new Headers(lead, signature, main);
        } catch (EOFException e) {
            throw invalid("the RPM ends inside its headers");
        }
    }

    private static RpmHeader header(DataInputStream in, long start, String what) throws IOException {
        byte[] intro = new byte[16];
        in.readFully(intro);
        if (!startsWith(intro, HEADER_MAGIC)) throw invalid("bad " + what + " magic");
        ByteBuffer b = ByteBuffer.wrap(intro);
        int count = b.getInt(8);
        int size = b.getInt(12);
        if (count < 1 || count > MAX_ENTRIES) throw invalid(what + " has " + Integer.toUnsignedString(count) + " entries (at most " + MAX_ENTRIES + ")");
        if (size < 0 || size > MAX_DATA) throw invalid(what + " data is " + Integer.toUnsignedString(size) + " bytes (at most " + MAX_DATA + ")");
        byte[] index = new byte[count * 16];
        in.readFully(index);
        byte[] data = new byte[size];
        in.readFully(data);
        ByteBuffer ix = ByteBuffer.wrap(index);
        Map<Integer, Entry> entries = new HashMap<>();
        // strings are scanned for their ends once here; entries that overlap to make that scan long are refused
        long scanned = 0;
        for (int i = 0; i < count; i++) {
            int tag = ix.getInt(), type = ix.getInt(), offset = ix.getInt(), n = ix.getInt();
            // region tags (61-63) point at a trailer with a negative offset; they carry no value of their own
            if (tag >= 61 && tag <= 63) continue;
            if (type < 0 || type > 9 || type == 0) throw invalid(what + " tag " + tag + " has type " + type);
            if (offset < 0 || offset > size || n < 1 || n > size) throw invalid(what + " tag " + tag + " lies outside the header");
            int unit = TYPE_SIZE[type];
            if (unit > 0 && (long) n * unit > size - offset) throw invalid(what + " tag " + tag + " lies outside the header");
            if (unit < 0) {
                // n NUL-terminated strings, all inside the store
                int p = offset;
                for (int k = 0; k < n; k++) {
                    while (p < size && data[p] != 0) p++;
                    if (p >= size) throw invalid(what + " tag " + tag + " has an unterminated string");
                    p++;
                }
                scanned += p - offset;
                if (scanned > 2L * size + 4096) throw invalid(what + " has string entries that overlap");
                if (type == STRING && n != 1) throw invalid(what + " tag " + tag + " is a string with count " + n);
            }
            entries.putIfAbsent(tag, new Entry(type, offset, n));
        }
        return new RpmHeader(entries, intro, index, data, start, start + 16 + index.length + size);
    }

    boolean has(int tag) { return entries.containsKey(tag); }

    /** Feeds the header's bytes, as they are in the file, to {@code digest}. */
    void update(java.security.MessageDigest digest) {
        digest.update(intro);
        digest.update(index);
        digest.update(data);
    }

    /** The header's bytes as they are in the file (what a header signature signs). */
    byte[] bytes() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) (end - start));
        out.writeBytes(intro);
        out.writeBytes(index);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** The tags this header holds (region tags left out), in ascending order. */
    List<Integer> tags() {
        return entries.keySet().stream().sorted().toList();
    }

    /** A tag's type (as the index gives it) and its raw bytes in the store: what a copy of the entry needs. */
    record Raw(int type, int count, byte[] bytes) {}

    Raw raw(int tag) {
        Entry e = entries.get(tag);
        int end;
        if (TYPE_SIZE[e.type] > 0) {
            end = e.offset + e.count * TYPE_SIZE[e.type];
        } else {
            end = e.offset;
            for (int k = 0; k < e.count; k++) {
                while (data[end] != 0) end++;
                end++;
            }
        }
        return new Raw(e.type, e.count, java.util.Arrays.copyOfRange(data, e.offset, end));
    }

    /** How many values a tag holds (0 when absent): checked against a limit before its values are read. */
    int count(int tag) {
        Entry e = entries.get(tag);
        return e == null ? 0 : e.count;
    }

    /** A string tag (the first of an array or i18n table), or null. */
    String string(int tag) {
        List<String> first = strings(tag, 1);
        return first.isEmpty() ? null : first.get(0);
    }

    /** A string-array tag's strings (a plain string tag as one), empty when absent or not a string. */
    List<String> strings(int tag) {
        return strings(tag, Integer.MAX_VALUE);
    }

    /** The first {@code limit} strings of a string-array tag. */
    List<String> strings(int tag, int limit) {
        Entry e = entries.get(tag);
        if (e == null || TYPE_SIZE[e.type] >= 0) return List.of();
        int n = Math.min(e.count, limit);
        List<String> out = new ArrayList<>(n);
        int p = e.offset;
        for (int k = 0; k < n; k++) {
            int q = p;
            while (data[q] != 0) q++;
            out.add(new String(data, p, q - p, StandardCharsets.UTF_8));
            p = q + 1;
        }
        return out;
    }

    /** An integer tag's values (INT8, INT16 and INT32 as unsigned, INT64 as is), empty when absent. */
    long[] numbers(int tag) {
        return numbers(tag, Integer.MAX_VALUE);
    }

    /** The first {@code limit} values of an integer tag. */
    long[] numbers(int tag, int limit) {
        Entry e = entries.get(tag);
        if (e == null) return new long[0];
        ByteBuffer b = ByteBuffer.wrap(data);
        long[] out = new long[Math.min(e.count, limit)];
        for (int k = 0; k < out.length; k++) {
            int at = e.offset + k * Math.max(TYPE_SIZE[e.type], 0);
            out[k] = switch (e.type) {
                case 2, 1 -> data[at] & 0xFFL;
                case 3 -> b.getShort(at) & 0xFFFFL;
                case 4 -> b.getInt(at) & 0xFFFFFFFFL;
                case 5 -> b.getLong(at);
                default -> throw invalid("tag " + tag + " is not a number");
            };
        }
        return out;
    }

    /** The first value of an integer tag, or {@code otherwise}. */
    long number(int tag, long otherwise) {
        long[] first = numbers(tag, 1);
        return first.length == 0 ? otherwise : first[0];
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        for (int i = 0; i < magic.length; i++) if (bytes[i] != magic[i]) return false;
        return true;
    }

    static DepotException.Invalid invalid(String message) {
        return new DepotException.Invalid(message);
    }
}
