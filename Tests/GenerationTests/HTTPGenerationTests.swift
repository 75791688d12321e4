import Foundation
@testable import Generation
import LLMClient
import Networking
import RunFormat
import Testing
import TestSupport

@Suite("Generation over HTTP (loopback server)", .serialized)
struct HTTPGenerationTests {
    static let persona = #"{"name": "Whoever", "username": null, "age": 41, "traits": ["calm", "wry", "stubborn"], "background": "Ferry mechanic who repairs accordions at night in his garage.", "chatting_style": "Short lines, no emoji."}"#

    @Test("schema mode rejected, then 429 with Retry-After, then a persona: fallback, retry, faults and tokens recorded")
    func fallbackAndRetry() async throws {
        let directory = TestInputs.temporaryDirectory()
        let handler = LoopbackHTTPServer.sequence([
            OpenAIScript.error(status: 400, message: "response_format json_schema is not supported", param: "response_format"),
            OpenAIScript.error(status: 429, message: "slow down", type: "rate_limit_error", headers: ["Retry-After": "0"]),
            OpenAIScript.chatCompletion(content: "```json\n\(Self.persona)\n```", promptTokens: 321, completionTokens: 54),
        ])
        try await LoopbackHTTPServer.withServer(handler) { server in
            let client = ChatCompletionClient(baseURL: server.baseURL, model: "loopback-model", apiKey: "sk-test-secret",
                                              retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5)))
            let chat = PersonaChat.live(client, options: ChatOptions(temperature: 0.8, maxTokens: 512, timeout: .seconds(10),
                                                                     structuredOutput: .auto, schema: PersonaChat.personaSchema(), schemaName: "persona"))
            let config = GenerationConfig(target: 1, seed: 5, concurrency: 1, model: "loopback-model", apiKeyEnv: "TEST_KEY", score: .cosine)
            let generator = PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: chat, encoder: BagOfWordsEncoder())
            let summary = try await generator.run(in: directory, mode: .fresh)
            #expect(summary.statistics.accepted == 1)
            #expect(summary.statistics.promptTokens == 321 && summary.statistics.completionTokens == 54)
            #expect(summary.statistics.faults["rateLimited", default: 0] == 1)

            let requests = server.requests
            #expect(requests.count == 3)
            let first = try #require(requests.first?.jsonObject())
            #expect(requests.allSatisfy { $0.path.hasSuffix("/chat/completions") && $0.header("Authorization") == "Bearer sk-test-secret" })
            #expect(first["model"] as? String == "loopback-model")
            let format = try #require(first["response_format"] as? [String: Any])
            #expect(format["type"] as? String == "json_schema")
            let contents = OpenAIScript.messageContents(of: requests[0])
            #expect(contents.count == 2)
            let blueprint = try #require(try String(contentsOf: directory.appendingPathComponent(RunFiles.events), encoding: .utf8)
                .split(separator: "\n").first)
            let name = try #require((try JSONSerialization.jsonObject(with: Data(blueprint.utf8)) as? [String: Any])
                .flatMap { $0["components"] as? [String: Any] }?["name"] as? String)
            #expect(contents[1].contains(name), "the sampled name is in the user message")
            let second = try #require(requests[1].jsonObject()?["response_format"] as? [String: Any])
            #expect(second["type"] as? String == "json_object", "fell back to llama-cpp-python's json_object + schema")

            let personas = try String(contentsOf: directory.appendingPathComponent(RunFiles.personas), encoding: .utf8)
            #expect(personas.contains(name) && !personas.contains("Whoever"))
            for file in RunFiles.all {
                let text = (try? String(contentsOf: directory.appendingPathComponent(file), encoding: .isoLatin1)) ?? ""
                #expect(!text.contains("sk-test-secret"), "\(file) must not hold the key")
            }
        }
    }

    @Test("a server that keeps failing: llm-error rejections with fault kinds, then give-up at max-attempts")
    func serverDown() async throws {
        let directory = TestInputs.temporaryDirectory()
        try await LoopbackHTTPServer.withServer({ _ in OpenAIScript.error(status: 503, message: "overloaded", type: "server_error") }) { server in
            let client = ChatCompletionClient(baseURL: server.baseURL, model: "m", apiKey: nil,
                                              retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2)))
            let chat = PersonaChat.live(client, options: ChatOptions(timeout: .seconds(5), structuredOutput: .jsonObject))
            let config = GenerationConfig(target: 2, concurrency: 2, maxAttempts: 3, score: .cosine)
            let summary = try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: chat, encoder: BagOfWordsEncoder())
                .run(in: directory, mode: .fresh)
            #expect(summary.completion == .attemptsExhausted)
            #expect(summary.statistics.rejects[.llmError] == 3)
            #expect(summary.statistics.faults["serverError", default: 0] == 6)
            #expect(server.requests.count == 6)
        }
    }
}
