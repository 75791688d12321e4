import Foundation
import Networking
import PersonaKit
import Synchronization

/// A client for any OpenAI-compatible `/v1/chat/completions` endpoint (OpenAI, vLLM,
/// llama.cpp's server, llama-cpp-python, Ollama, LM Studio, …).
///
/// Each call is retried by a ``RetryPolicy`` (429 with `Retry-After`, 5xx, timeouts, connection
/// errors). With ``StructuredOutput/auto`` the client falls back from `json_schema` to
/// llama-cpp-python's `json_object`+`schema`, then plain `json_object`, then no `response_format`,
/// whenever the server rejects a mode, and remembers the mode that worked (shared by all copies of
/// the client, thread-safe). The API key is never part of a description or an error.
///
/// ```swift
/// let client = ChatCompletionClient(baseURL: URL(string: "http://127.0.0.1:8731/v1")!, model: "qwen2.5-coder-0.5b",
///                                   apiKey: ProcessInfo.processInfo.environment["OPENAI_API_KEY"])
/// let answer = try await client.complete(messages: [.user("Invent a persona as JSON.")],
///                                        options: ChatOptions(maxTokens: 300, schema: personaSchema))
/// ```
public struct ChatCompletionClient: Sendable {
    /// The full chat-completions URL derived from the base URL.
    public let endpoint: URL
    /// The model name sent with every request.
    public let model: String
    private let apiKey: APIKey?
    private let transport: HTTPTransport
    private let retry: RetryPolicy
    private let clock: SleepClock
    private let memory = ModeMemory()

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - baseURL: The server, with or without `/v1` (see ``OpenAIEndpoint``).
    ///   - model: The model name.
    ///   - apiKey: The key, read by the caller (usually from an environment variable); nil or empty sends none.
    ///   - transport: How requests are sent (default: URLSession, 8 MiB response cap).
    ///   - retry: The retry policy (default ``RetryPolicy/standard``).
    ///   - clock: The sleeper used between retries.
    public init(baseURL: URL, model: String, apiKey: String?, transport: HTTPTransport = .live(), retry: RetryPolicy = .standard, clock: SleepClock = .live) {
        self.endpoint = OpenAIEndpoint.url(base: baseURL, path: "chat/completions")
        self.model = model
        self.apiKey = APIKey(apiKey)
        self.transport = transport
        self.retry = retry
        self.clock = clock
    }

    /// The mode `auto` settled on so far, or nil before the first successful `auto` call.
    public var rememberedMode: StructuredOutput? { memory.mode }

    /// Sends one chat completion request (with retries and, for `auto`, mode fallback).
    ///
    /// - Parameters:
    ///   - messages: The conversation.
    ///   - options: Sampling, deadline and structured-output settings.
    /// - Returns: The text with usage, mode used, attempts and faults.
    /// - Throws: ``ChatCompletionError`` (redacted) when every attempt and mode failed;
    ///   `CancellationError` when cancelled.
    public func complete(messages: [ChatMessage], options: ChatOptions = ChatOptions()) async throws -> ChatCompletion {
        let candidates = try modes(for: options)
        let isAuto = options.structuredOutput == .auto
        var attempts = 0
        var faults = FaultCounts()
        for (position, mode) in candidates.enumerated() {
            let request = try makeRequest(messages: messages, options: options, mode: mode, attempts: attempts, faults: faults)
            let canFallBack = isAuto && position + 1 < candidates.count
            do {
                let outcome = try await retry.perform(request, over: transport, clock: clock, isFinal: { canFallBack && Self.rejectsMode(status: $0.status, body: $0.bodyPreview()) }, decode: Self.decode)
                attempts += outcome.attempts
                faults.add(outcome.faults)
                if isAuto { memory.remember(mode) }
                let reply = outcome.value
                return ChatCompletion(text: reply.text, usage: reply.usage, modeUsed: mode, finishReason: reply.finishReason, model: reply.model, attempts: attempts, faults: faults)
            } catch let error as NetworkError {
                attempts += error.attempts
                faults.add(error.faults)
                if canFallBack, let status = error.status, Self.rejectsMode(status: status, body: error.bodyPreview ?? "") { continue }
                throw ChatCompletionError(error, context: "\(mode.rawValue) mode", attempts: attempts, faults: faults, redacting: apiKey)
            }
        }
        preconditionFailure("the last candidate mode never falls back, so the loop returns or throws")
    }

    /// The headers that carry the key (empty without one).
    var apiKeyHeaders: [String: String] { apiKey?.authorizationHeaders ?? [:] }

    /// The modes to try, in order.
    private func modes(for options: ChatOptions) throws -> [StructuredOutput] {
        guard options.structuredOutput == .auto else {
            if options.structuredOutput.needsSchema, options.schema == nil {
                throw ChatCompletionError(message: "structured output mode \(options.structuredOutput.rawValue) needs options.schema", attempts: 0, faults: FaultCounts(), redacting: nil)
            }
            return [options.structuredOutput]
        }
        var order = StructuredOutput.fallbackOrder
        if options.schema == nil { order.removeAll(where: \.needsSchema) }
        if let remembered = memory.mode, let start = order.firstIndex(of: remembered) { order = Array(order[start...]) }
        return order
    }

    /// Whether an error response says the `response_format` mode is not supported:
    /// HTTP 400 or 422, or any error whose body names `response_format`.
    static func rejectsMode(status: Int, body: String) -> Bool {
        status == 400 || status == 422 || (status >= 400 && body.lowercased().contains("response_format"))
    }
}

extension ChatCompletionClient: CustomStringConvertible, CustomReflectable {
    /// `ChatCompletionClient(model @ endpoint, key: set|none)`; never the key itself.
    public var description: String { "ChatCompletionClient(\(model) @ \(endpoint.absoluteString), key: \(apiKey == nil ? "none" : "set"))" }

    /// A mirror without the key or closures.
    public var customMirror: Mirror {
        Mirror(self, children: ["endpoint": endpoint, "model": model, "hasAPIKey": apiKey != nil, "retry": retry])
    }
}
