import Foundation

/// Builds OpenAI-compatible response bodies for ``LoopbackHTTPServer`` scripts.
///
/// ```swift
/// let server = try LoopbackHTTPServer(handler: LoopbackHTTPServer.sequence([
///     OpenAIScript.error(status: 429, message: "slow down", headers: ["Retry-After": "2"]),
///     OpenAIScript.chatCompletion(content: #"{"name":"Ada"}"#, promptTokens: 20, completionTokens: 7),
/// ]))
/// ```
public enum OpenAIScript {
    /// A `/v1/chat/completions` response body with one choice.
    ///
    /// - Parameters:
    ///   - content: The assistant message content.
    ///   - model: The model name echoed back.
    ///   - promptTokens: `usage.prompt_tokens`.
    ///   - completionTokens: `usage.completion_tokens` (total is the sum).
    ///   - finishReason: `choices[0].finish_reason`.
    /// - Returns: The JSON body.
    public static func chatCompletionBody(content: String, model: String = "scripted-model", promptTokens: Int = 12, completionTokens: Int = 8, finishReason: String = "stop") -> Data {
        let object: [String: Any] = [
            "id": "chatcmpl-scripted",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": model,
            "choices": [[
                "index": 0,
                "message": ["role": "assistant", "content": content],
                "finish_reason": finishReason,
            ]],
            "usage": [
                "prompt_tokens": promptTokens,
                "completion_tokens": completionTokens,
                "total_tokens": promptTokens + completionTokens,
            ],
        ]
        return encode(object)
    }

    /// A 200 response carrying ``chatCompletionBody(content:model:promptTokens:completionTokens:finishReason:)``.
    public static func chatCompletion(content: String, model: String = "scripted-model", promptTokens: Int = 12, completionTokens: Int = 8, finishReason: String = "stop") -> ScriptedResponse {
        ScriptedResponse(status: 200, headers: ["Content-Type": "application/json"], body: chatCompletionBody(content: content, model: model, promptTokens: promptTokens, completionTokens: completionTokens, finishReason: finishReason))
    }

    /// An OpenAI-style error response: `{"error": {"message", "type", "param", "code"}}`.
    ///
    /// - Parameters:
    ///   - status: The status code.
    ///   - message: `error.message`.
    ///   - type: `error.type`.
    ///   - param: `error.param` (null when nil).
    ///   - headers: Extra headers, such as `Retry-After`.
    /// - Returns: The response.
    public static func error(status: Int, message: String, type: String = "invalid_request_error", param: String? = nil, headers: [String: String] = [:]) -> ScriptedResponse {
        let object: [String: Any] = ["error": ["message": message, "type": type, "param": param.map { $0 as Any } ?? NSNull(), "code": NSNull()]]
        var all = headers
        all["Content-Type"] = "application/json"
        return ScriptedResponse(status: status, headers: all, body: encode(object))
    }

    /// A `/v1/embeddings` response: `data[i] = {index: indices[i], embedding: vectors[i]}`.
    ///
    /// - Parameters:
    ///   - vectors: The embeddings, in the order they appear in `data`.
    ///   - indices: The `index` of each entry (default 0, 1, 2, …); pass a permutation to test re-ordering.
    ///   - model: The model name echoed back.
    /// - Returns: The response.
    public static func embeddings(_ vectors: [[Float]], indices: [Int]? = nil, model: String = "scripted-embedder") -> ScriptedResponse {
        let order = indices ?? Array(vectors.indices)
        precondition(order.count == vectors.count, "one index per vector")
        let data: [[String: Any]] = zip(order, vectors).map { index, vector in
            ["object": "embedding", "index": index, "embedding": vector.map(Double.init)]
        }
        let object: [String: Any] = ["object": "list", "model": model, "data": data, "usage": ["prompt_tokens": 3 * vectors.count, "total_tokens": 3 * vectors.count]]
        return ScriptedResponse(status: 200, headers: ["Content-Type": "application/json"], body: encode(object))
    }

    /// A chat completion carrying an LLM judge verdict `{"same_character": same, "reason": reason}`.
    public static func judgeVerdict(same: Bool, reason: String, promptTokens: Int = 90, completionTokens: Int = 15) -> ScriptedResponse {
        let content = encode(["same_character": same, "reason": reason])
        return chatCompletion(content: String(decoding: content, as: UTF8.self), promptTokens: promptTokens, completionTokens: completionTokens)
    }

    /// Whether a recorded chat request is an LLM judge request (its user message opens with the
    /// judge prompt's candidate marker, `NEW PERSONA:`), so one server can route judge and persona requests.
    public static func isJudgeRequest(_ request: RecordedRequest) -> Bool {
        messageContents(of: request).contains { $0.hasPrefix("NEW PERSONA:") }
    }

    /// The `messages[].content` strings of a recorded chat request, in order (empty when absent).
    public static func messageContents(of request: RecordedRequest) -> [String] {
        let messages = request.jsonObject()?["messages"] as? [[String: Any]] ?? []
        return messages.compactMap { $0["content"] as? String }
    }

    /// The `response_format` object of a recorded chat request, when present.
    public static func responseFormat(of request: RecordedRequest) -> [String: Any]? {
        request.jsonObject()?["response_format"] as? [String: Any]
    }

    private static func encode(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}
