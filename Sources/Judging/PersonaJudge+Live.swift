import LLMClient
import Networking
import PersonaKit

extension PersonaJudge {
    /// Completion tokens a verdict may use (one boolean and one sentence).
    public static let maxTokens = 256

    /// The judge over an OpenAI-compatible endpoint: ``JudgePrompt`` messages, the ``JudgeVerdict``
    /// schema in the schema modes, the client's retries and structured-output fallback.
    /// - Parameters:
    ///   - client: the judge endpoint's client (its retry policy is the judge's).
    ///   - options: from ``options(timeout:structuredOutput:)``.
    public static func live(_ client: ChatCompletionClient, options: ChatOptions) -> PersonaJudge {
        PersonaJudge(model: client.model) { candidate, held in
            do {
                let completion = try await client.complete(messages: JudgePrompt.messages(candidate: candidate, held: held), options: options)
                return JudgeCall(verdict: JudgeVerdict.parse(completion.text), reply: completion.text,
                                 promptTokens: completion.usage.promptTokens, completionTokens: completion.usage.completionTokens,
                                 requests: completion.attempts, faults: completion.faults.list)
            } catch let error as ChatCompletionError {
                throw ChatFailure(error, context: "judge: ")
            }
        }
    }

    /// The judge's request settings: temperature 0, ``maxTokens``, the verdict schema.
    /// - Parameters:
    ///   - timeout: the deadline of each HTTP attempt (the generator's `--timeout`).
    ///   - structuredOutput: the structured-output mode (the generator's `--structured-output`).
    public static func options(timeout: Duration, structuredOutput: StructuredOutput) -> ChatOptions {
        ChatOptions(temperature: 0, maxTokens: maxTokens, timeout: timeout, structuredOutput: structuredOutput,
                    schema: JudgeVerdict.schema, schemaName: "judge_verdict")
    }
}
