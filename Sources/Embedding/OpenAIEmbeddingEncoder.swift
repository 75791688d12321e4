import Foundation
import LinearAlgebra
import Networking

/// A ``TextEncoder`` backed by an OpenAI-compatible `/v1/embeddings` endpoint.
///
/// Texts are sent in batches of `batchSize`, one request after another, each retried by the
/// ``RetryPolicy``. The server's `data[].index` puts each vector back in input order, every
/// vector's length is checked against `dimension`, and rows are L2-normalised. The API key comes
/// from an environment variable named by the caller and never appears in errors.
///
/// ```swift
/// let encoder = OpenAIEmbeddingEncoder(baseURL: URL(string: "https://api.openai.com/v1")!,
///                                      model: "text-embedding-3-small", apiKeyVariable: "OPENAI_API_KEY",
///                                      dimension: 1536)
/// let vectors = try await encoder.encode(["a quiet librarian", "a loud sailor"])
/// ```
public struct OpenAIEmbeddingEncoder: TextEncoder {
    /// Length of every embedding.
    public let dimension: Int
    /// `openai-embeddings:<model>@<host:port>`.
    public let identifier: String
    /// The full embeddings URL derived from the base URL.
    public let endpoint: URL
    /// The model name sent with every request.
    public let model: String
    /// Texts per request.
    public let batchSize: Int
    private let apiKey: APIKey?
    private let missingKeyVariable: String?
    private let transport: HTTPTransport
    private let retry: RetryPolicy
    private let timeout: Duration
    private let clock: SleepClock

    /// Creates an encoder.
    ///
    /// - Parameters:
    ///   - baseURL: The server, with or without `/v1`.
    ///   - model: The embedding model name.
    ///   - apiKeyVariable: The environment variable holding the key; nil for servers that need none.
    ///     When it names an unset variable, ``encode(_:)`` throws saying so.
    ///   - dimension: The expected embedding length.
    ///   - transport: How requests are sent (default: URLSession, 64 MiB cap).
    ///   - retry: The retry policy.
    ///   - batchSize: Texts per request (default 64).
    ///   - timeout: The deadline of each request.
    ///   - clock: The sleeper used between retries.
    ///   - environment: Where `apiKeyVariable` is read (default: the process environment).
    public init(baseURL: URL, model: String, apiKeyVariable: String? = nil, dimension: Int, transport: HTTPTransport = .live(maxResponseBytes: 64 << 20), retry: RetryPolicy = .standard, batchSize: Int = 64, timeout: Duration = .seconds(60), clock: SleepClock = .live, environment: [String: String] = ProcessInfo.processInfo.environment) {
        precondition(dimension > 0, "dimension must be positive")
        precondition(batchSize > 0, "batchSize must be positive")
        self.dimension = dimension
        let endpoint = OpenAIEndpoint.url(base: baseURL, path: "embeddings")
        self.endpoint = endpoint
        self.model = model
        self.batchSize = batchSize
        let key = apiKeyVariable.flatMap { APIKey.fromEnvironment($0, environment: environment) }
        self.apiKey = key
        self.missingKeyVariable = key == nil ? apiKeyVariable : nil
        self.transport = transport
        self.retry = retry
        self.timeout = timeout
        self.clock = clock
        let host = endpoint.host.map { host in endpoint.port.map { "\(host):\($0)" } ?? host } ?? endpoint.absoluteString
        self.identifier = "openai-embeddings:\(model)@\(host)"
    }

    /// Embeds `texts`; row `i` is the unit-length embedding of `texts[i]`.
    ///
    /// - Parameter texts: The texts (an empty array gives a 0-row matrix without any request).
    /// - Returns: A `texts.count × dimension` matrix.
    /// - Throws: ``OpenAIEmbeddingError`` for a missing key, a failed request, a malformed
    ///   response, a wrong dimension or an all-zero/non-finite vector.
    /// - Complexity: ⌈n / batchSize⌉ requests, sent one after another.
    public func encode(_ texts: [String]) async throws -> Matrix {
        if let missingKeyVariable {
            throw OpenAIEmbeddingError(message: "environment variable \(missingKeyVariable) is not set (it should hold the API key for \(endpoint.absoluteString))")
        }
        var storage: [Float] = []
        storage.reserveCapacity(texts.count * dimension)
        var start = 0
        while start < texts.count {
            let end = min(start + batchSize, texts.count)
            for (offset, vector) in try await encodeBatch(Array(texts[start ..< end])).enumerated() {
                let normalised: [Float]
                do {
                    normalised = try Vectors.normalized(vector, dimension: dimension)
                } catch {
                    throw OpenAIEmbeddingError(message: "embedding of input \(start + offset) from \(identifier): \(error)")
                }
                storage.append(contentsOf: normalised)
            }
            start = end
        }
        return Matrix(rows: texts.count, columns: dimension, storage: storage)
    }

    /// One request; vectors in input order (not yet checked for length or normalised).
    private func encodeBatch(_ batch: [String]) async throws -> [[Float]] {
        let body: Data
        do {
            body = try JSONEncoder().encode(RequestBody(model: model, input: batch))
        } catch {
            throw OpenAIEmbeddingError(message: "cannot encode the request: \(error)")
        }
        let request = HTTPRequest.postJSON(endpoint, json: body, headers: apiKey?.authorizationHeaders ?? [:], timeout: timeout)
        do {
            let expected = batch.count
            return try await retry.perform(request, over: transport, clock: clock) { try Self.decode($0, expected: expected) }.value
        } catch let error as NetworkError {
            throw OpenAIEmbeddingError(message: "\(identifier): \(error)")
        }
    }

    private struct RequestBody: Encodable {
        let model: String
        let input: [String]
    }

    private struct ResponseBody: Decodable {
        struct Item: Decodable {
            let index: Int
            let embedding: [Float]
        }

        let data: [Item]
    }

    /// Decodes `data[]` and orders it by `index`; throws when indices are not a permutation of `0..<expected`.
    private static func decode(_ response: HTTPResponse, expected: Int) throws -> [[Float]] {
        let body = try JSONDecoder().decode(ResponseBody.self, from: response.body)
        guard body.data.count == expected else {
            throw OpenAIEmbeddingError(message: "response has \(body.data.count) embeddings for \(expected) inputs")
        }
        var ordered = [[Float]?](repeating: nil, count: expected)
        for item in body.data {
            guard (0 ..< expected).contains(item.index), ordered[item.index] == nil else {
                throw OpenAIEmbeddingError(message: "response has a missing, repeated or out-of-range index \(item.index) (inputs 0..<\(expected))")
            }
            ordered[item.index] = item.embedding
        }
        return ordered.compactMap { $0 }
    }
}

/// An embeddings request that failed, or a response that cannot be used. Never contains the key.
public struct OpenAIEmbeddingError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    public var description: String { "embedding service: \(message)" }
}
