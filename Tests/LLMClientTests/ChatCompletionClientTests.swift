import Foundation
import LLMClient
import Networking
import PersonaKit
import Testing
import TestSupport

/// ChatCompletionClient against scripted OpenAI-compatible servers, over both real transports.
@Suite("ChatCompletionClient")
struct ChatCompletionClientTests {
    static let schema: JSONValue = .object([
        "type": .string("object"),
        "properties": .object(["name": .object(["type": .string("string")])]),
        "required": .array([.string("name")]),
    ])

    /// A server that answers like llama-cpp-python: `json_schema` is refused with a 500 naming
    /// `response_format`; everything else succeeds.
    static let llamaLike: LoopbackHTTPServer.Handler = { request in
        if (OpenAIScript.responseFormat(of: request)?["type"] as? String) == "json_schema" {
            return OpenAIScript.error(status: 500, message: "1 validation error: ('body', 'response_format', 'type') Input should be 'text' or 'json_object'", type: "internal_server_error")
        }
        return OpenAIScript.chatCompletion(content: #"{"name":"Ada"}"#)
    }

    func client(_ server: LoopbackHTTPServer, _ kind: TransportUnderTest, key: String? = nil, retry: RetryPolicy = .standard, clock: SleepClock = .immediate) -> ChatCompletionClient {
        ChatCompletionClient(baseURL: server.baseURL, model: "test-model", apiKey: key, transport: kind.make(maxResponseBytes: 1 << 20), retry: retry, clock: clock)
    }

    @Test("request body: model, messages, sampling options, no response_format for .none", arguments: TransportUnderTest.allCases)
    func requestShape(_ kind: TransportUnderTest) async throws {
        try await LoopbackHTTPServer.withServer({ _ in OpenAIScript.chatCompletion(content: "hello") }) { server in
            let result = try await client(server, kind, key: "k-1").complete(
                messages: [.system("Be brief."), .user("Hi")],
                options: ChatOptions(temperature: 0.5, maxTokens: 42, seed: 7, structuredOutput: .none)
            )
            #expect(result.text == "hello" && result.modeUsed == .none && result.attempts == 1)
            let request = try #require(server.requests.first)
            #expect(request.path == "/v1/chat/completions")
            #expect(request.header("authorization") == "Bearer k-1")
            let body = try #require(request.jsonObject())
            #expect(body["model"] as? String == "test-model")
            #expect(isClose(body["temperature"] as? Double ?? -1, 0.5))
            #expect(body["max_tokens"] as? Int == 42 && body["seed"] as? Int == 7)
            #expect(body["response_format"] == nil)
            let messages = try #require(body["messages"] as? [[String: String]])
            #expect(messages == [["role": "system", "content": "Be brief."], ["role": "user", "content": "Hi"]])
        }
    }

    @Test("no Authorization header without a key", arguments: TransportUnderTest.allCases)
    func noKey(_ kind: TransportUnderTest) async throws {
        try await LoopbackHTTPServer.withServer({ _ in OpenAIScript.chatCompletion(content: "x") }) { server in
            _ = try await client(server, kind, key: nil).complete(messages: [.user("Hi")], options: ChatOptions(structuredOutput: .none))
            #expect(server.requests.first?.header("authorization") == nil)
        }
    }

    @Test("each fixed mode sends its response_format", arguments: TransportUnderTest.allCases, [
        (StructuredOutput.jsonSchema, "json_schema"), (.jsonObjectWithSchema, "json_object"), (.jsonObject, "json_object"),
    ])
    func fixedModes(_ kind: TransportUnderTest, expected: (StructuredOutput, String)) async throws {
        let (mode, type) = expected
        try await LoopbackHTTPServer.withServer({ _ in OpenAIScript.chatCompletion(content: "{}") }) { server in
            let result = try await client(server, kind).complete(messages: [.user("Hi")], options: ChatOptions(structuredOutput: mode, schema: Self.schema, schemaName: "persona"))
            #expect(result.modeUsed == mode)
            let request = try #require(server.requests.first)
            let format = try #require(OpenAIScript.responseFormat(of: request))
            #expect(format["type"] as? String == type)
            switch mode {
            case .jsonSchema:
                let inner = try #require(format["json_schema"] as? [String: Any])
                #expect(inner["name"] as? String == "persona" && inner["strict"] as? Bool == true)
                #expect((inner["schema"] as? [String: Any])?["required"] as? [String] == ["name"])
            case .jsonObjectWithSchema:
                #expect((format["schema"] as? [String: Any])?["type"] as? String == "object")
            default:
                #expect(format["schema"] == nil && format["json_schema"] == nil)
            }
        }
    }

    @Test("auto: json_schema rejected with 400 → json_object+schema, remembered for the next call", arguments: TransportUnderTest.allCases)
    func autoFallbackRemembered(_ kind: TransportUnderTest) async throws {
        try await LoopbackHTTPServer.withServer({ request in
            (OpenAIScript.responseFormat(of: request)?["type"] as? String) == "json_schema"
                ? OpenAIScript.error(status: 400, message: "response_format json_schema is not supported", param: "response_format")
                : OpenAIScript.chatCompletion(content: #"{"name":"Ada"}"#)
        }) { server in
            let chat = client(server, kind)
            let options = ChatOptions(schema: Self.schema)
            let first = try await chat.complete(messages: [.user("Persona please")], options: options)
            #expect(first.modeUsed == .jsonObjectWithSchema)
            #expect(first.attempts == 2 && first.faults[.clientError] == 1)
            #expect(chat.rememberedMode == .jsonObjectWithSchema)
            #expect(server.requests.count == 2)

            let second = try await chat.complete(messages: [.user("Another")], options: options)
            #expect(second.modeUsed == .jsonObjectWithSchema && second.attempts == 1 && second.faults.total == 0)
            #expect(server.requests.count == 3)
            let lastFormat = OpenAIScript.responseFormat(of: server.requests[2])
            #expect(lastFormat?["type"] as? String == "json_object" && lastFormat?["schema"] != nil)
        }
    }

    @Test("auto: llama-cpp-python's 500 naming response_format falls back at once, without retries", arguments: TransportUnderTest.allCases)
    func autoFallbackOnServerErrorNamingResponseFormat(_ kind: TransportUnderTest) async throws {
        try await LoopbackHTTPServer.withServer(Self.llamaLike) { server in
            let sleeps = SleepRecorder()
            let result = try await client(server, kind, clock: sleeps.clock).complete(messages: [.user("Hi")], options: ChatOptions(schema: Self.schema))
            #expect(result.modeUsed == .jsonObjectWithSchema)
            #expect(result.faults[.serverError] == 1 && result.attempts == 2)
            #expect(sleeps.durations.isEmpty)
        }
    }

    @Test("auto falls all the way to no response_format; without a schema it starts at json_object", arguments: TransportUnderTest.allCases)
    func autoFallsToNone(_ kind: TransportUnderTest) async throws {
        try await LoopbackHTTPServer.withServer({ request in
            OpenAIScript.responseFormat(of: request) == nil
                ? OpenAIScript.chatCompletion(content: "plain")
                : OpenAIScript.error(status: 422, message: "unknown field")
        }) { server in
            let chat = client(server, kind)
            let withSchema = try await chat.complete(messages: [.user("Hi")], options: ChatOptions(schema: Self.schema))
            #expect(withSchema.modeUsed == .none && withSchema.attempts == 4 && withSchema.faults[.clientError] == 3)

            let fresh = client(server, kind)
            let before = server.requests.count
            let withoutSchema = try await fresh.complete(messages: [.user("Hi")], options: ChatOptions())
            #expect(withoutSchema.modeUsed == .none && withoutSchema.attempts == 2)
            #expect(OpenAIScript.responseFormat(of: server.requests[before])?["type"] as? String == "json_object")
            #expect(OpenAIScript.responseFormat(of: server.requests[before])?["schema"] == nil)
        }
    }

    @Test("a fixed mode that is rejected fails without fallback", arguments: TransportUnderTest.allCases)
    func fixedModeRejected(_ kind: TransportUnderTest) async throws {
        try await LoopbackHTTPServer.withServer({ _ in OpenAIScript.error(status: 400, message: "no json_schema here") }) { server in
            let error = await #expect(throws: ChatCompletionError.self) {
                try await client(server, kind).complete(messages: [.user("Hi")], options: ChatOptions(structuredOutput: .jsonSchema, schema: Self.schema))
            }
            #expect(error?.status == 400 && error?.attempts == 1)
            #expect(server.requests.count == 1)
        }
    }

    @Test("a schema mode without a schema is a usage error before any request", arguments: TransportUnderTest.allCases)
    func schemaModeNeedsSchema(_ kind: TransportUnderTest) async throws {
        try await LoopbackHTTPServer.withServer({ _ in OpenAIScript.chatCompletion(content: "{}") }) { server in
            await #expect(throws: ChatCompletionError.self) {
                try await client(server, kind).complete(messages: [.user("Hi")], options: ChatOptions(structuredOutput: .jsonObjectWithSchema))
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test("429 with Retry-After is retried; usage comes from the successful answer and sums", arguments: TransportUnderTest.allCases)
    func retriesAndUsage(_ kind: TransportUnderTest) async throws {
        let sleeps = SleepRecorder()
        try await LoopbackHTTPServer.withServer(LoopbackHTTPServer.sequence([
            OpenAIScript.error(status: 429, message: "rate limited", type: "rate_limit_error", headers: ["Retry-After": "3"]),
            OpenAIScript.chatCompletion(content: "one", promptTokens: 30, completionTokens: 12),
            OpenAIScript.chatCompletion(content: "two", promptTokens: 25, completionTokens: 5),
        ])) { server in
            let chat = client(server, kind, clock: sleeps.clock)
            let first = try await chat.complete(messages: [.user("Hi")], options: ChatOptions(structuredOutput: .none))
            let second = try await chat.complete(messages: [.user("Hi")], options: ChatOptions(structuredOutput: .none))
            #expect(first.attempts == 2 && first.faults[.rateLimited] == 1)
            #expect(sleeps.durations == [.seconds(3)])
            #expect(first.usage == TokenUsage(promptTokens: 30, completionTokens: 12, totalTokens: 42))
            let total = first.usage + second.usage
            #expect(total.promptTokens == 55 && total.completionTokens == 17 && total.totalTokens == 72)
        }
    }

    @Test("an unusable 2xx body (no choices) is retried as invalidBody, then reported", arguments: TransportUnderTest.allCases)
    func malformedBody(_ kind: TransportUnderTest) async throws {
        try await LoopbackHTTPServer.withServer({ _ in .json(#"{"choices":[]}"#) }) { server in
            let error = await #expect(throws: ChatCompletionError.self) {
                try await client(server, kind, retry: RetryPolicy(maxAttempts: 2)).complete(messages: [.user("Hi")], options: ChatOptions(structuredOutput: .none))
            }
            #expect(error?.kind == .invalidBody && error?.faults[.invalidBody] == 2)
            #expect(error?.description.contains("choices") == true)
        }
    }

    @Test("the API key never appears in errors or in the client's description", arguments: TransportUnderTest.allCases)
    func keyNeverLeaks(_ kind: TransportUnderTest) async throws {
        let key = "sk-live-DO-NOT-PRINT-42"
        try await LoopbackHTTPServer.withServer({ request in
            OpenAIScript.error(status: 401, message: "Incorrect API key provided: \(request.header("authorization") ?? "")", type: "invalid_request_error")
        }) { server in
            let chat = client(server, kind, key: key)
            let error = await #expect(throws: ChatCompletionError.self) {
                try await chat.complete(messages: [.user("Hi")], options: ChatOptions(structuredOutput: .none))
            }
            #expect(server.requests.first?.header("authorization") == "Bearer \(key)")
            var dumped = ""
            dump(chat, to: &dumped)
            for text in [error.map { "\($0)" } ?? "", error?.message ?? "", "\(chat)", String(reflecting: chat), dumped] {
                #expect(!text.contains(key), "leaked in: \(text)")
            }
            #expect(error?.message.contains("<redacted>") == true)
        }
    }

    @Test("concurrent auto calls share one remembered mode", arguments: TransportUnderTest.allCases)
    func concurrentAuto(_ kind: TransportUnderTest) async throws {
        try await LoopbackHTTPServer.withServer(Self.llamaLike) { server in
            let chat = client(server, kind)
            let modes = try await withThrowingTaskGroup(of: StructuredOutput.self) { group in
                for index in 0 ..< 6 {
                    group.addTask { try await chat.complete(messages: [.user("n\(index)")], options: ChatOptions(schema: Self.schema)).modeUsed }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(modes == Array(repeating: .jsonObjectWithSchema, count: 6))
            #expect(chat.rememberedMode == .jsonObjectWithSchema)
            #expect(server.requests.count >= 7 && server.requests.count <= 12)
        }
    }
}
