import Foundation
import Networking
import Testing

@Suite("OpenAIEndpoint: base URLs with or without /v1")
struct OpenAIEndpointTests {
    @Test("version segment inserted only when missing", arguments: [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1/chat/completions"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1/chat/completions"),
        ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1/chat/completions"),
        ("http://127.0.0.1:8080/v1/", "http://127.0.0.1:8080/v1/chat/completions"),
        ("https://example.test/openai/v1", "https://example.test/openai/v1/chat/completions"),
        ("https://example.test/api", "https://example.test/api/v1/chat/completions"),
        ("http://h/v1/chat/completions", "http://h/v1/chat/completions"),
    ])
    func chatURL(base: String, expected: String) throws {
        let url = OpenAIEndpoint.url(base: try #require(URL(string: base)), path: "chat/completions")
        #expect(url.absoluteString == expected)
    }

    @Test("embeddings endpoint")
    func embeddingsURL() throws {
        let url = OpenAIEndpoint.url(base: try #require(URL(string: "http://localhost:1234/v1")), path: "embeddings")
        #expect(url.absoluteString == "http://localhost:1234/v1/embeddings")
    }
}
