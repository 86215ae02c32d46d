package escapelab.notebook;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BarChartTest {
    private static BarChart chart() {
        return new BarChart("Bytes per call", "bytes")
                .group("eliminated", Color.GREEN).group("kept", Color.RED)
                .bar("01 sum", "eliminated", 0).bar("08 large", "kept", 416);
    }

    @Test
    void drawsAPngWithoutADisplay() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart().png()));
        assertEquals(820, image.getWidth());
        assertEquals(440, image.getHeight());
        assertTrue(chart().toHtml().startsWith("<img alt=\"Bytes per call\" src=\"data:image/png;base64,"));
    }

    @Test
    void itsTextTwinHasEveryNumber() {
        String text = chart().toText();
        assertTrue(text.contains("01 sum") && text.matches("(?s).*08 large\\s+416\\s+kept.*"), text);
    }

    @Test
    void aBarInAnUndeclaredGroupIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> chart().bar("x", "other", 1));
    }
}
