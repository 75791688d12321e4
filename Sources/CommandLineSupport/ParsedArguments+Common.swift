import Foundation

extension ParsedArguments {
    /// `--threads`: how many threads a command may use, at least 1; all cores when absent.
    /// - Throws: ``UsageError`` for a non-integer or a value below 1.
    public func threads() throws(UsageError) -> Int {
        let threads = try int("--threads", default: ProcessInfo.processInfo.activeProcessorCount)
        guard threads >= 1 else { throw UsageError("--threads must be at least 1, got \(threads)") }
        return threads
    }

    /// The `--threads` option, worded once for every command that takes it.
    public static let threadsOption = OptionSpec(
        "--threads", valueName: "n", help: "Threads to use (e.g. the CPUs a cluster task was given); the default is every core.",
        defaultValue: String(ProcessInfo.processInfo.activeProcessorCount))
}
