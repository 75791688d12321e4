import Foundation
import Judging
import LLMClient
import Networking
import Testing
import TestSupport
@testable import Thresholds

/// `spb-analyze thresholds --pairs … --judge-*`: the generator's judge on labelled persona pairs.
@Suite("Judge: labelled persona pairs (loopback judge)")
struct PairJudgingTests {
    /// Four persona pairs: two duplicates ("twin" in the first background), two not.
    static func pairFile() throws -> URL {
        func persona(_ background: String) -> String {
            #"{"name": "N", "username": null, "age": 30, "traits": ["calm", "wry", "kind"], "background": "\#(background)", "chatting_style": "Short."}"#
        }
        let lines = [
            (1, "twin glassblower in a harbour town", "glassblower in a harbour town, reworded"),
            (1, "twin beekeeper on an island", "beekeeper on an island, retold"),
            (0, "tram driver in a river port", "tram driver in a mining valley"),
            (0, "court stenographer who sings", "court stenographer who carves spoons"),
        ].enumerated().map { index, pair in
            #"{"id": "t-\#(index)", "label": \#(pair.0), "kind": "k", "a": \#(persona(pair.1)), "b": \#(persona(pair.2))}"#
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("judge-pairs-\(UUID().uuidString.prefix(8)).jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("in-band pairs go to the judge; above the band duplicate, below not; P/R of both, calls and tokens reported")
    func judgedPairs() async throws {
        let url = try Self.pairFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let set = try PairFileReader.readDetectingPreset(url)
        #expect(set.pairs.count == 4 && set.hasPersonas)
        // First stage: pair 0 above the band, pairs 1 and 2 in it, pair 3 below; τ 0.5 calls 1 a non-duplicate and 2 a duplicate.
        let scores = [0.95, 0.45, 0.6, 0.1]
        let handler: LoopbackHTTPServer.Handler = { request in
            OpenAIScript.judgeVerdict(same: OpenAIScript.messageContents(of: request).last?.contains("twin") == true, reason: "scripted")
        }
        try await LoopbackHTTPServer.withServer(handler) { server in
            let client = ChatCompletionClient(baseURL: server.baseURL, model: "judge-m", apiKey: nil)
            let judge = PersonaJudge.live(client, options: PersonaJudge.options(timeout: .seconds(5), structuredOutput: .jsonSchema))
            let band = try #require(JudgeBand(low: 0.3, high: 0.9))
            let result = try await PairJudging.evaluate(set, scores: scores, scoreName: "cosine", threshold: 0.5, band: band, judgeAll: false, judge: judge)
            #expect(result.calls == 2 && server.requests.count == 2 && result.inBand == 2)
            #expect(result.firstStage.precision == 0.5 && result.firstStage.recall == 0.5)
            #expect(result.withJudge.precision == 1 && result.withJudge.recall == 1 && result.withJudge.f1 == 1)
            #expect(result.promptTokens == 180 && result.completionTokens == 30 && result.garbage == 0 && result.failures == 0)
            #expect(result.text().contains("in band: 2 of 4 pairs (50.0 %)"))
            let all = try await PairJudging.evaluate(set, scores: scores, scoreName: "cosine", threshold: 0.5, band: band, judgeAll: true, judge: judge)
            #expect(all.calls == 4 && all.withJudge.f1 == 1)
        }
    }

    @Test("a garbage verdict keeps the first stage's decision and is counted")
    func garbagePair() async throws {
        let url = try Self.pairFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let set = try PairFileReader.readDetectingPreset(url)
        try await LoopbackHTTPServer.withServer({ _ in OpenAIScript.chatCompletion(content: "no idea") }) { server in
            let judge = PersonaJudge.live(ChatCompletionClient(baseURL: server.baseURL, model: "m", apiKey: nil),
                                          options: PersonaJudge.options(timeout: .seconds(5), structuredOutput: .jsonSchema))
            let band = try #require(JudgeBand(low: 0.3, high: 0.9))
            let result = try await PairJudging.evaluate(set, scores: [0.95, 0.45, 0.6, 0.1], scoreName: "cosine", threshold: 0.5, band: band,
                                                        judgeAll: false, judge: judge)
            #expect(result.garbage == 2 && result.withJudge == result.firstStage)
        }
    }
}
