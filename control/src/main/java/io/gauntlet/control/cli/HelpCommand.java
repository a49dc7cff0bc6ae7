package io.gauntlet.control.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Parameters;

/**
 * {@code gauntlet help [COMMAND...]}: the help of any command, nested ones included ({@code help
 * sim raft} is {@code sim raft --help}); picocli's own help command stops at the first level.
 */
@Command(name = "help", helpCommand = true,
    description = "Show the help of a command, e.g. 'help check' or 'help sim raft'.")
final class HelpCommand implements IHelpCommandInitializable2, Callable<Integer> {
  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command, and its subcommand")
  List<String> names = List.of();

  private CommandLine self;
  private Help.ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter outWriter,
      PrintWriter errWriter) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = outWriter;
  }

  @Override
  public Integer call() {
    CommandLine cmd = self.getParent();
    for (String name : names) {
      CommandLine sub = cmd.getSubcommands().get(name);
      if (sub == null) {
        // picocli ignores a help command's return value: a ParameterException makes it exit 254
        throw new CommandLine.ParameterException(self, "'" + cmd.getCommandSpec().qualifiedName()
            + "' has no command '" + name + "' (commands: " + String.join(", ", cmd.getSubcommands().keySet()) + ")");
      }
      cmd = sub;
    }
    cmd.usage(out, colors);
    out.flush();
    return 0;
  }
}
