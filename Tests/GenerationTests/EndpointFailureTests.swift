import Foundation
@testable import Generation
import LLMClient
import Networking
import RunFormat
import Testing
import TestSupport

/// When the generator gives up on its endpoint: a row of `maxConnectionFailures` attempts that
/// could not connect, or one fatal answer; never for transient faults or a shorter row.
@Suite("Endpoint failures stop the generator")
struct EndpointFailureTests {
    static let unreachable = ChatFailure(faults: ["unreachable", "unreachable"], message: "cannot connect", diagnosis: .unreachable,
                                         reason: "cannot connect to 127.0.0.1:9: connect(): Connection refused")

    func generator(_ chat: PersonaChat, count: Int, maxConnectionFailures: Int, concurrency: Int = 1) -> PersonaGenerator {
        let config = GenerationConfig(target: count, seed: 9, concurrency: concurrency, model: "scripted-model", maxAttempts: 40,
                                      maxConnectionFailures: maxConnectionFailures, score: .cosine)
        return PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: chat, encoder: BagOfWordsEncoder())
    }

    @Test("rows of connection failures shorter than the limit, each ended by an answer, never stop the run")
    func shortRowsContinue() async throws {
        let chat = ScriptedChat().chat { n, _ in
            if n % 3 != 2 { throw Self.unreachable }
            return ScriptedChat.distinctReply(n)
        }
        let summary = try await generator(chat, count: 3, maxConnectionFailures: 3).run(in: TestInputs.temporaryDirectory(), mode: .fresh)
        #expect(summary.completion == .reachedTarget)
        #expect(summary.endpointFailure == nil)
        #expect(summary.statistics.rejects[.llmError] == 6)
        #expect(summary.statistics.faults["unreachable"] == 12)
    }

    @Test("the limit's worth of connection failures in a row stops the run, files consistent")
    func fullRowStops() async throws {
        let directory = TestInputs.temporaryDirectory()
        let chat = ScriptedChat().chat { n, _ in
            if n < 2 { return ScriptedChat.distinctReply(n) }
            throw Self.unreachable
        }
        let summary = try await generator(chat, count: 10, maxConnectionFailures: 4).run(in: directory, mode: .fresh)
        #expect(summary.completion == .endpointFailed)
        #expect(summary.endpointFailure == EndpointFailure(diagnosis: .unreachable, inARow: 4, reason: Self.unreachable.reason ?? ""))
        #expect(summary.statistics.accepted == 2 && summary.statistics.attempts == 6)
        #expect(try GeneratorTests.lines(directory.appendingPathComponent(RunFiles.events)).count == 6)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(RunLock.fileName).path), "lock released")
    }

    @Test("a fatal answer stops at once; the attempts in flight are cancelled, not left half-written")
    func fatalStopsAtOnce() async throws {
        let directory = TestInputs.temporaryDirectory()
        let chat = PersonaChat { _, _ in
            throw ChatFailure(faults: ["clientError"], message: "HTTP 401", diagnosis: .keyRefused(status: 401), reason: "bad key")
        }
        let summary = try await generator(chat, count: 10, maxConnectionFailures: 8, concurrency: 4).run(in: directory, mode: .fresh)
        #expect(summary.completion == .endpointFailed)
        #expect(summary.endpointFailure?.diagnosis == .keyRefused(status: 401) && summary.endpointFailure?.inARow == 1)
        #expect(summary.statistics.attempts <= 4, "no attempt starts after the stop: \(summary.statistics.attempts)")
        #expect(try GeneratorTests.lines(directory.appendingPathComponent(RunFiles.events)).count == summary.statistics.attempts)
    }

    @Test("a run of transient 503s longer than the limit does not stop the run (only connection failures count)")
    func transientFaultsDoNotCount() async throws {
        let directory = TestInputs.temporaryDirectory()
        let handler = LoopbackHTTPServer.sequence(Array(repeating: OpenAIScript.error(status: 503, message: "overloaded", type: "server_error"), count: 5)
            + [OpenAIScript.chatCompletion(content: HTTPGenerationTests.persona)])
        try await LoopbackHTTPServer.withServer(handler) { server in
            let client = ChatCompletionClient(baseURL: server.baseURL, model: "m", apiKey: nil, retry: .never)
            let chat = PersonaChat.live(client, options: ChatOptions(timeout: .seconds(5), structuredOutput: .jsonObject))
            let summary = try await generator(chat, count: 1, maxConnectionFailures: 2).run(in: directory, mode: .fresh)
            #expect(summary.completion == .reachedTarget)
            #expect(summary.statistics.rejects[.llmError] == 5 && summary.statistics.faults["serverError"] == 5)
        }
    }

    @Test("the diagnosis of a final fault", arguments: [
        (FaultKind?.some(.unreachable), Int?.none, EndpointDiagnosis.unreachable),
        (.connection, nil, .transient), (.timeout, nil, .transient), (.serverError, 503, .transient), (.rateLimited, 429, .transient),
        (.invalidBody, 200, .transient), (.tooLarge, 200, .transient), (nil, nil, .transient), (.clientError, 408, .transient),
        (.clientError, 401, .keyRefused(status: 401)), (.clientError, 403, .keyRefused(status: 403)), (.clientError, 404, .notFound),
        (.clientError, 400, .rejected(status: 400)), (.clientError, 422, .rejected(status: 422)),
    ])
    func diagnosis(kind: FaultKind?, status: Int?, expected: EndpointDiagnosis) {
        let diagnosis = EndpointDiagnosis(kind: kind, status: status)
        #expect(diagnosis == expected)
        #expect(diagnosis.isFatal == ![.transient, .unreachable].contains(expected))
    }
}
