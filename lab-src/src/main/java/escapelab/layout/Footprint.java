package escapelab.layout;

import escapelab.LabException;
import escapelab.notebook.Html;
import escapelab.notebook.Renderable;
import escapelab.notebook.Table;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** What n int pairs cost when kept three ways, measured by JOL's GraphLayout in each mode. */
public record Footprint(List<Point> points, List<String> problems) implements Renderable {
    /** A structure's colour in the chart; its modes share it and differ by line and marker. */
    private static final List<Color> STRUCTURE_COLOURS = List.of(new Color(0x2b6cb0), new Color(0xd9730d),
            new Color(0x2f855a), new Color(0x9b2c2c), new Color(0x6b46c1));
    private static final List<BasicStroke> MODE_LINES = List.of(SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT);
    private static final List<Marker> MODE_MARKERS = List.of(SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND);

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

    /**
     * Bytes per pair against n, a line per structure and mode: a colour per structure, a line style
     * and marker per mode, so that two modes that give the same bytes show as one line of one colour.
     */
    public byte[] png() {
        try {
            return ChartEncoder.getBytes(chart(), "png");
        } catch (IOException e) {
            throw LabException.environment("cannot draw the chart: " + e.getMessage());
        }
    }

    XYChart chart() {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(760).height(420).title("Bytes per pair of ints, by structure")
                .xAxisTitle("n (pairs)").yAxisTitle("bytes per pair").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setYAxisMin(0.0);
        List<String> structures = points.stream().map(Point::structure).distinct().toList();
        List<String> modes = points.stream().map(Point::target).distinct().toList();
        for (String mode : modes) {
            for (String structure : structures) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                points.stream().filter(p -> p.structure().equals(structure) && p.target().equals(mode)).forEach(p -> {
                    xs.add((double) p.n());
                    ys.add((double) p.bytes() / p.n());
                });
                if (xs.isEmpty()) {
                    continue;
                }
                Color colour = STRUCTURE_COLOURS.get(structures.indexOf(structure) % STRUCTURE_COLOURS.size());
                int m = modes.indexOf(mode) % MODE_LINES.size();
                XYSeries line = chart.addSeries(structure + " | " + mode, xs, ys);
                line.setLineColor(colour);
                line.setMarkerColor(colour);
                line.setLineStyle(MODE_LINES.get(m));
                line.setMarker(MODE_MARKERS.get(m));
            }
        }
        return chart;
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
