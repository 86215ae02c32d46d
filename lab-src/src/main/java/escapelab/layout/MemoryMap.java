package escapelab.layout;

import escapelab.notebook.Html;
import escapelab.notebook.Renderable;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A picture of an object's bytes, eight to a row: the header words, each field where JOL placed
 * it, and the padding between and after them. Drawn once as shapes, rendered as SVG (crisp in a
 * notebook) or as PNG (where SVG is not shown).
 */
public final class MemoryMap implements Renderable {
    static final int BYTE = 46;
    static final int ROW = 34;
    private static final int LEFT = 40;
    private static final int TOP = 8;

    /** One rectangle with its label; the colour says what kind of bytes it covers. */
    record Box(int x, int y, int w, int h, String fill, String label) {
    }

    /** A reference drawn as an arrow, from a field of one object to another object. */
    record Arrow(int x1, int y1, int x2, int y2) {
    }

    private final List<Box> boxes = new ArrayList<>();
    private final List<Arrow> arrows = new ArrayList<>();
    private final List<String[]> texts = new ArrayList<>(); // x, y, text
    private int width;
    private int height;

    private MemoryMap() {
    }

    public static MemoryMap of(Layout l) {
        MemoryMap m = new MemoryMap();
        m.draw(l, LEFT, TOP);
        return m;
    }

    /**
     * A small object graph: the first layout, and to its right each other layout that one of its
     * reference fields names by type, with an arrow from the field to that object.
     */
    public static MemoryMap graph(Layout root, List<Layout> others) {
        MemoryMap m = new MemoryMap();
        int[] rootTop = {TOP};
        m.draw(root, LEFT, rootTop[0]);
        int x = LEFT + 8 * BYTE + 90;
        int y = TOP;
        for (Layout.Field f : root.fields()) {
            for (Layout o : others) {
                if (o.ok() && simple(f.type()).equals(simple(o.className()))) {
                    m.texts.add(new String[] {String.valueOf(x), String.valueOf(y + 12), f.name() + ": " + simple(o.className())});
                    int top = y + 18;
                    m.draw(o, x, top);
                    int fx = LEFT + (int) (f.offset() % 8) * BYTE + (int) f.size() * BYTE / 2;
                    int fy = TOP + (int) (f.offset() / 8) * ROW + ROW / 2;
                    m.arrows.add(new Arrow(fx, fy, x - 4, top + ROW / 2));
                    y = top + (int) Math.max(1, (o.instanceSize() + 7) / 8) * ROW + 24;
                }
            }
        }
        m.height = Math.max(m.height, y);
        return m;
    }

    private static String simple(String type) {
        return type.replaceAll(".*[.$]", "");
    }

    private void draw(Layout l, int x0, int y0) {
        int size = (int) l.instanceSize();
        String[] owner = new String[size];
        String[] fill = new String[size];
        for (int i = 0; i < size; i++) {
            owner[i] = i < l.headerSize() ? "header" : "padding";
            fill[i] = i < l.headerSize() ? "#c9c9c9" : "#f6d5cf";
        }
        for (Layout.Field f : l.fields()) {
            for (long i = f.offset(); i < f.offset() + f.size() && i < size; i++) {
                owner[(int) i] = f.name();
                fill[(int) i] = f.type().contains(".") || f.type().endsWith("]") ? "#f3c27a" : "#a9cdf0";
            }
        }
        int rows = (size + 7) / 8;
        for (int r = 0; r < rows; r++) {
            texts.add(new String[] {String.valueOf(x0 - 34), String.valueOf(y0 + r * ROW + 21), String.valueOf(r * 8)});
            int start = r * 8;
            while (start < Math.min(size, r * 8 + 8)) {
                int end = start;
                while (end < Math.min(size, r * 8 + 8) && owner[end].equals(owner[start])) {
                    end++;
                }
                String label = owner[start].equals("header") && l.headerSize() > 8 && start >= 8 ? "header (class)"
                        : owner[start].equals("header") ? (l.headerSize() > 8 ? "header (mark)" : "header") : owner[start];
                boxes.add(new Box(x0 + (start - r * 8) * BYTE, y0 + r * ROW, (end - start) * BYTE, ROW - 4, fill[start], label));
                start = end;
            }
        }
        width = Math.max(width, x0 + 8 * BYTE + 10);
        height = Math.max(height, y0 + rows * ROW + 10);
    }

    /** Labels shortened to fit their box: about 7 pixels a character. */
    private static String fit(String label, int w) {
        int max = Math.max(1, (w - 6) / 7);
        return label.length() <= max ? label : label.substring(0, Math.max(1, max - 1)) + "…";
    }

    @Override
    public String toSvg() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">",
                width, height));
        b.append("<defs><marker id=\"arrow\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,4 L0,8 z\" fill=\"#444\"/></marker></defs>");
        for (Box x : boxes) {
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#555\"/>",
                    x.x(), x.y(), x.w(), x.h(), x.fill()));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    x.x() + x.w() / 2, x.y() + x.h() / 2 + 4, Html.escape(fit(x.label(), x.w()))));
        }
        for (String[] t : texts) {
            b.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" fill=\"#777\">%s</text>", t[0], t[1], Html.escape(t[2])));
        }
        for (Arrow a : arrows) {
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>",
                    a.x1(), a.y1(), a.x2(), a.y2()));
        }
        return b.append("</svg>").toString();
    }

    @Override
    public byte[] toPng() {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (Box x : boxes) {
            g.setColor(Color.decode(x.fill()));
            g.fillRect(x.x(), x.y(), x.w(), x.h());
            g.setColor(Color.decode("#555555"));
            g.drawRect(x.x(), x.y(), x.w(), x.h());
            String label = fit(x.label(), x.w());
            g.setColor(Color.BLACK);
            g.drawString(label, x.x() + (x.w() - g.getFontMetrics().stringWidth(label)) / 2, x.y() + x.h() / 2 + 4);
        }
        g.setColor(Color.GRAY);
        for (String[] t : texts) {
            g.drawString(t[2], Integer.parseInt(t[0]), Integer.parseInt(t[1]));
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1.5f));
        for (Arrow a : arrows) {
            g.drawLine(a.x1(), a.y1(), a.x2(), a.y2());
            double angle = Math.atan2(a.y2() - a.y1(), a.x2() - a.x1());
            int[] xs = {a.x2(), (int) (a.x2() - 10 * Math.cos(angle - 0.4)), (int) (a.x2() - 10 * Math.cos(angle + 0.4))};
            int[] ys = {a.y2(), (int) (a.y2() - 10 * Math.sin(angle - 0.4)), (int) (a.y2() - 10 * Math.sin(angle + 0.4))};
            g.fillPolygon(xs, ys, 3);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public String toText() {
        StringBuilder b = new StringBuilder();
        boxes.forEach(x -> b.append(x.label()).append(' '));
        return b.toString().strip();
    }

    @Override
    public String toHtml() {
        return toSvg();
    }
}
