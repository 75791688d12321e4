import CommandLineSupport
import Embedding
import Foundation
import Networking
import PersonaKit

/// `--encoder` names, as `manifest.json` records them (`config.encoder`).
enum EncoderChoice: String, CaseIterable {
    /// MiniLM, built in.
    case minilm
    /// Hashed character n-grams (a lexical baseline).
    case hashedNGrams = "hashed-ngrams"
    /// An OpenAI-compatible `/v1/embeddings` endpoint (`--embedding-*`).
    case openai

    /// The encoder `config` names; a manifest naming an unknown one is bad input naming the file and field,
    /// never a silent fallback to MiniLM.
    static func named(in config: GenerationConfig, manifest: URL) throws(InputError) -> EncoderChoice {
        guard let choice = EncoderChoice(rawValue: config.encoder) else {
            throw InputError(file: manifest.path, line: nil, field: "config.encoder",
                             message: "\"\(config.encoder)\" is not one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return choice
    }

    /// The encoder.
    /// - Parameters:
    ///   - parsed: the command line (for `--embedding-*` options).
    ///   - config: the run's settings (its base URL and key variable are the defaults for `openai`).
    /// - Throws: `UsageError` for a bad `--embedding-*` value; the encoder's errors.
    func make(parsed: ParsedArguments, config: GenerationConfig) throws -> any TextEncoder {
        switch self {
        case .hashedNGrams:
            return HashedNGramEncoder()
        case .openai:
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
        case .minilm:
            return try MiniLMEncoder(modelDirectory: try MiniLMEncoder.locateModelDirectory(), precision: config.encoderPrecision)
        }
    }
}
