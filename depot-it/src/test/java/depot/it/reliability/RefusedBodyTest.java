package depot.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import depot.it.support.RawHttp;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A client that sends a whole body before it reads the answer (as Java's HTTP client, curl without
 * {@code Expect: 100-continue} and most package managers do) hears a 413 for a body over the limit, never a dropped
 * connection. Before the server read the refused body away, it closed with the body's bytes unread and the kernel's
 * reset overtook the answer: "header parser received no bytes" on the client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusedBodyTest {
    private TestServer server;
    private Api root;
    private String file;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE, Map.of("max_upload_size_generic", "1m"));
        World world = new World(server);
        long project = world.project(world.group("refused", "private"), "p", "private");
        root = server.root();
        file = "/api/v4/projects/" + project + "/packages/generic/big/1.0.0/big.bin";
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    /**
     * The head and a first part of the body, a short pause (the server decides meanwhile), the rest; then the answer.
     * Before the drain the server had closed during the pause, and the rest of the body met a reset.
     */
    @Test
    void a_client_that_pauses_mid_body_still_hears_the_413() throws Exception {
        byte[] body = new byte[8 << 20];
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + file + " HTTP/1.1\r\nHost: 127.0.0.1\r\nPrivate-Token: " + TestServer.ROOT_TOKEN
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 64 << 10);
            out.flush();
            Thread.sleep(100);
            out.write(body, 64 << 10, body.length - (64 << 10));
            out.flush();
            String answer = RawHttp.response(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413").contains("1048576 bytes");
        }
    }

    /** A client that sends only the head and waits hears the 413 too (the drain stops waiting for a body). */
    @Test
    void a_client_that_sends_only_the_head_and_waits_hears_the_413() throws Exception {
        String answer = RawHttp.send(server.port(), "PUT " + file + " HTTP/1.1\r\nHost: 127.0.0.1\r\nPrivate-Token: "
                + TestServer.ROOT_TOKEN + "\r\nContent-Length: " + (8 << 20) + "\r\n\r\n", false);
        assertThat(answer).startsWith("HTTP/1.1 413").contains("1048576 bytes");
    }

    @Test
    void a_body_over_the_limit_sent_whole_gets_the_413_every_time() {
        byte[] body = new byte[8 << 20];
        for (int i = 0; i < 10; i++) {
            Api.Response r = root.send(root.request(file).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
            assertThat(r.status()).as("try %d: %s", i, r.body()).isEqualTo(413);
            assertThat(r.body()).contains("1048576 bytes");
        }
        assertThat(root.get(file).status()).isEqualTo(404);
        // a body that fits still goes in on the next connection
        assertThat(root.putBytes(file, new byte[1 << 20]).status()).isEqualTo(201);
    }
}
