package com.carto.connections.cli;

import com.carto.connections.Connections;
import com.carto.connections.ReencryptionReport;
import com.carto.connections.ReencryptionReport.UnreadableSecret;
import com.carto.connections.ReencryptionReport.UnreadableSigningKey;
import com.carto.connections.error.ConnectionException;
import com.carto.connections.error.ErrorCategory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "rotate-keys",
        mixinStandardHelpOptions = true,
        header = "Re-encrypt every secret under the key ring's primary key.",
        description = {
            "Re-encrypts each secret (owners' and viewers' credentials) that is not under the primary key, in"
                    + " batches, with a compare-and-set on each ciphertext: idempotent and resumable, so run it"
                    + " again after an interruption. A progress bar on standard error counts the secrets done.",
            "Rotate in three steps: put a new key first in CARTO_CONNECTIONS_KEYS, keeping the old ones after it"
                    + " (with the embedded key file: add a key.<id> line and point primary= at it); run rotate-keys;"
                    + " once it reports 0 remaining, drop the old keys.",
            "Secrets that cannot be decrypted (their key lost) are skipped and listed by connection, secret and key"
                    + " id, never by value; the exit code is then INVALID_CONFIGURATION (10) until their owners"
                    + " re-enter them. Acts on the store, so it takes no principal."
        },
        footer = {
            "  CARTO_CONNECTIONS_KEYS=\"k2:$(openssl rand -base64 32),k1:$OLD_KEY\" \\",
            "      carto-connections rotate-keys --store jdbc:postgresql://db:5432/app --store-user app"
        })
final class RotateKeysCommand implements java.util.concurrent.Callable<Integer> {
    private static final Duration REFRESH = Duration.ofMillis(100);

    private final Terminal terminal;

    @Mixin
    StoreOptions store = new StoreOptions();

    RotateKeysCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InterruptedException {
        try (Session session = Session.open(store, terminal)) {
            Connections connections = session.connections();
            long total = connections.secretsUnderOldKeys();
            ProgressBar bar = new ProgressBar(terminal.err(), total, "secrets re-encrypted");
            bar.show(0);
            CompletableFuture<ReencryptionReport> running = connections.reencryptSecretsInBackground();
            ReencryptionReport report;
            while (true) {
                try {
                    report = running.get(REFRESH.toMillis(), TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    bar.show(total - connections.secretsUnderOldKeys());
                } catch (ExecutionException e) {
                    terminal.err().println();
                    if (e.getCause() instanceof ConnectionException failure) {
                        throw failure;
                    }
                    throw new ConnectionException(ErrorCategory.INTERNAL, "re-encryption failed", e.getCause());
                }
            }
            bar.finish(total - report.remaining());
            terminal.text()
                    .printf(
                            "re-encrypted %d of %d secrets; %d remain under old keys, %d unreadable%n",
                            total - report.remaining(),
                            total,
                            report.remaining(),
                            report.unreadable().size()
                                    + report.unreadableSigningKeys().size());
            for (UnreadableSecret unreadable : report.unreadable()) {
                terminal.text()
                        .printf(
                                "  unreadable: connection %s, secret %s%s, key %s%n",
                                unreadable.connectionId(),
                                unreadable.secretName(),
                                unreadable
                                        .viewerId()
                                        .map(viewer -> " of viewer " + viewer)
                                        .orElse(""),
                                unreadable.keyId());
            }
            for (UnreadableSigningKey unreadable : report.unreadableSigningKeys()) {
                terminal.text()
                        .printf(
                                "  unreadable: grant signing key %s, key %s%n",
                                unreadable.signingKeyId(), unreadable.keyId());
            }
            return report.unreadable().isEmpty()
                            && report.unreadableSigningKeys().isEmpty()
                            && report.remaining() == 0
                    ? ExitCodes.OK
                    : ExitCodes.of(ErrorCategory.INVALID_CONFIGURATION);
        }
    }
}
