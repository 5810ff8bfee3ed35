package depot.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DownloadChartTest {
    @Test
    void one_bar_per_day_scaled_to_a_round_top_with_the_dates_and_counts_as_tooltips() {
        long[] days = new long[30];
        days[29] = 7;
        days[0] = 3;
        int last = (int) LocalDate.of(2026, 12, 7).toEpochDay();
        String svg = DownloadChart.svg(days, last);

        assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("role=\"img\"")
                .contains("over the last 30 days: 10 in all</title>");
        assertThat(svg.split("<rect ", -1)).hasSize(31);
        assertThat(svg).contains("data-day=\"2026-12-07\" data-count=\"7\"><title>2026-12-07: 7 downloads</title>")
                .contains("data-day=\"2026-11-08\" data-count=\"3\"")
                .contains(">Nov 8</text>", ">Dec 7</text>", ">10</text>");
        // the tallest bar reaches 7/10 of the plot's 134 units
        assertThat(svg).contains("height=\"93.8\" data-day=\"2026-12-07\"");
        assertThat(svg).doesNotContain("<script", " on");
    }

    @Test
    void round_tops() {
        assertThat(DownloadChart.niceCeiling(1)).isEqualTo(1);
        assertThat(DownloadChart.niceCeiling(3)).isEqualTo(5);
        assertThat(DownloadChart.niceCeiling(11)).isEqualTo(20);
        assertThat(DownloadChart.niceCeiling(51)).isEqualTo(100);
        assertThat(DownloadChart.niceCeiling(1_234_567)).isEqualTo(2_000_000);
    }
}
