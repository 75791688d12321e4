import Foundation

/// `--max-unreadable <share>`: the share of a text's characters the encoder cannot read above which it is
/// set apart from semantic comparison (`audit`, `thresholds`, `split`, `publish`, `spb-generate`).
///
/// The default is the encoder's (`TextReadability.defaultMaxUnreadableShare`), passed in by each command.
public struct MaxUnreadableOption: Sendable {
    /// The option's spelling.
    public static let name = "--max-unreadable"
    /// The share used when the option is absent.
    public let defaultShare: Double
    /// The option, as help lists it.
    public let spec: OptionSpec

    /// The option, worded for one command.
    /// - Parameters:
    ///   - defaultShare: the share used when the option is absent.
    ///   - effect: what happens to such texts in this command, e.g. `are each their own group`.
    ///   - valueName: the placeholder, in the command's style.
    public init(default defaultShare: Double, effect: String, valueName: String = "share") {
        self.defaultShare = defaultShare
        spec = OptionSpec(Self.name, valueName: valueName, help: "Texts with more than this share of characters MiniLM cannot read ([UNK] words, "
            + "lone non-Latin letters) \(effect); 1 turns this off.", defaultValue: String(format: "%.2f", defaultShare))
    }

    /// The share in a parsed command line (the default when absent).
    /// - Throws: ``UsageError`` for a value that is not a number in [0, 1].
    public func share(in parsed: ParsedArguments) throws(UsageError) -> Double {
        let share = try parsed.double(Self.name, default: defaultShare)
        guard (0 ... 1).contains(share) else {
            throw UsageError("\(Self.name) must be in [0, 1], got \(share)", hint: "e.g. \(Self.name) \(String(format: "%.2f", defaultShare))")
        }
        return share
    }
}
