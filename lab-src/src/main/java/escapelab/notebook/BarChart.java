package escapelab.notebook;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bar chart of measured values, one bar per label, coloured by group (for example "eliminated"
 * and "kept"). Drawn with XChart into a PNG; its text twin is the same numbers as a list.
 */
public final class BarChart implements Renderable {
    private final String title;
    private final String unit;
    private final Map<String, Color> groups = new LinkedHashMap<>();
    private final List<String> labels = new ArrayList<>();
    private final List<String> groupOf = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();

    public BarChart(String title, String unit) {
        this.title = title;
        this.unit = unit;
    }

    /** Declares a group and its colour, in legend order. */
    public BarChart group(String name, Color colour) {
        groups.put(name, colour);
        return this;
    }

    public BarChart bar(String label, String group, double value) {
        if (!groups.containsKey(group)) {
            throw new IllegalArgumentException("undeclared group " + group);
        }
        labels.add(label);
        groupOf.add(group);
        values.add(value);
        return this;
    }

    public byte[] png() {
        System.setProperty("java.awt.headless", "true"); // kernels and CI have no display
        CategoryChart chart = new CategoryChartBuilder().width(820).height(440).title(title).yAxisTitle(unit).build();
        var s = chart.getStyler();
        s.setOverlapped(true); // one bar per label, whatever its group
        s.setXAxisLabelRotation(90);
        s.setXAxisMaxLabelCount(labels.size()); // XChart 4 otherwise drops every other label of a long row
        s.setLabelsVisible(true); // the numbers matter, and a 0 has no bar to see
        s.setLabelsFontColorAutomaticEnabled(false);
        s.setLabelsFontColor(Color.DARK_GRAY);
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotGridVerticalLinesVisible(false);
        for (Map.Entry<String, Color> g : groups.entrySet()) {
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                ys.add(groupOf.get(i).equals(g.getKey()) ? values.get(i) : null); // no bar, no label
            }
            if (groupOf.contains(g.getKey())) { // XChart draws no empty series
                chart.addSeries(g.getKey(), labels, ys).setFillColor(g.getValue());
            }
        }
        try {
            return ChartEncoder.getBytes(chart, "png");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toText() {
        StringBuilder b = new StringBuilder(title).append(" (").append(unit).append(")\n");
        int width = labels.stream().mapToInt(String::length).max().orElse(0);
        for (int i = 0; i < labels.size(); i++) {
            b.append(String.format("  %-" + width + "s  %10.0f  %s%n", labels.get(i), values.get(i), groupOf.get(i)));
        }
        return b.toString();
    }

    @Override
    public String toHtml() {
        return "<img alt=\"" + Html.escape(title) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png()) + "\"/>";
    }
}
