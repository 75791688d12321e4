import Foundation
import Networking
import PersonaKit

extension ChatCompletionClient {
    /// The request body of `/v1/chat/completions`.
    private struct RequestBody: Encodable {
        let model: String
        let messages: [ChatMessage]
        let temperature: Double?
        let maxTokens: Int?
        let seed: Int?
        let responseFormat: JSONValue?
        let stream = false

        enum CodingKeys: String, CodingKey {
            case model, messages, temperature, seed, stream
            case maxTokens = "max_tokens"
            case responseFormat = "response_format"
        }
    }

    /// The parts of a chat-completions response the client reads.
    private struct ResponseBody: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { let content: String? }
            let message: Message?
            let finishReason: String?
            enum CodingKeys: String, CodingKey { case message; case finishReason = "finish_reason" }
        }

        struct Usage: Decodable {
            let promptTokens: Int?
            let completionTokens: Int?
            let totalTokens: Int?
            enum CodingKeys: String, CodingKey {
                case promptTokens = "prompt_tokens"
                case completionTokens = "completion_tokens"
                case totalTokens = "total_tokens"
            }
        }

        let choices: [Choice]
        let usage: Usage?
        let model: String?
    }

    /// A decoded reply.
    struct Reply: Sendable {
        let text: String
        let usage: TokenUsage
        let finishReason: String?
        let model: String?
    }

    /// A 2xx body that is not a usable chat completion.
    struct MalformedReply: Error, CustomStringConvertible {
        let description: String
    }

    /// The `response_format` value of `mode`, or nil for `.none`.
    static func responseFormat(_ mode: StructuredOutput, options: ChatOptions) -> JSONValue? {
        let schema = options.schema ?? .object(["type": .string("object")])
        switch mode {
        case .jsonSchema:
            return .object([
                "type": .string("json_schema"),
                "json_schema": .object(["name": .string(options.schemaName), "schema": schema, "strict": .bool(options.strictSchema)]),
            ])
        case .jsonObjectWithSchema:
            return .object(["type": .string("json_object"), "schema": schema])
        case .jsonObject:
            return .object(["type": .string("json_object")])
        case .none, .auto:
            return nil
        }
    }

    /// The HTTP request for one mode.
    func makeRequest(messages: [ChatMessage], options: ChatOptions, mode: StructuredOutput, attempts: Int, faults: FaultCounts) throws -> HTTPRequest {
        let body = RequestBody(model: model, messages: messages, temperature: options.temperature, maxTokens: options.maxTokens, seed: options.seed, responseFormat: Self.responseFormat(mode, options: options))
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            data = try encoder.encode(body)
        } catch {
            throw ChatCompletionError(message: "cannot encode the request (is a schema number NaN or infinite?): \(error)", attempts: attempts, faults: faults, redacting: nil)
        }
        return .postJSON(endpoint, json: data, headers: apiKeyHeaders, timeout: options.timeout)
    }

    /// Decodes a 2xx body; throws ``MalformedReply`` when it is not a usable completion.
    @Sendable static func decode(_ response: HTTPResponse) throws -> Reply {
        let body: ResponseBody
        do {
            body = try JSONDecoder().decode(ResponseBody.self, from: response.body)
        } catch {
            throw MalformedReply(description: "not a chat completion: \(error)")
        }
        guard let choice = body.choices.first else { throw MalformedReply(description: "`choices` is empty") }
        guard let text = choice.message?.content else { throw MalformedReply(description: "`choices[0].message.content` is missing or null") }
        let usage = body.usage.map { TokenUsage(promptTokens: $0.promptTokens ?? 0, completionTokens: $0.completionTokens ?? 0, totalTokens: $0.totalTokens) } ?? TokenUsage()
        return Reply(text: text, usage: usage, finishReason: choice.finishReason, model: body.model)
    }
}
