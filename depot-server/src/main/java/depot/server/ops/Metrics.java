package depot.server.ops;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Request counts and latencies per format, in the Prometheus text format. Thread-safe. */
public final class Metrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("depot_http_requests_total")
            .help("HTTP requests by format (or api, ui, ops), method and status")
            .labelNames("format", "method", "status").register(registry);
    private final Histogram latency = Histogram.builder().name("depot_http_request_duration_seconds")
            .help("HTTP request latency by format").classicOnly()
            .labelNames("format").register(registry);

    public void record(String format, String method, int status, double seconds) {
        requests.labelValues(format, method, String.valueOf(status)).inc();
        latency.labelValues(format).observe(seconds);
    }

    public String contentType() { return PrometheusTextFormatWriter.CONTENT_TYPE; }

    public byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toByteArray();
    }
}
