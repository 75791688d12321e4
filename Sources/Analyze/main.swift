import CommandLineSupport
import Foundation

// `spb-analyze <subcommand> …`: audit a persona dataset, or benchmark similarity thresholds.
let usage = """
    OVERVIEW: Audit persona datasets and benchmark similarity thresholds.

    USAGE: spb-analyze <subcommand> [options]

    SUBCOMMANDS:
      audit INPUT --out DIR        Near-duplicates, diversity, trope clusters, drift and fit, as HTML/JSON/Markdown
                                   plus notebook data (INPUT: a persona file in any supported format, or a run directory)
      thresholds INPUT             What each similarity threshold removes from a dataset under greedy dedup
      thresholds --pairs FILE      Precision/recall of several scorers on labelled pairs

    Run `spb-analyze <subcommand> --help` for the options of each.
    """

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "audit": exit(await AuditCommand.run(Array(arguments.dropFirst())))
case "thresholds": exit(await ThresholdsCommand.run(Array(arguments.dropFirst())))
case "--help", "-h", "help": print(usage)
case let other:
    let problem = other.map { "unknown subcommand '\($0)'" } ?? "no subcommand given"
    StandardError.write("error: \(problem)\nhint: spb-analyze audit INPUT --out DIR, or spb-analyze thresholds INPUT; see spb-analyze --help\n")
    exit(ExitCode.usage.rawValue)
}
