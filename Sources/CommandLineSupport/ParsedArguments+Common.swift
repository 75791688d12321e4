import Foundation

extension ParsedArguments {
    /// `--threshold`: a cosine similarity in (0, 1], or `defaultValue` when absent.
    /// - Throws: ``UsageError`` for a non-number or a value outside (0, 1].
    public func threshold(default defaultValue: Double) throws(UsageError) -> Float {
        let tau = try double("--threshold", default: defaultValue)
        guard tau > 0, tau <= 1 else { throw UsageError("--threshold must be in (0, 1], got \(tau)") }
        return Float(tau)
    }

    /// `--seed`: a non-negative integer, or `defaultValue` when absent.
    /// - Throws: ``UsageError`` for a non-integer or a negative value.
    public func seed(default defaultValue: Int = 42) throws(UsageError) -> UInt64 {
        let seed = try int("--seed", default: defaultValue)
        guard seed >= 0 else { throw UsageError("--seed must not be negative") }
        return UInt64(seed)
    }

    /// A share in [0, 1] (such as `--max-unreadable`), or `defaultValue` when absent.
    /// - Throws: ``UsageError`` for a non-number or a value outside [0, 1].
    public func share(_ name: String, default defaultValue: Double) throws(UsageError) -> Double {
        let share = try double(name, default: defaultValue)
        guard (0 ... 1).contains(share) else {
            throw UsageError("\(name) must be in [0, 1], got \(share)", hint: "e.g. \(name) \(String(format: "%.2f", defaultValue))")
        }
        return share
    }

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
