import CommandLineSupport
import Foundation

// `spb-analyze <subcommand> …`: audit a persona dataset, benchmark similarity thresholds, or publish it.
let usage = """
    OVERVIEW: Audit persona datasets, benchmark similarity thresholds, and publish datasets with leakage-free splits.

    USAGE: spb-analyze <subcommand> [options]

    SUBCOMMANDS:
      audit INPUT --out DIR        Near-duplicates, diversity, trope clusters, drift and fit, as HTML/JSON/Markdown
                                   plus notebook data (INPUT: a persona file in any supported format, or a run directory)
      thresholds INPUT             What each similarity threshold removes from a dataset under greedy dedup
      thresholds --pairs FILE      Precision/recall of several scorers on labelled pairs
      split INPUT --out DIR        Train/validation/test splits that keep near-duplicate groups together, with a leakage report
      card INPUT --out README.md   A Hugging Face dataset card written from the audit, the run's manifest and the split
      publish RUN --out DIR        audit + split + card in one folder, ready to push to the Hub
      embed INPUT --out DIR        Embeddings as .npy shards (--shard I/N), resumable; shards equal the whole byte for byte
      dedup INPUT --out DIR        Which records to keep at a threshold: exact self-join, or k-means partitions for millions

    Run `spb-analyze <subcommand> --help` for the options of each.
    """

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "audit": exit(await AuditCommand.run(Array(arguments.dropFirst())))
case "thresholds": exit(await ThresholdsCommand.run(Array(arguments.dropFirst())))
case "split": exit(await SplitCommand.run(Array(arguments.dropFirst())))
case "card": exit(await CardCommand.run(Array(arguments.dropFirst())))
case "publish": exit(await PublishCommand.run(Array(arguments.dropFirst())))
case "embed": exit(await EmbedCommand.run(Array(arguments.dropFirst())))
case "dedup": exit(await DedupCommand.run(Array(arguments.dropFirst())))
case "--help", "-h", "help": print(usage)
case let other:
    let problem = other.map { "unknown subcommand '\($0)'" } ?? "no subcommand given"
    StandardError.write("error: \(problem)\nhint: spb-analyze audit INPUT --out DIR, thresholds INPUT, split INPUT --out DIR, card INPUT, publish RUN --out DIR, embed INPUT --out DIR, dedup INPUT --out DIR; see spb-analyze --help\n")
    exit(ExitCode.usage.rawValue)
}
