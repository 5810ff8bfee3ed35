package depot.it.cargo;

import depot.it.support.Api;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Crates and publish bodies built in Java, as cargo sends them, for the tests that need many or hostile ones. */
public final class Crates {
    private Crates() {}

    /** The publish metadata of a crate without dependencies. */
    public static String metadata(String name, String version) {
        return "{\"name\":\"" + name + "\",\"vers\":\"" + version + "\",\"deps\":[],\"features\":{},\"authors\":[],"
                + "\"description\":\"" + name + " for the tests\",\"license\":\"MIT\",\"keywords\":[],\"categories\":[],"
                + "\"links\":null}";
    }

    /** A .crate: a gzip'd tar of {@code name-version/Cargo.toml} and a source file. */
    public static byte[] crate(String name, String version) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(name + "-" + version + "/Cargo.toml", ("[package]\nname = \"" + name + "\"\nversion = \"" + version
                + "\"\nedition = \"2021\"\n").getBytes(StandardCharsets.UTF_8));
        files.put(name + "-" + version + "/src/lib.rs", "pub fn f() {}\n".getBytes(StandardCharsets.UTF_8));
        return tgz(files);
    }

    public static byte[] tgz(Map<String, byte[]> files) {
        return depot.it.support.Archives.tgz(files);
    }

    /** The body of {@code cargo publish}: u32 LE length, JSON, u32 LE length, .crate. */
    public static byte[] body(String json, byte[] crate) {
        byte[] meta = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + meta.length + crate.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(meta.length).put(meta).putInt(crate.length).put(crate);
        return b.array();
    }

    public static Api.Response publish(Api api, String cargo, byte[] body) {
        return api.send(api.request(cargo + "/api/v1/crates/new").header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public static Api.Response publish(Api api, String cargo, String name, String version) {
        return publish(api, cargo, body(metadata(name, version), crate(name, version)));
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
