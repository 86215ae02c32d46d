package escapelab.bench;

import escapelab.LabException;
import escapelab.notebook.Charts;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two charts of a JMH run: ns/op with JMH's error as error bars, and bytes/op, one bar per
 * benchmark and one series per variant (a JDK, a set of flags). PNG, drawn with XChart.
 */
final class BenchChart {
    private BenchChart() {
    }

    /** Series name to reports; every report covers the same benchmarks. */
    static byte[] nsPerOp(String title, Map<String, BenchReport> series) {
        return draw(title, "ns/op (error: JMH's 99.9% interval)", series, true);
    }

    static byte[] bytesPerOp(String title, Map<String, BenchReport> series) {
        return draw(title, "bytes/op", series, false);
    }

    private static byte[] draw(String title, String unit, Map<String, BenchReport> series, boolean time) {
        System.setProperty("java.awt.headless", "true");
        List<String> labels = new ArrayList<>();
        series.values().forEach(r -> r.benchmarks().forEach(b -> {
            if (!labels.contains(shortLabel(b))) {
                labels.add(shortLabel(b));
            }
        }));
        CategoryChart chart = new CategoryChartBuilder().width(640).height(380).title(title).yAxisTitle(unit).build();
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendVisible(series.size() > 1);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLabelsVisible(true);
        s.setLabelsFontColorAutomaticEnabled(false);
        s.setLabelsFontColor(Color.DARK_GRAY);
        s.setXAxisLabelRotation(labels.stream().mapToInt(String::length).max().orElse(0) > 16 ? 20 : 0);
        s.setErrorBarsColor(Color.BLACK);
        s.setYAxisMin(0.0);
        int k = 0;
        for (Map.Entry<String, BenchReport> e : series.entrySet()) {
            Map<String, BenchReport.Result> byLabel = new LinkedHashMap<>();
            e.getValue().benchmarks().forEach(b -> byLabel.put(shortLabel(b), b));
            List<Double> ys = new ArrayList<>();
            List<Double> errs = new ArrayList<>();
            for (String l : labels) {
                BenchReport.Result b = byLabel.get(l);
                // Rounded as the table prints them: the bar labels show these numbers.
                double y = b == null ? 0 : time ? round(b.score(), 3) : (!(b.bytesPerOp() >= 0.5) ? 0 : round(b.bytesPerOp(), 1)); // not measured (NaN) has no bar
                double err = b == null || !time || Double.isNaN(b.error()) ? 0 : round(b.error(), 3);
                ys.add(y);
                errs.add(err);
            }
            var added = time ? chart.addSeries(e.getKey(), labels, ys, errs) : chart.addSeries(e.getKey(), labels, ys);
            added.setFillColor(Charts.colour(k++));
        }
        try {
            return ChartEncoder.getBytes(chart, "png");
        } catch (IOException e) {
            throw LabException.environment("cannot draw the chart: " + e.getMessage());
        }
    }

    /** The method (and parameters) alone: every bar of a chart is from the same class. */
    private static String shortLabel(BenchReport.Result b) {
        return b.label().substring(b.label().indexOf('.') + 1);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    static String img(String alt, byte[] png) {
        return "<img style=\"max-width:49%;display:inline-block\" alt=\"" + alt + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\"/>";
    }
}
