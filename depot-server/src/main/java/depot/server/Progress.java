package depot.server;

import depot.core.packages.Maintenance;

/** A one-line progress display on stderr for long CLI work, redrawn at most a few times a second. */
final class Progress {
    private final String task;
    private final long started = System.nanoTime();
    private long lastDraw;

    Progress(String task) { this.task = task; }

    void update(Maintenance.Progress p) {
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L) return;
        lastDraw = now;
        double secs = Math.max(0.001, (now - started) / 1e9);
        System.err.printf("\r%s: %s %d blobs, %s (%s/s)   ", task, p.phase(), p.done(), bytes(p.bytes()),
                bytes((long) (p.bytes() / secs)));
    }

    void done() {
        if (lastDraw != 0) System.err.println();
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String units = "KMGTPE";
        int i = (int) (Math.log(n) / Math.log(1024));
        return String.format("%.1f %siB", n / Math.pow(1024, i), units.charAt(i - 1));
    }
}
