import CommandLineSupport
import Embedding
import Foundation

/// `--max-unreadable`, shared by `spb-analyze audit` and `spb-analyze thresholds` (and spelled the
/// same in `spb-generate`): the share of characters MiniLM cannot read above which a text is set apart.
enum MaxUnreadable {
    static let flag = "--max-unreadable"
    static let help = "Texts with more than this share of characters MiniLM cannot read ([UNK], lone non-Latin letters) are set apart; 1 turns this off."
    static let defaultText = String(format: "%.2f", TextReadability.defaultMaxUnreadableShare)

    /// The parsed value (the default when absent).
    /// - Throws: `UsageError` for a value outside [0, 1].
    static func parse(_ parsed: ParsedArguments) throws(UsageError) -> Double {
        try parsed.share(flag, default: TextReadability.defaultMaxUnreadableShare)
    }
}
