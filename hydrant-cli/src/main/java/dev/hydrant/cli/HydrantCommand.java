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
                UpCommand.class,
                ValidateCommand.class,
                PlanCommand.class,
                ApplyCommand.class,
                DestroyCommand.class,
                AppsCommand.class,
                SqlCommand.class,
                GenerateCommand.class,
                ArchiveTrainingCommand.class,
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
        CommandLine commandLine = new CommandLine(new HydrantCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        // Usage errors exit 1, so that 2 keeps meaning "there are changes" for `plan --detailed-exitcode`.
        commandLine.getCommandSpec().exitCodeOnInvalidInput(1);
        commandLine.getSubcommands().values().forEach(subcommand -> subcommand.getCommandSpec().exitCodeOnInvalidInput(1));
        System.exit(commandLine.execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HydrantCommand.class.getPackage().getImplementationVersion();
            return new String[] {"hydrant " + (version == null ? "development" : version)};
        }
    }
}
