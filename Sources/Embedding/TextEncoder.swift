import LinearAlgebra

/// Turns texts into unit-length embedding vectors.
///
/// Backends: ``MiniLMEncoder`` (the embedded default, all-MiniLM-L6-v2 on OpenBLAS),
/// an OpenAI-compatible `/v1/embeddings` client, and ``HashedNGramEncoder``, an
/// explicitly lexical baseline. Implementations must be safe to call from
/// concurrent tasks.
public protocol TextEncoder: Sendable {
    /// Length of every embedding this encoder returns.
    var dimension: Int { get }
    /// A short, stable description of the backend and model (recorded in run manifests).
    var identifier: String { get }
    /// Embeds `texts`; row `i` of the result is the L2-normalised embedding of `texts[i]`.
    func encode(_ texts: [String]) async throws -> Matrix
}
