package dev.hydrant.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hydrant} command line. */
@Command(
        name = "hydrant",
        mixinStandardHelpOptions = true,
        versionProvider = HydrantCommand.Version.class,
        description = "Self-hosted streaming ingestion and analytics, compatible with Kinesis Data Firehose.",
        subcommands = {
                ServerCommand.class,
                GenerateCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class HydrantCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HydrantCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HydrantCommand.class.getPackage().getImplementationVersion();
            return new String[] {"hydrant " + (version == null ? "development" : version)};
        }
    }
}
