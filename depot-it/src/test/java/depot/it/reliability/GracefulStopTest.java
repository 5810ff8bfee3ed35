package depot.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.DepotProcess;
import depot.it.support.OneStack;
import depot.it.support.RawHttp;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop (SIGTERM, what a service manager and Ctrl-C send) lets the requests in progress finish and answer: a client
 * whose publish commits while the server stops is told so, instead of losing the connection and retrying a publish
 * that is stored. Before, the server closed every connection at once. The packaged jar, on its own data.
 */
@OneStack
class GracefulStopTest {
    private static final String TOKEN = "graceful-stop-root-token-without-prefix";

    @TempDir Path dir;

    @Test
    void an_upload_in_progress_when_the_server_is_told_to_stop_completes_and_gets_its_reply() throws Exception {
        // given: a project, and an upload whose head and first half have arrived
        DepotProcess depot = new DepotProcess(DepotProcess.freePort(), dir.resolve("data"), dir.resolve("depot.log"),
                Map.of("DEPOT_INITIAL_ROOT_TOKEN", TOKEN));
        try {
            depot.start();
            depot.awaitReady();
            Api api = depot.api(TOKEN);
            long project = api.post("/api/v4/projects", Map.of("name", "stopping")).json().get("id").asLong();
            byte[] body = "half of it, then the other half".getBytes(StandardCharsets.UTF_8);
            int half = body.length / 2;
            String reply;
            try (Socket socket = new Socket("127.0.0.1", depot.port())) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(("PUT /api/v4/projects/" + project + "/packages/generic/stopping/1.0.0/late.txt HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nPrivate-Token: " + TOKEN + "\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, half);
                out.flush();
                Thread.sleep(300);   // the request is being read by then

                // when: the server is told to stop, and the rest of the body comes after that
                depot.signalStop();
                Thread.sleep(500);
                out.write(body, half, body.length - half);
                out.flush();
                reply = RawHttp.response(socket.getInputStream());
            }

            // then: the reply came, the server ended, and the file is there when it starts again
            assertThat(reply).startsWith("HTTP/1.1 201");
            assertThat(depot.awaitExit(30)).isTrue();
            depot.start();
            depot.awaitReady();
            assertThat(api.get("/api/v4/projects/" + project + "/packages/generic/stopping/1.0.0/late.txt").body())
                    .isEqualTo("half of it, then the other half");
        } finally {
            depot.kill();   // the server may not end: the test failed
        }
    }
}
