package escapelab.layout;

import escapelab.LabException;
import escapelab.notebook.Html;
import escapelab.notebook.Renderable;
import escapelab.notebook.Table;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** What n int pairs cost when kept three ways, measured by JOL's GraphLayout in each mode. */
public record Footprint(List<Point> points, List<String> problems) implements Renderable {
    /** One structure of n pairs in one mode: total bytes and number of objects. */
    public record Point(String target, String structure, int n, long bytes, long objects) {
    }

    public Table table() {
        Table t = new Table(List.of("mode", "structure", "n", "bytes", "objects", "bytes per pair"));
        for (Point p : points) {
            t.row(p.target(), p.structure(), String.valueOf(p.n()), String.format(Locale.ROOT, "%,d", p.bytes()),
                    String.format(Locale.ROOT, "%,d", p.objects()), String.format(Locale.ROOT, "%.1f", (double) p.bytes() / p.n()));
        }
        return t.caption("n pairs of ints (values outside the Integer cache), measured with JOL's GraphLayout");
    }

    /** Bytes per pair against n, a line per structure and mode. */
    public byte[] png() {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(760).height(420).title("Bytes per pair of ints, by structure")
                .xAxisTitle("n (pairs)").yAxisTitle("bytes per pair").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setYAxisMin(0.0);
        LinkedHashSet<String> series = new LinkedHashSet<>();
        points.forEach(p -> series.add(p.structure() + " | " + p.target()));
        for (String s : series) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            points.stream().filter(p -> (p.structure() + " | " + p.target()).equals(s)).forEach(p -> {
                xs.add((double) p.n());
                ys.add((double) p.bytes() / p.n());
            });
            chart.addSeries(s, xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        try {
            return ChartEncoder.getBytes(chart, "png");
        } catch (IOException e) {
            throw LabException.environment("cannot draw the chart: " + e.getMessage());
        }
    }

    @Override
    public String toText() {
        StringBuilder b = new StringBuilder(table().toText());
        problems.forEach(p -> b.append(p).append('\n'));
        return b.toString();
    }

    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder();
        problems.forEach(p -> b.append("<div style=\"color:#a3240f\">").append(Html.escape(p)).append("</div>"));
        b.append("<img alt=\"bytes per pair\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png())).append("\"/>");
        return b.append(table().toHtml()).toString();
    }
}
