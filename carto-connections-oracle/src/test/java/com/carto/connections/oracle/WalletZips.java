package com.carto.connections.oracle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Wallet zips built in memory, shaped as Oracle Autonomous Database hands them out: flat, with tnsnames.ora. */
final class WalletZips {
    private WalletZips() {}

    /** A wallet whose tnsnames.ora defines {@code carto_high} and {@code carto_low} at 127.0.0.1:{@code port}. */
    static Map<String, byte[]> autonomousStyle(int port) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String address = "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=127.0.0.1)(PORT=" + port
                + "))(CONNECT_DATA=(SERVICE_NAME=carto_high.adb.example)))";
        files.put(
                "tnsnames.ora",
                ("carto_high = " + address + "\n\ncarto_low = " + address.replace("high", "low") + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
        files.put("sqlnet.ora", "SSL_SERVER_DN_MATCH=yes\n".getBytes(StandardCharsets.US_ASCII));
        // Not a real wallet: over plain TCP the driver never opens it; its presence is what the SDK requires.
        files.put("cwallet.sso", new byte[] {(byte) 0xa1, (byte) 0xf8, 0x4e, 0x36});
        return files;
    }

    static String base64(Map<String, byte[]> files) {
        return Base64.getEncoder().encodeToString(zip(files));
    }

    static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
