import Foundation

/// τ, the cosine similarity at or above which two texts count as near-duplicates: `--threshold` of `audit`,
/// `split`, `publish`, `dedup` and `spb-generate`, `--tau` of `thresholds`.
///
/// Each command passes its default from the one constant it uses (the gate's
/// `MiniLMEncoder.defaultDuplicateThreshold`, or the audit's `AuditOptions.defaultThreshold`, whose help says why
/// it differs), so every `--help` shows the value that applies.
public struct SimilarityThresholdOption: Sendable {
    /// The value used when the option is absent.
    public let defaultThreshold: Float
    /// The option, as help lists it.
    public let spec: OptionSpec

    /// The option, worded for one command.
    /// - Parameters:
    ///   - name: the spelling (`--threshold`, or `--tau` for `thresholds`).
    ///   - valueName: the placeholder, in the command's style.
    ///   - defaultThreshold: the value used when the option is absent.
    ///   - help: what the threshold decides in this command.
    public init(_ name: String = "--threshold", valueName: String = "tau", default defaultThreshold: Float, help: String) {
        self.defaultThreshold = defaultThreshold
        spec = OptionSpec(name, valueName: valueName, help: help, defaultValue: String(format: "%.2f", defaultThreshold))
    }

    /// The threshold in a parsed command line (the default when absent), for comparing `Float` cosines.
    /// - Throws: ``UsageError`` for a value that is not a number in (0, 1].
    public func threshold(in parsed: ParsedArguments) throws(UsageError) -> Float {
        Float(try value(in: parsed))
    }

    /// The threshold in a parsed command line (the default when absent) as written, for comparing `Double` scores.
    /// - Throws: ``UsageError`` for a value that is not a number in (0, 1].
    public func value(in parsed: ParsedArguments) throws(UsageError) -> Double {
        let tau = try parsed.double(spec.name, default: Double(defaultThreshold))
        guard tau > 0, tau <= 1 else {
            throw UsageError("\(spec.name) must be in (0, 1], got \(tau)", hint: "e.g. \(spec.name) \(String(format: "%.2f", defaultThreshold))")
        }
        return tau
    }
}
