import Embedding
import Foundation
import LinearAlgebra
import Networking
import Testing
import TestSupport

/// `OpenAIEmbeddingEncoder` against every fault of ``FaultInjectingOpenAIServer``: retryable
/// faults are survived with the right vectors, the 10 MB body is refused by the size cap, wrong
/// vectors are refused, and no error message carries the API key.
@Suite("Faults: embeddings endpoint", .serialized)
struct EmbeddingFaultTests {
    static let sentinel = "sk-test-SENTINEL-embed-7f3a9c"
    static let dimension = 16
    static let retryable: [FaultInjectingOpenAIServer.Fault] = [
        .rateLimitedRetryAfter, .rateLimited, .serverError, .unavailable, .htmlErrorPage, .slowReply,
        .resetMidBody, .truncatedJSON, .nonJSONBody, .wrongSchema,
    ]

    static func settings() -> FaultInjectingOpenAIServer.Settings {
        var settings = FaultInjectingOpenAIServer.Settings()
        settings.slowDelay = .milliseconds(2500)
        return settings
    }

    static func encoder(_ server: FaultInjectingOpenAIServer, attempts: Int, batchSize: Int = 8, cap: Int = 1 << 20) -> OpenAIEmbeddingEncoder {
        OpenAIEmbeddingEncoder(baseURL: server.baseURL, model: "fault-embedder", apiKeyVariable: "SPB_HARDENING_KEY", dimension: dimension,
                               transport: .live(maxResponseBytes: cap),
                               retry: RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(2), maxDelay: .milliseconds(10)),
                               batchSize: batchSize, timeout: .seconds(1), environment: ["SPB_HARDENING_KEY": sentinel])
    }

    static func expected(_ texts: [String]) -> [Float] {
        texts.flatMap { FaultInjectingOpenAIServer.vector(for: $0, dimension: dimension) }
    }

    @Test("Each retryable fault is survived with the exact vectors", arguments: retryable)
    func survivesFault(_ fault: FaultInjectingOpenAIServer.Fault) async throws {
        let server = try FaultInjectingOpenAIServer(embeddings: .script([fault]), embeddingDimension: Self.dimension, settings: Self.settings())
        defer { server.stop() }
        let texts = ["a ferry mechanic", "a tram driver", "a pastry chef"]
        let matrix = try await Self.encoder(server, attempts: 3).encode(texts)
        #expect(matrix.rows == 3 && matrix.columns == Self.dimension)
        #expect(allClose(matrix.storage, Self.expected(texts), absolute: 1e-5, relative: 1e-4), "\(fault)")
        #expect(server.embeddingRequests == 2, "\(fault): one fault, one retry")
        #expect(server.authorizationHeaders == ["Bearer \(Self.sentinel)"])
    }

    @Test("A seeded mix of faults over many batches still gives every vector, in order")
    func seededMix() async throws {
        let plan = FaultInjectingOpenAIServer.Plan.seeded(seed: 0xE3B, rate: 0.35, kinds: Self.retryable.filter { $0 != .slowReply })
        let server = try FaultInjectingOpenAIServer(embeddings: plan, embeddingDimension: Self.dimension, settings: Self.settings())
        defer { server.stop() }
        let texts = (0 ..< 48).map { "persona text number \($0)" }
        let matrix = try await Self.encoder(server, attempts: 8, batchSize: 4).encode(texts)
        #expect(allClose(matrix.storage, Self.expected(texts), absolute: 1e-5, relative: 1e-4))
        let injected = server.injected.values.reduce(0, +)
        #expect(injected > 0)
        #expect(server.embeddingRequests == 12 + injected, "every fault cost exactly one retry")
    }

    @Test("The 10 MB body is refused by the size cap, not retried, and the error says why")
    func hugeBodyRefused() async throws {
        let server = try FaultInjectingOpenAIServer(embeddings: .script([.hugeBody]), embeddingDimension: Self.dimension, settings: Self.settings())
        defer { server.stop() }
        let started = ContinuousClock.now
        do {
            _ = try await Self.encoder(server, attempts: 3).encode(["one"])
            Issue.record("a 10 MB body was accepted")
        } catch {
            let text = "\(error)"
            #expect(text.contains(FaultKind.tooLarge.rawValue), "\(text)")
            #expect(!text.contains(Self.sentinel))
        }
        #expect(server.embeddingRequests == 1, "tooLarge is not retried")
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("Vectors of the wrong length and exhausted retries throw without the key")
    func refusedWithoutKey() async throws {
        let wrong = try FaultInjectingOpenAIServer(embeddings: .script([.overlongPersona]), embeddingDimension: Self.dimension)
        defer { wrong.stop() }
        do {
            _ = try await Self.encoder(wrong, attempts: 2).encode(["one", "two"])
            Issue.record("wrong-length vectors were accepted")
        } catch {
            #expect("\(error)".contains("dimension") || "\(error)".contains("\(Self.dimension)"), "\(error)")
            #expect(!"\(error)".contains(Self.sentinel))
        }
        let failing = try FaultInjectingOpenAIServer(embeddings: .seeded(seed: 1, rate: 1, kinds: [.serverError, .htmlErrorPage, .nonJSONBody]),
                                                     embeddingDimension: Self.dimension)
        defer { failing.stop() }
        do {
            _ = try await Self.encoder(failing, attempts: 3).encode(["one"])
            Issue.record("a permanently failing server gave vectors")
        } catch {
            #expect(!"\(error)".contains(Self.sentinel), "\(error)")
            #expect(!String(reflecting: error).contains(Self.sentinel))
        }
        #expect(failing.embeddingRequests == 3)
    }
}
