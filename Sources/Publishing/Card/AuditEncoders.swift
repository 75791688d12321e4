import Embedding

/// How a card or publish obtains its embedding model, as values so tests can inject a small one
/// (the live value loads MiniLM exactly as `spb-analyze audit` does).
public struct AuditEncoders: Sendable {
    /// The encoder for data without stored embeddings.
    public var encoder: @Sendable () throws -> any TextEncoder
    /// The readability measure for data with stored embeddings (nil when unavailable: the audit then notes it).
    public var readability: @Sendable () -> (any ReadabilityMeasuring)?

    /// Creates a provider.
    public init(encoder: @escaping @Sendable () throws -> any TextEncoder,
                readability: @escaping @Sendable () -> (any ReadabilityMeasuring)?) {
        self.encoder = encoder
        self.readability = readability
    }

    /// MiniLM from the usual model folder; its vocabulary measures readability.
    public static let live = AuditEncoders(
        encoder: { try MiniLMEncoder(modelDirectory: MiniLMEncoder.locateModelDirectory()) },
        readability: {
            guard let directory = try? MiniLMEncoder.locateModelDirectory() else { return nil }
            return try? BertTokenizer(vocabularyURL: directory.appendingPathComponent("vocab.txt"))
        })
}
