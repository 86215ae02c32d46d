package escapelab.claims;

import escapelab.notebook.Charts;
import escapelab.notebook.Html;
import escapelab.notebook.Renderable;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/** Every pause of every run against time, on a log scale, so 0.01 ms and 400 ms fit in one picture. */
final class PauseChart implements Renderable {
    private static final double FLOOR_MS = 0.001; // a log axis has no zero; logs print 0.000 for the shortest

    private final List<GcPauses.Run> runs;
    private byte[] png;

    PauseChart(List<GcPauses.Run> runs) {
        this.runs = runs.stream().filter(GcPauses.Run::ok).toList();
    }

    @Override
    public byte[] toPng() {
        if (png == null) {
            png = draw();
            Charts.save("gc-pauses", png);
        }
        return png;
    }

    private byte[] draw() {
        System.setProperty("java.awt.headless", "true");
        GcPauses.Scale s = runs.isEmpty() ? GcPauses.Scale.current() : runs.get(0).scale();
        XYChart chart = new XYChartBuilder().width(900).height(480)
                .title("Stop-the-world pauses and stalls, " + s).xAxisTitle("seconds into the steady load")
                .yAxisTitle("ms (log scale)").build();
        var st = chart.getStyler();
        st.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        st.setYAxisLogarithmic(true);
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setChartBackgroundColor(Color.WHITE);
        st.setMarkerSize(7);
        int colour = 0;
        for (GcPauses.Run r : runs) {
            Color c = Charts.colour(colour++);
            if (!r.pauses().isEmpty()) {
                add(chart, r.collector() + " pauses", r.pauses(), c).setMarker(SeriesMarkers.CIRCLE);
            }
            if (!r.stalls().isEmpty()) {
                add(chart, r.collector() + " stalls", r.stalls(), c).setMarker(SeriesMarkers.TRIANGLE_UP);
            }
        }
        if (chart.getSeriesCollection().isEmpty()) {
            chart.addSeries("no pauses", new double[] {0}, new double[] {FLOOR_MS});
        }
        try {
            return ChartEncoder.getBytes(chart, "png");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static XYSeries add(XYChart chart, String name, List<GcPauses.Pause> pauses, Color c) {
        double[] x = pauses.stream().mapToDouble(GcPauses.Pause::atS).toArray();
        double[] y = pauses.stream().mapToDouble(p -> Math.max(FLOOR_MS, p.ms())).toArray();
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarkerColor(c);
        return series;
    }

    @Override
    public String toText() {
        StringBuilder b = new StringBuilder("pauses (ms) per collector, max first:\n");
        for (GcPauses.Run r : runs) {
            b.append(String.format("  %-9s %4d pauses, max %s, %d stalls%n", r.collector(), r.pauses().size(),
                    GcPauses.ms(r.maxPauseMs()), r.stalls().size()));
        }
        return b.toString();
    }

    @Override
    public String toHtml() {
        return "<img alt=\"" + Html.escape("GC pauses per collector") + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(toPng()) + "\"/>";
    }
}
