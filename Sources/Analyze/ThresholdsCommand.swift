import Thresholds

/// `spb-analyze thresholds`: options, parsing and the run live in `Thresholds.ThresholdsCommandLine`
/// (so tests reach them); the run needs nothing from the executable.
enum ThresholdsCommand {
    /// Runs the command; returns the exit status.
    static func run(_ arguments: [String]) async -> Int32 {
        await ThresholdsCommandLine.run(arguments)
    }
}
