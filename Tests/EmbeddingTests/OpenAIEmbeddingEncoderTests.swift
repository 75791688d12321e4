import Embedding
import Foundation
import LinearAlgebra
import Networking
import Testing
import TestSupport

/// OpenAIEmbeddingEncoder against a scripted `/v1/embeddings` server.
@Suite("OpenAIEmbeddingEncoder")
struct OpenAIEmbeddingEncoderTests {
    /// Answers each batch with vector `[i+1, 2(i+1), 0]`-style rows keyed by the text's number,
    /// listing `data` in reverse order so the client must re-order by `index`.
    static let reversingServer: LoopbackHTTPServer.Handler = { request in
        let inputs = request.jsonObject()?["input"] as? [String] ?? []
        let vectors = inputs.map { text -> [Float] in
            let value = Float(text.dropFirst(5)) ?? 0
            return [value + 1, 2 * (value + 1), 0]
        }
        let order = Array(vectors.indices.reversed())
        return OpenAIScript.embeddings(order.map { vectors[$0] }, indices: order)
    }

    func encoder(_ server: LoopbackHTTPServer, dimension: Int = 3, batchSize: Int = 4, keyVariable: String? = nil, environment: [String: String] = [:]) -> OpenAIEmbeddingEncoder {
        OpenAIEmbeddingEncoder(baseURL: server.baseURL, model: "embedder", apiKeyVariable: keyVariable, dimension: dimension,
                               transport: .live(maxResponseBytes: 1 << 20), retry: RetryPolicy(maxAttempts: 3), batchSize: batchSize,
                               clock: .immediate, environment: environment)
    }

    @Test("batches of batchSize, rows re-ordered by index and normalised")
    func batchingAndOrder() async throws {
        try await LoopbackHTTPServer.withServer(Self.reversingServer) { server in
            let texts = (0 ..< 10).map { "text \($0)" }
            let matrix = try await encoder(server).encode(texts)
            #expect(matrix.rows == 10 && matrix.columns == 3)
            #expect(server.requests.map { ($0.jsonObject()?["input"] as? [String])?.count ?? -1 } == [4, 4, 2])
            #expect(server.requests.allSatisfy { $0.path == "/v1/embeddings" && $0.jsonObject()?["model"] as? String == "embedder" })
            let unit = 1 / Float(5).squareRoot()
            for row in 0 ..< 10 {
                #expect(allClose(matrix.row(row), [unit, 2 * unit, 0], absolute: 1e-6), "row \(row)")
            }
        }
    }

    @Test("rows keep input order even though values differ per text")
    func distinctRows() async throws {
        try await LoopbackHTTPServer.withServer({ request in
            let inputs = request.jsonObject()?["input"] as? [String] ?? []
            let vectors = inputs.map { text -> [Float] in text == "left" ? [1, 0, 0] : [0, 0, 1] }
            return OpenAIScript.embeddings(Array(vectors.reversed()), indices: Array(vectors.indices.reversed()))
        }) { server in
            let matrix = try await encoder(server).encode(["left", "right", "left"])
            #expect(allClose(matrix.row(0), [1, 0, 0]) && allClose(matrix.row(1), [0, 0, 1]) && allClose(matrix.row(2), [1, 0, 0]))
        }
    }

    @Test("a wrong dimension is an error naming the input")
    func dimensionChecked() async throws {
        try await LoopbackHTTPServer.withServer(Self.reversingServer) { server in
            let error = await #expect(throws: OpenAIEmbeddingError.self) { try await encoder(server, dimension: 4).encode(["text 1"]) }
            #expect(error?.description.contains("input 0") == true)
            #expect(error?.description.contains("expected 4") == true)
        }
    }

    @Test("repeated indices are rejected (after retries)")
    func badIndices() async throws {
        try await LoopbackHTTPServer.withServer({ _ in OpenAIScript.embeddings([[1, 0, 0], [0, 1, 0]], indices: [0, 0]) }) { server in
            let error = await #expect(throws: OpenAIEmbeddingError.self) { try await encoder(server).encode(["a", "b"]) }
            #expect(error?.description.contains("index 0") == true)
            #expect(server.requests.count == 3)
        }
    }

    @Test("503 then success: retried")
    func retried() async throws {
        try await LoopbackHTTPServer.withServer(LoopbackHTTPServer.sequence([
            OpenAIScript.error(status: 503, message: "warming up"), OpenAIScript.embeddings([[3, 4, 0]]),
        ])) { server in
            let matrix = try await encoder(server).encode(["only"])
            #expect(allClose(matrix.row(0), [0.6, 0.8, 0]))
            #expect(server.requests.count == 2)
        }
    }

    @Test("the key comes from the named variable and is never in errors; an unset variable is named")
    func apiKey() async throws {
        let key = "emb-SECRET-777"
        try await LoopbackHTTPServer.withServer({ request in
            OpenAIScript.error(status: 401, message: "bad key \(request.header("authorization") ?? "")")
        }) { server in
            let error = await #expect(throws: OpenAIEmbeddingError.self) {
                try await encoder(server, keyVariable: "EMB_KEY", environment: ["EMB_KEY": key]).encode(["a"])
            }
            #expect(server.requests.first?.header("authorization") == "Bearer \(key)")
            #expect(error.map { !"\($0)".contains(key) } == true)
            let missing = await #expect(throws: OpenAIEmbeddingError.self) {
                try await encoder(server, keyVariable: "EMB_KEY_UNSET").encode(["a"])
            }
            #expect(missing?.description.contains("EMB_KEY_UNSET") == true)
            #expect(server.requests.count == 1)
        }
    }

    @Test("no texts, no request")
    func empty() async throws {
        try await LoopbackHTTPServer.withServer(Self.reversingServer) { server in
            let matrix = try await encoder(server).encode([])
            #expect(matrix.rows == 0 && matrix.columns == 3)
            #expect(server.requests.isEmpty)
        }
    }
}
