package depot.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The central directory is counted by walking its headers, whatever the end record claims. */
class ZipLimitsTest {
    @TempDir Path dir;

    @Test
    void an_archive_at_the_limit_passes_and_one_entry_more_is_refused() throws IOException {
        Path zip = write(zip(100, null));

        assertThatCode(() -> check(zip, 100)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(zip, 99)).isInstanceOf(DepotException.Invalid.class)
                .hasMessageContaining("more than 99 entries");
    }

    @Test
    void an_end_record_that_understates_the_count_does_not_hide_entries() throws IOException {
        byte[] bytes = zip(100, null);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = bytes.length - 22;
        assertThat(b.getInt(eocd)).isEqualTo(0x06054b50);
        b.putShort(eocd + 8, (short) 1).putShort(eocd + 10, (short) 1);

        assertThatThrownBy(() -> check(write(bytes), 10)).isInstanceOf(DepotException.Invalid.class);
    }

    @Test
    void an_archive_comment_is_skipped_and_non_zip_input_is_refused() throws IOException {
        assertThatCode(() -> check(write(zip(3, "x".repeat(40_000))), 3)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(write("not a zip at all".getBytes()), 10))
                .isInstanceOf(DepotException.Invalid.class).hasMessageContaining("not a valid zip");
        assertThatThrownBy(() -> check(write(new byte[0]), 10)).isInstanceOf(DepotException.Invalid.class);
    }

    /** Few entries can still make a directory a zip library holds whole: names and comments of 60,000 characters. */
    @Test
    void a_directory_larger_than_its_byte_limit_is_refused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < 150; i++) {
                ZipEntry e = new ZipEntry(i + "n".repeat(60_000));
                e.setComment("c".repeat(60_000));
                zip.putNextEntry(e);
            }
        }
        assertThatThrownBy(() -> check(write(out.toByteArray()), 50_000)).isInstanceOf(DepotException.Invalid.class)
                .hasMessageContaining("central directory is larger than 8 MiB");
    }

    @Test
    void the_channel_position_is_left_where_it_was() throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(write(zip(5, null)), StandardOpenOption.READ)) {
            ch.position(7);
            ZipLimits.requireAtMost(ch, 5, "the archive");
            assertThat(ch.position()).isEqualTo(7);
        }
    }

    private void check(Path zip, int max) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(zip, StandardOpenOption.READ)) {
            ZipLimits.requireAtMost(ch, max, "the archive");
        }
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "z", ".zip"), bytes);
    }

    private static byte[] zip(int entries, String comment) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            if (comment != null) zip.setComment(comment);
            for (int i = 0; i < entries; i++) {
                zip.putNextEntry(new ZipEntry("entry-" + i + ".txt"));
                zip.write(("content " + i).getBytes());
            }
        }
        return out.toByteArray();
    }
}
