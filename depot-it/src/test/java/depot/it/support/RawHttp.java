package depot.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP/1.1 by hand, for requests no client library sends: a head that declares a body which never comes. */
public final class RawHttp {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)");

    private RawHttp() {}

    /**
     * Sends {@code head} (request line and headers, ending in an empty line) and nothing else, half-closes the
     * connection when {@code halfClose}, and returns the response: status line, headers and a Content-Length body.
     */
    public static String send(int port, String head, boolean halfClose) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (halfClose) socket.shutdownOutput();
            return response(socket.getInputStream());
        }
    }

    /** One response read from a connection the server may keep open. */
    public static String response(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.append((char) b);
        }
        Matcher length = CONTENT_LENGTH.matcher(head);
        return head + (length.find() ? new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8) : "");
    }
}
