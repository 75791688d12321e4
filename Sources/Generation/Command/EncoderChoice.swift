import CommandLineSupport
import Embedding
import Foundation
import Networking

/// Builds the `--encoder` backend.
enum EncoderChoice {
    /// Accepted `--encoder` names.
    static let names = ["minilm", "hashed-ngrams", "openai"]

    /// The encoder named `name`.
    /// - Parameters:
    ///   - parsed: the command line (for `--embedding-*` options).
    ///   - config: the run's settings (its base URL and key variable are the defaults for `openai`).
    static func make(_ name: String, parsed: ParsedArguments, config: GenerationConfig) throws -> any TextEncoder {
        switch name {
        case "hashed-ngrams":
            return HashedNGramEncoder()
        case "openai":
            let base = parsed.values("--embedding-base-url").last ?? config.baseURL
            guard let url = URL(string: base), url.scheme == "http" || url.scheme == "https" else {
                throw UsageError("--embedding-base-url must be an http(s) URL, got \(base)")
            }
            let dimensionText = parsed.string("--embedding-dimension", default: "1536")
            guard let dimension = Int(dimensionText), dimension > 0 else {
                throw UsageError("--embedding-dimension expects a positive integer, got \(dimensionText)")
            }
            return OpenAIEmbeddingEncoder(baseURL: url, model: parsed.string("--embedding-model", default: "text-embedding-3-small"),
                                          apiKeyVariable: config.apiKeyEnv, dimension: dimension,
                                          retry: RetryPolicy(maxAttempts: config.retries))
        default:
            return try MiniLMEncoder(modelDirectory: try MiniLMEncoder.locateModelDirectory(), precision: config.encoderPrecision)
        }
    }
}
