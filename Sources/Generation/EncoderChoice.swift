import CommandLineSupport
import Embedding
import Foundation

/// Builds the `--encoder` backend.
enum EncoderChoice {
    /// Accepted `--encoder` names.
    static let names = ["minilm", "hashed-ngrams", "openai"]

    /// The encoder named `name`.
    static func make(_ name: String, parsed: ParsedArguments, config: GenerationConfig, apiKey: String?) async throws -> any TextEncoder {
        switch name {
        case "hashed-ngrams":
            return HashedNGramEncoder()
        default:
            throw UsageError("--encoder \(name) is not available in this build", hint: "use --encoder hashed-ngrams")
        }
    }
}
