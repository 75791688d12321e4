import FieldScoring
import Foundation
@testable import Generation
import Judging
import LinearAlgebra
import LLMClient
import Networking
import PersonaKit
import RunFormat
import Testing
import TestSupport

/// The LLM judge of the gate's band, in process, against a scripted loopback judge server.
@Suite("Judge: the gate's ambiguous band (loopback judge)", .serialized)
struct JudgeGateTests {
    /// Seed persona 0 with most of its background rewritten: in the band of the bag-of-words cosine.
    static func nearSeed(_ variant: String) -> String {
        #"{"name": "X", "username": null, "age": 40, "traits": ["patient", "wry", "methodical"], "#
            + #""background": "Hospital pharmacist who restores old sewing machines on weekends, \#(variant).", "#
            + #""chatting_style": "Full sentences, one emoji at most, signs off with a dash."}"#
    }

    /// A persona unlike any seed.
    static func far(_ n: Int) -> String { ScriptedChat.distinctReply(n) }

    static let band = JudgeBand(low: 0.3, high: 0.99)

    /// A generator over `replies` (by arrival) whose judge is `server`.
    static func generator(_ replies: @escaping @Sendable (Int) -> String, server: LoopbackHTTPServer, target: Int = 1, concurrency: Int = 1,
                          threshold: Float = 0.8, maxCalls: Double = 10, timeout: Duration = .seconds(5), retries: Int = 2) -> PersonaGenerator {
        var config = GenerationConfig(target: target, seed: 3, concurrency: concurrency, threshold: threshold, model: "chat-model",
                                      maxAttempts: 12, score: .cosine)
        config.judge = JudgeSettings(model: "judge-model", band: band, maxCallsPerAccepted: maxCalls)
        let client = ChatCompletionClient(baseURL: server.baseURL, model: "judge-model", apiKey: nil,
                                          retry: RetryPolicy(maxAttempts: retries, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2)))
        let judge = PersonaJudge.live(client, options: PersonaJudge.options(timeout: timeout, structuredOutput: .jsonSchema))
        return PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: ScriptedChat().chat { n, _ in replies(n) },
                                encoder: BagOfWordsEncoder(), judge: judge)
    }

    static func lines(_ directory: URL, _ name: String) throws -> [[String: Any]] {
        let text = (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test("the in-band precondition holds: a near-seed reply scores inside the band against seed 0")
    func inBand() async throws {
        let encoder = BagOfWordsEncoder()
        let seed = PersonaTextTemplate.default.render(TestInputs.personas()[0])
        let reply = try #require(try? Persona(json: JSONValue.parse(Self.nearSeed("and sells them online to collectors abroad"))))
        let vectors = try await encoder.encode([seed, PersonaTextTemplate.default.render(reply)])
        let score = Double(BLAS.dot(vectors.row(0), vectors.row(1)))
        #expect(Self.band?.contains(score) == true && score >= 0.8, "cosine \(score)")
    }

    @Test("judge says same: rejected judged-duplicate with the reason; then a far reply is accepted without a call")
    func judgeSaysSame() async throws {
        let directory = TestInputs.temporaryDirectory()
        try await LoopbackHTTPServer.withServer({ _ in OpenAIScript.judgeVerdict(same: true, reason: "same pharmacist, reworded") }) { server in
            let summary = try await Self.generator({ $0 == 0 ? Self.nearSeed("and sells them online to collectors abroad") : Self.far($0) },
                                                   server: server).run(in: directory, mode: .fresh)
            #expect(summary.statistics.accepted == 1)
            #expect(summary.statistics.rejects[.judgedDuplicate] == 1)
            #expect(summary.statistics.judgeCalls == 1 && summary.statistics.judgeVerdicts["same"] == 1)
            #expect(summary.statistics.judgePromptTokens == 90 && summary.statistics.judgeCompletionTokens == 15)
            #expect(server.requests.count == 1 && OpenAIScript.isJudgeRequest(server.requests[0]))
            let format = try #require(OpenAIScript.responseFormat(of: server.requests[0]))
            #expect(format["type"] as? String == "json_schema")
            let rejected = try #require(try Self.lines(directory, RunFiles.rejected).first)
            #expect(rejected["reason"] as? String == "judged-duplicate")
            #expect(rejected["nearest_id"] as? String == TestInputs.inputs().seedIdentifier(0))
            let judge = try #require(rejected["judge"] as? [String: Any])
            #expect(judge["verdict"] as? String == "same" && judge["reason"] as? String == "same pharmacist, reworded")
            #expect(judge["model"] as? String == "judge-model" && judge["calls"] as? Int == 1)
            let events = try Self.lines(directory, RunFiles.events)
            #expect((events[0]["judge"] as? [String: Any])?["verdict"] as? String == "same")
            #expect(events[1]["judge"] == nil, "a reply below the band is decided without the judge")
        }
    }

    @Test("judge says different: an in-band candidate above τ is accepted")
    func judgeSaysDifferent() async throws {
        let directory = TestInputs.temporaryDirectory()
        try await LoopbackHTTPServer.withServer({ _ in OpenAIScript.judgeVerdict(same: false, reason: "another pharmacist") }) { server in
            let summary = try await Self.generator({ _ in Self.nearSeed("and sells them online to collectors abroad") }, server: server)
                .run(in: directory, mode: .fresh)
            #expect(summary.statistics.accepted == 1 && summary.statistics.attempts == 1)
            #expect(summary.statistics.judgeVerdicts["different"] == 1)
            let event = try #require(try Self.lines(directory, RunFiles.events).first)
            #expect(event["decision"] as? String == "accepted")
            #expect((event["judge"] as? [String: Any])?["reason"] as? String == "another pharmacist")
        }
    }

    @Test("garbage verdict: counted, and the first stage decides (cosine >= τ: near-duplicate)")
    func garbageFallsBack() async throws {
        let directory = TestInputs.temporaryDirectory()
        try await LoopbackHTTPServer.withServer({ _ in OpenAIScript.chatCompletion(content: "I think maybe? {\"same\": \"perhaps\"}") }) { server in
            let summary = try await Self.generator({ $0 == 0 ? Self.nearSeed("and sells them online to collectors abroad") : Self.far($0) },
                                                   server: server).run(in: directory, mode: .fresh)
            #expect(summary.statistics.rejects[.nearDuplicate] == 1)
            #expect(summary.statistics.judgeFallbacks["garbage"] == 1 && summary.statistics.judgeVerdicts["fallback"] == 1)
            let rejected = try #require(try Self.lines(directory, RunFiles.rejected).first)
            let judge = try #require(rejected["judge"] as? [String: Any])
            #expect(judge["fallback"] as? String == "garbage" && (judge["detail"] as? String)?.contains("perhaps") == true)
        }
    }

    @Test("judge times out: retried, then the first stage decides (below τ: accepted); faults counted")
    func timeoutFallsBack() async throws {
        let directory = TestInputs.temporaryDirectory()
        let slow = OpenAIScript.judgeVerdict(same: true, reason: "too late").delayed(by: .seconds(3))
        try await LoopbackHTTPServer.withServer({ _ in slow }) { server in
            let summary = try await Self.generator({ _ in Self.nearSeed("and sells them online to collectors abroad") }, server: server,
                                                   threshold: 0.99, timeout: .milliseconds(300), retries: 2).run(in: directory, mode: .fresh)
            #expect(summary.statistics.accepted == 1)
            #expect(server.requests.count == 2, "one retry")
            #expect(summary.statistics.judgeFaults["timeout"] == 2)
            #expect(summary.statistics.judgeFallbacks["failed"] == 1)
            #expect(summary.statistics.faults.isEmpty, "judge faults are counted apart from the chat's")
        }
    }

    @Test("the cap: with R = 0 no judge call is made; band candidates fall back, logged as cap")
    func cap() async throws {
        let directory = TestInputs.temporaryDirectory()
        try await LoopbackHTTPServer.withServer({ _ in OpenAIScript.judgeVerdict(same: false, reason: "x") }) { server in
            let summary = try await Self.generator({ $0 == 0 ? Self.nearSeed("and sells them online to collectors abroad") : Self.far($0) },
                                                   server: server, maxCalls: 0).run(in: directory, mode: .fresh)
            #expect(server.requests.isEmpty)
            #expect(summary.statistics.judgeCalls == 0 && summary.statistics.judgeFallbacks["cap"] == 1)
            #expect(summary.statistics.rejects[.nearDuplicate] == 1 && summary.statistics.accepted == 1)
            let judge = try #require(try Self.lines(directory, RunFiles.rejected).first?["judge"] as? [String: Any])
            #expect(judge["fallback"] as? String == "cap" && judge["calls"] as? Int == 0)
        }
    }

    @Test("two duplicates judged at once (concurrency 2, a slow 'different' for the seed): the second is re-screened against the first and rejected")
    func concurrentDuplicates() async throws {
        let directory = TestInputs.temporaryDirectory()
        // "different" against the seed, slowly; "same" when the kept persona is the twin accepted meanwhile.
        let handler: LoopbackHTTPServer.Handler = { request in
            let user = OpenAIScript.messageContents(of: request).last ?? ""
            let keptTwin = user.components(separatedBy: "KEPT PERSONA").dropFirst().contains { $0.contains("collectors abroad") }
            return keptTwin ? OpenAIScript.judgeVerdict(same: true, reason: "the twin")
                            : OpenAIScript.judgeVerdict(same: false, reason: "not the seed").delayed(by: .milliseconds(400))
        }
        try await LoopbackHTTPServer.withServer(handler) { server in
            let replies: @Sendable (Int) -> String = { n in
                n < 2 ? Self.nearSeed("and sells them online to collectors abroad" + (n == 0 ? "" : " too")) : Self.far(n)
            }
            let summary = try await Self.generator(replies, server: server, target: 2, concurrency: 2).run(in: directory, mode: .fresh)
            let events = try Self.lines(directory, RunFiles.events)
            let twins = events.filter { ($0["attempt"] as? Int).map { $0 <= 2 } == true }
            #expect(twins.count == 2)
            #expect(twins.filter { $0["decision"] as? String == "accepted" }.count == 1, "\(twins.map { $0["decision"] ?? "" })")
            let loser = try #require(twins.first { $0["decision"] as? String != "accepted" })
            let winner = try #require(twins.first { $0["decision"] as? String == "accepted" })
            #expect(loser["decision"] as? String == "judged-duplicate" && loser["nearest_id"] as? String == winner["id"] as? String,
                    "re-screened against the twin accepted meanwhile, and judged again")
            #expect((loser["judge"] as? [String: Any])?["calls"] as? Int == 2)
            #expect(server.requests.count == 3 && summary.statistics.accepted == 2)
        }
    }

    @Test("band edges: a score exactly LOW goes to the judge; exactly HIGH is rejected without a call")
    func bandEdges() throws {
        let held: [Float] = [1, 0], candidate: [Float] = [0.6, 0.8]
        let score = Double(BLAS.dot(held, candidate))
        func gate(low: Double, high: Double) throws -> DedupGate {
            let band = try #require(JudgeBand(low: low, high: high))
            var gate = DedupGate(mode: .semantic, threshold: 0.5, dimension: 2,
                                 firstStage: GateFirstStage(score: .cosine, threshold: 0.5, band: band))
            try gate.register(TestInputs.personas()[0], text: "held", embedding: held, id: "h")
            return gate
        }
        var atLow = try gate(low: score, high: 0.99)
        guard case let .judge(neighbours) = try atLow.admit(TestInputs.personas()[1], text: "cand", embedding: candidate, id: "c", mayJudge: true) else {
            Issue.record("a score exactly LOW goes to the judge")
            return
        }
        #expect(neighbours.map(\.id) == ["h"])
        var atHigh = try gate(low: 0.1, high: score)
        #expect(try atHigh.admit(TestInputs.personas()[1], text: "cand", embedding: candidate, id: "c", mayJudge: true)
            == .rejected(.nearDuplicate, nearest: DedupGate.Nearest(id: "h", score: Float(score))))
        var judged = try gate(low: score, high: 0.99)
        #expect(try judged.admit(TestInputs.personas()[1], text: "cand", embedding: candidate, id: "c", judged: ["h"], mayJudge: true)
            == .accepted(nearest: DedupGate.Nearest(id: "h", score: Float(score))), "judged different: accepted although above τ")
    }

    @Test("--score fields: rejections carry every component score; --resume rebuilds the bank from fields.f32")
    func fieldsScore() async throws {
        let directory = TestInputs.temporaryDirectory()
        var config = GenerationConfig(target: 2, seed: 3, concurrency: 1, model: "chat-model", maxAttempts: 10, score: .cosine)
        config.score = .fields
        let replies: @Sendable (Int) -> String = { n in n == 1 ? Self.nearSeed("").replacingOccurrences(of: ", .", with: ".") : Self.far(n) }
        let chat = ScriptedChat().chat { n, _ in replies(n) }
        let first = try await PersonaGenerator(config: config, inputs: TestInputs.inputs(), chat: chat, encoder: BagOfWordsEncoder())
            .run(in: directory, mode: .fresh)
        #expect(first.statistics.accepted == 2)
        let fields = try #require(try EmbeddingFile.read(directory.appendingPathComponent(RunFiles.fields)))
        #expect(fields.rows == 2 && fields.columns == 3 * 512)
        let rejected = try Self.lines(directory, RunFiles.rejected)
        let components = try #require(rejected.first?["nearest_components"] as? [String: Any], "\(rejected)")
        #expect(Set(components.keys) == ["cos_whole", "cos_background", "cos_traits", "cos_style", "trait_jaccard", "word_jaccard", "probability"])
        #expect((components["probability"] as? Double).map { $0 >= FieldScoreModel.fitted.decisionThreshold } == true)

        config.target = 3
        let resumed = try await PersonaGenerator(config: config, inputs: TestInputs.inputs(),
                                                 chat: ScriptedChat().chat { n, _ in
                                                     n == 0 ? Self.far(0).replacingOccurrences(of: "w0x13", with: "reworded") : Self.far(100 + n)
                                                 },
                                                 encoder: BagOfWordsEncoder()).run(in: directory, mode: .resume)
        #expect(resumed.statistics.accepted == 3)
        #expect(resumed.statistics.rejects[.exactDuplicate] == nil && resumed.statistics.rejects[.nearDuplicate] == 1,
                "the first accepted persona, written again, is caught by the rebuilt bank")
        #expect(try EmbeddingFile.read(directory.appendingPathComponent(RunFiles.fields))?.rows == 3)
    }
}
