import Foundation
import LLMClient
import Networking
import PersonaKit
import Testing

/// Opt-in: runs against a real server when `PERSONABANK_LLM_URL` is set, for example after
/// `bash scripts/llm-server.sh start` (then `PERSONABANK_LLM_URL=http://127.0.0.1:8731/v1`).
@Suite("ChatCompletionClient against a real server (PERSONABANK_LLM_URL)")
struct LiveServerTests {
    static let baseURL = ProcessInfo.processInfo.environment["PERSONABANK_LLM_URL"].flatMap(URL.init(string:))

    @Test("auto mode gets a JSON persona", .enabled(if: baseURL != nil, "skipped: PERSONABANK_LLM_URL is not set (start one with scripts/llm-server.sh)"))
    func autoPersona() async throws {
        let url = try #require(Self.baseURL)
        let model = ProcessInfo.processInfo.environment["PERSONABANK_LLM_MODEL"] ?? "qwen2.5-coder-0.5b"
        let client = ChatCompletionClient(baseURL: url, model: model, apiKey: ProcessInfo.processInfo.environment["PERSONABANK_LLM_KEY"], retry: RetryPolicy(maxAttempts: 2))
        let schema: JSONValue = .object([
            "type": .string("object"),
            "properties": .object([
                "name": .object(["type": .string("string")]),
                "age": .object(["type": .string("integer")]),
                "traits": .object(["type": .string("array"), "items": .object(["type": .string("string")]), "minItems": .number(3), "maxItems": .number(5)]),
            ]),
            "required": .array([.string("name"), .string("age"), .string("traits")]),
        ])
        let result = try await client.complete(
            messages: [.system("You invent fictional people."), .user("Invent one person. Answer with JSON: name, age, traits.")],
            options: ChatOptions(temperature: 0.7, maxTokens: 120, seed: 3, timeout: .seconds(300), schema: schema, schemaName: "persona")
        )
        print("live server: mode \(result.modeUsed.rawValue), attempts \(result.attempts), faults \(result.faults), usage \(result.usage.totalTokens) tokens, text: \(result.text)")
        #expect(result.modeUsed != .none)
        let object = try JSONDecoder().decode(JSONValue.self, from: Data(result.text.utf8))
        #expect(object["name"] != nil && object["age"] != nil && object["traits"] != nil)
        #expect(result.usage.totalTokens > 0)
    }

    /// The crash this guards against: a llama.cpp built with the build machine's native flags
    /// answered `/v1/models` and then died on its first completion on an Intel Xeon with AMX. The
    /// portable build must keep serving, completion after completion, with the JSON-schema grammar
    /// (llama-cpp-python's `json_object` + `schema`) and without any `response_format`.
    @Test("the server survives several completions in a row, with and without the JSON schema grammar",
          .enabled(if: baseURL != nil, "skipped: PERSONABANK_LLM_URL is not set (start one with scripts/llm-server.sh)"))
    func survivesCompletionsInARow() async throws {
        let url = try #require(Self.baseURL)
        let model = ProcessInfo.processInfo.environment["PERSONABANK_LLM_MODEL"] ?? "qwen2.5-coder-0.5b"
        let client = ChatCompletionClient(baseURL: url, model: model, apiKey: ProcessInfo.processInfo.environment["PERSONABANK_LLM_KEY"],
                                          retry: RetryPolicy(maxAttempts: 1))
        let schema: JSONValue = .object([
            "type": .string("object"),
            "properties": .object(["name": .object(["type": .string("string")]), "age": .object(["type": .string("integer")])]),
            "required": .array([.string("name"), .string("age")]),
        ])
        let messages: [ChatMessage] = [.system("You invent fictional people."), .user("Invent one person: name and age, as JSON.")]
        for (round, mode) in [StructuredOutput.jsonObjectWithSchema, .none, .jsonObjectWithSchema, .none, .jsonObjectWithSchema, .none].enumerated() {
            let result = try await client.complete(messages: messages, options: ChatOptions(
                temperature: 0.7, maxTokens: 48, seed: round, timeout: .seconds(120), structuredOutput: mode, schema: schema, schemaName: "person"))
            #expect(result.modeUsed == mode, "completion \(round + 1) ran in mode \(result.modeUsed.rawValue), asked for \(mode.rawValue)")
            #expect(result.attempts == 1 && result.usage.completionTokens > 0, "completion \(round + 1): \(result.attempts) attempts, \(result.usage)")
            if mode == .jsonObjectWithSchema {
                let object = try JSONDecoder().decode(JSONValue.self, from: Data(result.text.utf8))
                #expect(object["name"] != nil && object["age"] != nil, "completion \(round + 1) broke the grammar: \(result.text)")
            }
        }
    }
}
