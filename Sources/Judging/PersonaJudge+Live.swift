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
                                 requests: completion.attempts, faults: faultList(completion.faults))
            } catch let error as ChatCompletionError {
                var faults = faultList(error.faults)
                if faults.isEmpty, let kind = error.kind { faults = [kind.rawValue] }
                throw JudgeFailure(faults: faults, message: "judge: \(error.description)", diagnosis: error.diagnosis, reason: error.reason,
                                   requests: error.attempts)
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

    /// Fault counts as a flat list of kind names, one entry per fault.
    static func faultList(_ counts: FaultCounts) -> [String] {
        counts.kinds.flatMap { Array(repeating: $0.rawValue, count: counts[$0]) }
    }
}
