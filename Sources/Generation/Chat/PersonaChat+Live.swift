import Foundation
import LLMClient
import Networking
import PersonaKit

extension PersonaChat {
    /// The chat over an OpenAI-compatible endpoint.
    ///
    /// Each call sends the system and user messages with `options` (the persona JSON Schema
    /// is attached for the schema modes), and reports usage, HTTP attempts and the faults met.
    /// - Parameters:
    ///   - client: the configured chat-completions client (retry policy included).
    ///   - options: sampling, timeout and structured-output settings; `schema` defaults to ``personaSchema(rules:)``.
    public static func live(_ client: ChatCompletionClient, options: ChatOptions) -> PersonaChat {
        PersonaChat { system, user in
            do {
                let completion = try await client.complete(messages: [.system(system), .user(user)], options: options)
                return ChatReply(text: completion.text, promptTokens: completion.usage.promptTokens,
                                 completionTokens: completion.usage.completionTokens, requests: completion.attempts,
                                 faults: completion.faults.list)
            } catch let error as ChatCompletionError {
                throw ChatFailure(error)
            }
        }
    }

    /// The JSON Schema of a persona answer under `rules` (sent in the schema modes).
    ///
    /// Text fields carry `minLength: 1` because validation rejects blank ones: without it, a
    /// grammar-constrained small model (SmolLM2-135M through llama-cpp-python) closes
    /// `"background": ""` at once in about a quarter of its replies. They carry no `maxLength`: on
    /// llama.cpp the grammar cuts the string at exactly that many characters, mid-word (4 of 6
    /// Qwen2.5-Coder-1.5B backgrounds ended at character 300, "…but she is"), so the limits stay in the
    /// prompt and in validation, which rejects an over-long field instead of keeping a truncated one.
    public static func personaSchema(rules: ValidationRules = .card) -> JSONValue {
        let string: JSONValue = .object(["type": .string("string"), "minLength": .number(1)])
        return .object([
            "type": .string("object"),
            "properties": .object([
                "name": string,
                "username": .object(["type": .array([.string("string"), .string("null")])]),
                "age": .object(["type": .string("integer"), "minimum": .number(Double(rules.ages.lowerBound)),
                                "maximum": .number(Double(rules.ages.upperBound))]),
                "traits": .object(["type": .string("array"), "items": string,
                                   "minItems": .number(Double(rules.traitCount.lowerBound)),
                                   "maxItems": .number(Double(rules.traitCount.upperBound))]),
                "background": string,
                "chatting_style": string,
            ]),
            "required": .array(["name", "username", "age", "traits", "background", "chatting_style"].map(JSONValue.string)),
            "additionalProperties": .bool(false),
        ])
    }
}
