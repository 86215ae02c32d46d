package escapelab.notebook;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the lab's charts share: one palette for their series, and their PNG files beside the site. */
public final class Charts {
    /** Series colours, in order: every chart with several series uses them the same way. */
    public static final List<Color> PALETTE = List.of(new Color(0x2f, 0x6f, 0xb0), new Color(0xe0, 0x8a, 0x1e),
            new Color(0x4a, 0x9e, 0x5c), new Color(0x9b, 0x4d, 0xca), new Color(0xc8, 0x3e, 0x25));

    private Charts() {
    }

    public static Color colour(int series) {
        return PALETTE.get(series % PALETTE.size());
    }

    /** Where LAB_CHART_DIR points (the notebook runner sets it), a chart is also saved as a PNG file. */
    public static void save(String name, byte[] png) {
        String dir = System.getenv("LAB_CHART_DIR");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            Path d = Files.createDirectories(Path.of(dir));
            Files.write(d.resolve(name.replaceAll("[^A-Za-z0-9_.-]+", "-") + ".png"), png);
        } catch (IOException e) {
            // the chart is in the page already; a file that cannot be written loses nothing
        }
    }
}
