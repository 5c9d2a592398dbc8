package com.carto.connections.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.carto.connections.error.ConnectionException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The operator command line: {@code java -jar carto-connections-cli-<version>-all.jar <command> ...}. */
@Command(
        name = "carto-connections",
        mixinStandardHelpOptions = true,
        versionProvider = Cli.Version.class,
        header = "Operate the connections an application keeps with the carto-connections SDK.",
        description = {
            "Lists, shows, creates, updates, deletes, checks, queries, shares, exports and imports the connections"
                    + " in a carto-connections store, and re-encrypts their secrets under a new key, through the same Connections facade the"
                    + " application embeds: the same validation, access model and encryption. Every command acts as"
                    + " a principal (--user, --org, --role, --group), as the application does for its users, except"
                    + " rotate-keys, which acts on the store.",
            "",
            "Secrets never print: show masks them, export writes placeholders or references, import reads them"
                    + " from environment variables or files named in the file it imports. Secrets are never taken from"
                    + " the command line, where process listings and shell history keep them: create and update read"
                    + " each from standard input, an environment variable or a file that --secret names.",
            "",
            "Warehouse providers are found on the jar's class path; this jar carries postgres and redshift"
                    + " (see the providers command)."
        },
        footer = {
            "  carto-connections list --store ./data/connections --user alice --org acme",
            "  carto-connections query --store ./data/connections --user alice --org acme gis-prod \\",
            "      'select name, geom from parcels where zone = :zone' --param zone=R1 --format geojson > parcels.json",
            "",
            "Run carto-connections help COMMAND for a command's own page."
        })
public final class Cli implements Runnable {
    @Spec
    CommandSpec spec = CommandSpec.create();

    public static void main(String[] args) {
        // Standard output is written as bytes by the result writers; buffered, since they flush on their own.
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, UTF_8), true);
        int code = run(args, out, err, System.getenv(), System.in);
        System.exit(code);
    }

    static int run(String[] args, OutputStream out, PrintWriter err, Map<String, String> environment, InputStream in) {
        PrintWriter text = new PrintWriter(new OutputStreamWriter(out, UTF_8), false);
        Terminal terminal = new Terminal(out, text, err, environment, in);
        CommandLine commandLine = commandLine(terminal);
        try {
            return commandLine.execute(args);
        } finally {
            text.flush();
            err.flush();
        }
    }

    static CommandLine commandLine(Terminal terminal) {
        CommandLine commandLine = new CommandLine(new Cli())
                .addSubcommand(new CommandLine.HelpCommand())
                .addSubcommand(new ProvidersCommand(terminal))
                .addSubcommand(new ListCommand(terminal))
                .addSubcommand(new ShowCommand(terminal))
                .addSubcommand(new CreateCommand(terminal))
                .addSubcommand(new UpdateCommand(terminal))
                .addSubcommand(new DeleteCommand(terminal))
                .addSubcommand(new CheckCommand(terminal))
                .addSubcommand(new QueryCommand(terminal))
                .addSubcommand(new ShareCommand(terminal))
                .addSubcommand(new RotateKeysCommand(terminal))
                .addSubcommand(new ExportCommand(terminal))
                .addSubcommand(new ImportCommand(terminal));
        commandLine.setOut(terminal.text());
        commandLine.setErr(terminal.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpAutoWidth(false);
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> failure(terminal, exception));
        manPage(commandLine);
        return commandLine;
    }

    static int failure(Terminal terminal, Exception exception) {
        terminal.text().flush();
        if (exception instanceof ConnectionException failure) {
            terminal.err().println("error: " + failure.category() + ": " + failure.getMessage());
            return ExitCodes.of(failure.category());
        }
        // Not a ConnectionException: a bug. Its class and message say where; no value a command holds is in it.
        terminal.err().println("error: unexpected " + exception.getClass().getName() + ": " + exception.getMessage());
        return ExitCodes.UNEXPECTED;
    }

    /** Every page in the sections of a manual page, the exit codes and the environment in each. */
    private static void manPage(CommandLine commandLine) {
        UsageMessageSpec usage = commandLine.getCommandSpec().usageMessage();
        usage.headerHeading("NAME%n  " + commandLine.getCommandName() + " - ")
                .synopsisHeading("%nSYNOPSIS%n  ")
                .descriptionHeading("%nDESCRIPTION%n")
                .parameterListHeading("%nARGUMENTS%n")
                .optionListHeading("%nOPTIONS%n")
                .commandListHeading("%nCOMMANDS%n")
                .exitCodeListHeading("%nEXIT CODES%n")
                .exitCodeList(ExitCodes.descriptions())
                .footerHeading("%nEXAMPLES%n")
                .width(110);
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), "environment");
        usage.sectionKeys(keys);
        commandLine.getHelpSectionMap().put("environment", help -> Environment.section());
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            manPage(sub);
        }
    }

    @Override
    public void run() {
        throw new ParameterException(new CommandLine(this), "a command is required; see carto-connections --help");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"carto-connections-cli " + (version != null ? version : "(development build)")};
        }
    }
}
