package org.mlops4j.monitoring.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlops4j.core.schema.Feature;
import org.mlops4j.core.schema.Schema;

/**
 * Reads a CSV file with a header row into rows typed by a schema (RFC 4180 quoting: a quoted field may hold commas,
 * line breaks and doubled quotes). An empty field is a missing value; columns outside the schema are ignored.
 */
final class CsvRows {

    private CsvRows() {
    }

    static List<Map<String, Object>> read(Path file, Schema schema) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CSV file " + file, e);
        }
        List<List<String>> records = parse(text, file);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("CSV file " + file + " has no header row");
        }
        List<String> header = records.get(0);
        Feature[] columns = new Feature[header.size()];
        for (int i = 0; i < header.size(); i++) {
            columns[i] = schema.feature(header.get(i).strip()).orElse(null);
        }
        for (Feature f : schema.features()) {
            if (!header.stream().map(String::strip).toList().contains(f.name())) {
                throw new IllegalArgumentException("CSV file " + file + " has no column for feature '" + f.name() + "'");
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>(records.size() - 1);
        for (int r = 1; r < records.size(); r++) {
            List<String> rec = records.get(r);
            if (rec.size() == 1 && rec.get(0).isEmpty()) {
                continue;
            }
            Map<String, Object> row = new HashMap<>();
            for (int c = 0; c < Math.min(rec.size(), columns.length); c++) {
                if (columns[c] != null && !rec.get(c).isEmpty()) {
                    row.put(columns[c].name(), value(columns[c], rec.get(c), file, r + 1));
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object value(Feature f, String raw, Path file, int record) {
        switch (f.type()) {
            case NUMERIC:
                try {
                    return Double.parseDouble(raw.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("CSV file " + file + " record " + record + ": feature '" + f.name()
                            + "' must be a number but was '" + raw + "'", e);
                }
            case BOOLEAN:
                String b = raw.strip().toLowerCase(Locale.ROOT);
                if (!b.equals("true") && !b.equals("false")) {
                    throw new IllegalArgumentException("CSV file " + file + " record " + record + ": feature '" + f.name()
                            + "' must be true or false but was '" + raw + "'");
                }
                return Boolean.valueOf(b);
            default:
                return raw;
        }
    }

    static List<List<String>> parse(String text, Path file) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("CSV file " + file + " ends inside a quoted field");
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
